using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Anpr.AnprFactory;

namespace Waymark.Server.Tests.Anpr;

public sealed class AnprIngestionTests(AnprFactory factory) : IClassFixture<AnprFactory>
{
    private const string Purpose = "purpose=" + "locate%20vehicle%20in%20theft%20series&reference=OP-TEST";

    [Fact]
    public async Task MixedBatch_KeepsTheGoodReads_AndNamesEachRefusal()
    {
        var machine = factory.Machine(factory.PoliceKey);
        var t = Now.AddMinutes(-30);
        var body = await SendAsync(machine,
            Read("CAM-1", t, "mx51 abc"),                     // 0 stored
            Read("CAM-2", t.AddMinutes(2), "MX51ABC"),        // 1 stored
            Read("CAM-2", t.AddMinutes(2), "MX51 ABC"),       // 2 the same read again: stored once
            Read("NO-SUCH-CAM", t, "MX51ABC"),                // 3 unknown camera
            Read("RAIL-1", t, "MX51ABC"),                     // 4 the rail partner's camera
            Read("CAM-B", t, "MX51ABC"),                      // 5 bound to another key
            Read("CAM-3", Now.AddHours(2), "MX51ABC"),        // 6 two hours in the future
            Read("CAM-3", Now.AddDays(-400), "MX51ABC"),      // 7 older than 12 months
            Read("CAM-3", t, "MX5? ABC"),                     // 8 OCR could not read a character
            Read("CAM-3", t.AddMinutes(4), "MX51ABC", confidence: 140)); // 9 confidence out of range

        Assert.Equal(10, (int)body["received"]!);
        Assert.Equal(2, (int)body["stored"]!);
        Assert.Equal(1, (int)body["duplicates"]!);
        Assert.Equal(7, (int)body["rejected"]!);
        var reasons = body["rejections"]!.AsArray().ToDictionary(r => (int)r!["index"]!, r => ((string)r!["field"]!, (string)r!["reason"]!));
        Assert.Equal(("camera", "unknown camera"), reasons[3]);
        Assert.Equal(("camera", "camera belongs to another organisation"), reasons[4]);
        Assert.Equal(("camera", "camera key used for another camera"), reasons[5]);
        Assert.Equal(("time", "time is in the future"), reasons[6]);
        Assert.Equal(("time", "time is older than the retention period (365 days)"), reasons[7]);
        Assert.Equal(("plate", "malformed plate"), reasons[8]);
        Assert.Equal("confidence", reasons[9].Item1);

        // Sent again: nothing new.
        var again = await SendAsync(machine, Read("CAM-1", t, "MX51ABC"), Read("CAM-2", t.AddMinutes(2), "MX51ABC"));
        Assert.Equal(0, (int)again["stored"]!);
        Assert.Equal(2, (int)again["duplicates"]!);

        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var moves = await analyst.GetJsonAsync($"/api/anpr/movements?plate=MX51ABC&from={Q(t.AddHours(-1))}&to={Q(Now)}&{Purpose}");
        Assert.Equal(2, (int)moves["count"]!);
        Assert.Equal(["CAM-1", "CAM-2"], moves["reads"]!.AsArray().Select(r => (string)r!["camera"]!["code"]!));
        Assert.Equal("Current", (string)moves["format"]!);
    }

    [Fact]
    public async Task BoundKey_SendsForItsCameraOnly()
    {
        var machine = factory.Machine(factory.BoundKey);
        var t = Now.AddMinutes(-20);
        var body = await SendAsync(machine, Read("CAM-B", t, "BK12 KEY"), Read("CAM-1", t, "BK12 KEY"));
        Assert.Equal(1, (int)body["stored"]!);
        var refusal = Assert.Single(body["rejections"]!.AsArray())!;
        Assert.Equal(1, (int)refusal["index"]!);
        Assert.Equal("camera key used for another camera", (string)refusal["reason"]!);
    }

    [Fact]
    public async Task NdjsonAndCsv_AreAccepted_WithLineNumbersAndFormatsRecorded()
    {
        var machine = factory.Machine(factory.PoliceKey);
        var t = Now.AddMinutes(-50);
        string Iso(DateTime d) => d.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var ndjson = $"{{\"camera\":\"CAM-1\",\"time\":\"{Iso(t)}\",\"plate\":\"A123 BCD\"}}\n\n{{\"camera\":\"CAM-1\",\"time\":\"{Iso(t)}\",\"plate\":\"ABC 123D\"}}\nnot json\n";
        var nd = await SendTextAsync(machine, ndjson, "application/x-ndjson");
        Assert.Equal(2, (int)nd["stored"]!);
        var bad = Assert.Single(nd["rejections"]!.AsArray())!;
        Assert.Equal(4, (int)bad["line"]!);

        var csv = $"camera,time,plate,confidence,lane,country\nCAM-2,{Iso(t)},ABZ 1234,88,1,\nCAM-2,{Iso(t)},B MW 1234,90,2,D\nCAM-2,{Iso(t)},,90,2,\nCAM-2,yesterday,AB12CDE,90,2,\n";
        var c = await SendTextAsync(machine, csv, "text/csv");
        Assert.Equal(2, (int)c["stored"]!);
        Assert.Equal([(4, "plate is missing"), (5, "time is not an ISO 8601 instant with Z or an offset")],
            c["rejections"]!.AsArray().Select(r => ((int)r!["line"]!, (string)r!["reason"]!)));

        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        async Task<string> FormatOf(string plate) =>
            (string)(await analyst.GetJsonAsync($"/api/anpr/movements?plate={Uri.EscapeDataString(plate)}&from={Q(t.AddHours(-1))}&to={Q(Now)}&{Purpose}"))["reads"]![0]!["format"]!;
        Assert.Equal("Prefix", await FormatOf("A123BCD"));
        Assert.Equal("Suffix", await FormatOf("ABC123D"));
        Assert.Equal("NorthernIreland", await FormatOf("ABZ1234"));
        Assert.Equal("Foreign", await FormatOf("BMW1234")); // the camera said D(eutschland); as a GB shape it would not be
    }

    [Fact]
    public async Task OversizedBatch_KeepsTheFirst50_AndRefusesTheRestEach()
    {
        var machine = factory.Machine(factory.PoliceKey);
        var t = Now.AddHours(-3);
        var reads = Enumerable.Range(0, 53).Select(i => Read("CAM-4", t.AddSeconds(i), $"OV{i:00}XYZ")).ToArray();
        var body = await SendAsync(machine, reads);
        Assert.Equal(50, (int)body["stored"]!);
        Assert.Equal([50, 51, 52], body["rejections"]!.AsArray().Select(r => (int)r!["index"]!));
        Assert.All(body["rejections"]!.AsArray(), r => Assert.Equal("batch", (string)r!["field"]!));
    }

    [Fact]
    public async Task BrokenJson_StoresNothing_AndPeopleCannotSendReads()
    {
        var machine = factory.Machine(factory.PoliceKey);
        var t = Now.AddMinutes(-5);
        var response = await machine.PostAsync("/api/anpr/reads", new StringContent(
            $"[{{\"camera\":\"CAM-1\",\"time\":\"{t:yyyy-MM-ddTHH:mm:ssZ}\",\"plate\":\"BR0KEN1\"}}, {{\"camera\":", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (string)(await response.JsonAsync())["field"]!);

        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var moves = await analyst.GetJsonAsync($"/api/anpr/movements?plate=BR0KEN1&{Purpose}");
        Assert.Equal(0, (int)moves["count"]!);

        var person = await analyst.PostAsJsonAsync("/api/anpr/reads", new[] { Read("CAM-1", t, "AB12CDE") });
        Assert.Equal(HttpStatusCode.Forbidden, person.StatusCode);
        var rail = factory.Machine(factory.RailKey);
        var railBody = await SendAsync(rail, Read("RAIL-1", t, "RL12 AAA"), Read("CAM-1", t, "RL12 AAA"));
        Assert.Equal(1, (int)railBody["stored"]!); // the partner's own camera feeds the store; the police camera is refused
    }

    [Fact]
    public async Task HotlistHit_WritesOneOutboxAlertToTheOwnerWithCameraTimePlaceAndDirection_InTheBatchTransaction()
    {
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        var entry = await officer.PostJsonAsync("/api/anpr/hotlist",
            new { plate = "ht12 hot", reason = "stolen", action = "Stop and arrest; vehicle taken in burglary", source = "PNC" }, HttpStatusCode.Created);
        var other = await factory.LoginAsync(WaymarkFactory.OtherPoliceAnalyst);
        await other.PostJsonAsync("/api/anpr/hotlist", new { plate = "HT12HOT", reason = "intelligence", action = "Do not stop; inform OIC", source = "Op Copper" }, HttpStatusCode.Created);

        var rail = factory.Machine(factory.RailKey);
        var t = Now.AddMinutes(-1);
        var body = await SendAsync(rail, Read("RAIL-1", t, "HT12HOT"), Read("RAIL-1", t.AddSeconds(5), "NOT0HOT"));
        Assert.Equal(2, (int)body["hotlistHits"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var events = (await db.Set<OutboxEvent>().AsNoTracking().Where(e => e.Kind == OutboxEventKinds.Directed).ToListAsync())
            .Select(e => JsonDocument.Parse(e.Payload).RootElement)
            .Where(p => p.GetProperty("kind").GetString() == AlertKinds.AnprHotlistHit && p.GetProperty("evidence").GetProperty("plate").GetString() == "HT12HOT").ToList();
        var mine = Assert.Single(events, p => p.GetProperty("recipients")[0].GetGuid() == factory.Police.Id);
        Assert.Equal(1, mine.GetProperty("recipients").GetArrayLength());
        Assert.Equal($"anpr-hotlist:{entry["id"]}", mine.GetProperty("dedupKey").GetString());
        var evidence = mine.GetProperty("evidence");
        Assert.Equal("RAIL-1", evidence.GetProperty("camera").GetString());
        Assert.Equal("S", evidence.GetProperty("direction").GetString());
        Assert.Equal(t, evidence.GetProperty("readAt").GetDateTime().ToUniversalTime());
        Assert.True(evidence.TryGetProperty("arrivedAt", out _));
        Assert.Equal("Stop and arrest; vehicle taken in burglary", evidence.GetProperty("action").GetString());
        Assert.Equal(Positions["RAIL-1"].Lat, mine.GetProperty("latitude").GetDouble(), 6);
        Assert.Contains("HT12HOT", mine.GetProperty("title").GetString(), StringComparison.Ordinal);
        // The other force gets its own alert, carrying its own entry's action and nothing of the first force's.
        var theirs = Assert.Single(events, p => p.GetProperty("recipients")[0].GetGuid() == factory.OtherPolice.Id);
        Assert.DoesNotContain("burglary", theirs.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(events, p => p.GetProperty("recipients").EnumerateArray().Any(r => r.GetGuid() == factory.Rail.Id));

        // A repeated read is not a new pass: no new alert. The next pass is a new event with the same DedupKey.
        var repeat = await SendAsync(rail, Read("RAIL-1", t, "HT12HOT"));
        Assert.Equal(0, (int)repeat["hotlistHits"]!);
        var next = await SendAsync(rail, Read("RAIL-1", t.AddSeconds(30), "HT12HOT"));
        Assert.Equal(2, (int)next["hotlistHits"]!);

        // Taken off the list: no more hits.
        await officer.DeleteAsync($"/api/anpr/hotlist/{entry["id"]}");
        var after = await SendAsync(rail, Read("RAIL-1", t.AddSeconds(40), "HT12HOT"));
        Assert.Equal(1, (int)after["hotlistHits"]!);
    }

    [Fact]
    public async Task HotlistHits_AreAlertsWhenTheBatchAnswers_OnePerEntryEvenTwiceInOneBatch()
    {
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await officer.PostJsonAsync("/api/anpr/hotlist", new { plate = "DD12 HOT", reason = "stolen", action = "Stop", source = "PNC" }, HttpStatusCode.Created);
        var rail = factory.Machine(factory.RailKey);
        var t = Now.AddMinutes(-3);
        var body = await SendAsync(rail, Read("RAIL-1", t, "DD12HOT"), Read("RAIL-1", t.AddSeconds(20), "DD12HOT"));
        Assert.Equal(2, (int)body["hotlistHits"]!);

        // Decided in the batch's own transaction: the alert exists when the answer comes, with no dispatch round to wait
        // for, and its two passes are one alert seen twice rather than two alerts.
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var alert = Assert.Single(await db.Set<Alert>().AsNoTracking().Where(a => a.Kind == AlertKinds.AnprHotlistHit && a.Title.Contains("DD12HOT")).ToListAsync());
        Assert.Equal(factory.Police.Id, alert.OrganisationId);
        Assert.Equal(2, alert.Occurrences);
        Assert.Empty(await db.Set<OutboxEvent>().AsNoTracking().Where(e => e.ProcessedAt == null && e.Payload.Contains("DD12HOT")).ToListAsync());
    }

    [Fact]
    public async Task HotlistUpload_AddsGoodRows_AndReportsEachBadRowWithItsLine()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var csv = "plate,reason,action,source,expires\n" +
                  "UP12 AAA,stolen,Stop,PNC,\n" +
                  "UP12 A?A,stolen,Stop,PNC,\n" +
                  "UP12 BBB,joyriding,Stop,PNC,\n" +
                  "UP12 CCC,wanted,Arrest,Warrant 123,2099-01-01\n" +
                  "UP12 DDD,no-insurance,Seize,MID,2001-01-01\n";
        var content = new MultipartFormDataContent { { new StringContent(csv), "file", "hotlist.csv" } };
        var response = await analyst.PostAsync("/api/anpr/hotlist/upload", content);
        var body = await response.JsonAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(5, (int)body["rows"]!);
        Assert.Equal(2, (int)body["added"]!);
        Assert.Equal([(3, "plate"), (4, "reason"), (6, "expires")], body["rejections"]!.AsArray().Select(r => ((int)r!["line"]!, (string)r!["field"]!)));

        var list = await analyst.GetJsonAsync("/api/anpr/hotlist");
        Assert.Contains(list.AsArray(), e => (string)e!["plate"]! == "UP12CCC");
        var otherForce = await factory.LoginAsync(WaymarkFactory.OtherPoliceAnalyst);
        Assert.DoesNotContain((await otherForce.GetJsonAsync("/api/anpr/hotlist")).AsArray(), e => ((string)e!["plate"]!).StartsWith("UP12", StringComparison.Ordinal));
        var partner = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/anpr/hotlist")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.PostAsJsonAsync("/api/anpr/hotlist", new { plate = "AB12CDE", reason = "stolen", action = "x", source = "y" })).StatusCode);
    }

    [Fact]
    public async Task Cameras_PoliceSeeAll_PartnersOnlyTheirOwn_AndOnlyTheOwnersAdminChangesThem()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var all = (await analyst.GetJsonAsync("/api/anpr/cameras")).AsArray();
        Assert.Equal(6, all.Count);
        var cam1 = all.First(c => (string)c!["code"]! == "CAM-1")!;
        Assert.Equal("N", (string)cam1["direction"]!);
        Assert.NotNull(cam1["easting"]);

        var partner = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(["RAIL-1"], (await partner.GetJsonAsync("/api/anpr/cameras")).AsArray().Select(c => (string)c!["code"]!));

        var railAdmin = await factory.LoginAsync(AnprFactory.RailAdmin);
        Assert.Equal(HttpStatusCode.NotFound, (await railAdmin.PutAsJsonAsync($"/api/anpr/cameras/{cam1["id"]}", new { status = "Faulty" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PutAsJsonAsync($"/api/anpr/cameras/{cam1["id"]}", new { status = "Faulty" })).StatusCode);

        var admin = await factory.LoginAsync(WaymarkFactory.Admin);
        var bad = await admin.PostAsJsonAsync("/api/anpr/cameras", new { code = "PARIS-1", name = "Paris", latitude = 48.8566, longitude = 2.3522, bearing = 400 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.JsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("latitude", errors);
        Assert.Contains("bearing", errors);
    }
}
