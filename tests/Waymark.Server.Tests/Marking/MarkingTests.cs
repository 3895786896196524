using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Marking;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Marking;

public sealed class MarkingTests(MarkingFactory factory) : IClassFixture<MarkingFactory>
{
    private static readonly string[] TwoOfficers = ["PC 2231 Reid", "PCSO 40 Walsh"];

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    /// <summary>A household programme of the test force with a fresh prefix, a batch of 50 codes and the eight seeded areas.</summary>
    private async Task<(HttpClient Client, string Id, string Prefix)> ProgrammeAsync(bool withAreas = true)
    {
        var client = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var prefix = "T" + Guid.NewGuid().ToString("N")[..3].ToUpperInvariant();
        var p = await client.PostJsonAsync("/api/marking/programmes", new { name = "Household marking " + prefix, prefix, kind = "household" }, HttpStatusCode.Created);
        var id = (string)p["id"]!;
        Assert.Equal(0.85, (double)p["saturationTarget"]!);
        await client.PostJsonAsync($"/api/marking/programmes/{id}/batches", new { count = 50, note = "first print run" }, HttpStatusCode.Created);
        if (withAreas)
        {
            var csv = new StringBuilder("area_code,area_name,households,target,marking_started\n");
            foreach (var (area, _, _, treated) in MarkingFactory.Areas)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{area},Area {area[^2..]},{(treated ? 40 : 60)},{(treated ? "yes" : "no")},{(treated ? factory.MarkingStarted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")}\n");
            }

            var upload = await client.PostAsync($"/api/marking/programmes/{id}/areas", Csv(csv.ToString()));
            Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        }

        return (client, id, prefix);
    }

    private static object Household(string code, string area = "E01000001", string name = "Mrs A. Patel") => new
    {
        code,
        holderKind = "household",
        holderName = name,
        address = "12 Mill Lane, Lincoln",
        postcode = "ln1 3bt",
        lsoaCode = area,
        items = new[] { new { description = "Laptop", make = "Dell", serial = "CN-0X1234", photoReference = "IMG_0042.jpg" } },
    };

    [Fact]
    public async Task IssueBatches_AtTheSameMoment_NeverShareASerial()
    {
        var (client, id, _) = await ProgrammeAsync(withAreas: false);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.PostAsJsonAsync($"/api/marking/programmes/{id}/batches", new { count = 100 })));
        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Created);

        // The first batch (50 codes) and every batch issued now cover serials 0 … n-1 once each, with no overlap.
        var batches = (await client.GetJsonAsync($"/api/marking/programmes/{id}/batches")).AsArray()
            .Select(b => (First: (long)b!["firstSerial"]!, Count: (int)b["count"]!)).OrderBy(b => b.First).ToList();
        Assert.Equal(1 + answers.Count(a => a.StatusCode == HttpStatusCode.Created), batches.Count);
        var next = 0L;
        foreach (var (first, count) in batches)
        {
            Assert.Equal(next, first);
            next += count;
        }

        var programme = await client.GetJsonAsync($"/api/marking/programmes/{id}");
        Assert.Equal(next, (long)programme["codesIssued"]!);
    }

    [Fact]
    public async Task IssueAndRegister_ChecksTheCodeAndRefusesASecondHolder()
    {
        var (client, id, prefix) = await ProgrammeAsync(withAreas: false);
        var batches = await client.GetJsonAsync($"/api/marking/programmes/{id}/batches");
        Assert.Equal(MarkingCode.Issue(prefix, 0).Display, (string)batches[0]!["firstCode"]!);
        Assert.Equal(MarkingCode.Issue(prefix, 49).Display, (string)batches[0]!["lastCode"]!);

        var codes = await (await client.GetAsync($"/api/marking/programmes/{id}/batches/{(string)batches[0]!["id"]!}/codes.csv")).Content.ReadAsStringAsync();
        Assert.Equal(51, codes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var code = MarkingCode.Issue(prefix, 7);
        var registered = await client.PostJsonAsync($"/api/marking/programmes/{id}/registrations", Household(code.Display.ToLowerInvariant()), HttpStatusCode.Created);
        Assert.Equal(code.Display, (string)registered["code"]!);
        Assert.Equal("LN1 3BT", (string)registered["postcode"]!);

        // A second holder for the same code is refused.
        var again = await client.PostAsJsonAsync($"/api/marking/programmes/{id}/registrations", Household(code.Value, name: "Mr B. Jones"));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("registered to another holder", (string)(await again.JsonAsync())["detail"]!, StringComparison.Ordinal);

        // A code not yet issued (serial 50 of a 50-code batch) and a mistyped code are refused, naming the field.
        var unissued = await client.PostAsJsonAsync($"/api/marking/programmes/{id}/registrations", Household(MarkingCode.Issue(prefix, 50).Value));
        Assert.Equal(HttpStatusCode.BadRequest, unissued.StatusCode);
        Assert.Contains("has not been issued", (string)(await unissued.JsonAsync())["errors"]!["code"]![0]!, StringComparison.Ordinal);

        var typo = Typo(MarkingCode.Issue(prefix, 8));
        var bad = await client.PostAsJsonAsync($"/api/marking/programmes/{id}/registrations", Household(typo));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.JsonAsync();
        Assert.Contains("not a valid code", (string)body["errors"]!["code"]![0]!, StringComparison.Ordinal);
        Assert.Contains(MarkingCode.Issue(prefix, 8).Display, body["likelyCodes"]!.AsArray().Select(c => (string)c!));

        var missing = await client.PostAsJsonAsync($"/api/marking/programmes/{id}/registrations", new { code = MarkingCode.Issue(prefix, 9).Value, holderKind = "household", holderName = "X" });
        var errors = (await missing.JsonAsync())["errors"]!.AsObject();
        Assert.Contains("address", errors.Select(e => e.Key));
        Assert.Contains("postcode", errors.Select(e => e.Key));
    }

    /// <summary>The code with its seventh character changed to another: the check character no longer matches.</summary>
    private static string Typo(MarkingCode code)
    {
        var s = code.Value.ToCharArray();
        s[6] = s[6] == '0' ? '1' : '0';
        return new string(s);
    }

    [Fact]
    public async Task AreasCsv_ZeroHouseholdsIsRejectedWithItsLine_AndNothingIsSaved()
    {
        var (client, id, _) = await ProgrammeAsync(withAreas: false);
        var response = await client.PostAsync($"/api/marking/programmes/{id}/areas",
            Csv("area_code,area_name,households\nE01000001,Abbey,40\nE01000002,Carholme,0\nE01000003,Castle,many\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var rejected = (await response.JsonAsync())["rejected"]!.AsArray();
        Assert.Equal([3, 4], rejected.Select(r => (int)r!["line"]!));
        Assert.Contains("at least one household", (string)rejected[0]!["reason"]!, StringComparison.Ordinal);
        Assert.Empty((await client.GetJsonAsync($"/api/marking/programmes/{id}/areas")).AsArray());
    }

    [Fact]
    public async Task KitsAndRegistrations_GiveSaturationPerAreaAgainstTheTarget()
    {
        var (client, id, prefix) = await ProgrammeAsync();
        // E01000001 has 40 households: 34 registered is exactly 85%; E01000002 (40): 10 registered is 25%.
        for (var i = 0; i < 44; i++)
        {
            var area = i < 34 ? "E01000001" : "E01000002";
            await client.PostJsonAsync($"/api/marking/programmes/{id}/registrations", Household(MarkingCode.Issue(prefix, i).Value, area, $"Holder {i}"), HttpStatusCode.Created);
        }

        await client.PostJsonAsync($"/api/marking/programmes/{id}/kits",
            new { deliveredBy = "PC 1234 Reid", deliveredAt = DateTime.UtcNow.AddDays(-3), address = "14 Mill Lane, Lincoln", postcode = "LN1 3BT", lsoaCode = "E01000002", code = MarkingCode.Issue(prefix, 45).Display },
            HttpStatusCode.Created);
        var kitCsv = "delivered_by,delivered_at,address,postcode,lsoa_code,code\nPCSO Walsh,2026-01-10T10:00:00Z,1 Park Road,LN2 1AA,E01000002,\nPCSO Walsh,2026-01-10T10:30:00Z,,LN2 1AB,E01000002,\n";
        var badKits = await client.PostAsync($"/api/marking/programmes/{id}/kits/import", Csv(kitCsv));
        Assert.Equal(HttpStatusCode.BadRequest, badKits.StatusCode);
        Assert.Equal(3, (int)(await badKits.JsonAsync())["rejected"]![0]!["line"]!);
        var goodKits = await client.PostAsync($"/api/marking/programmes/{id}/kits/import", Csv(kitCsv.Replace(",,LN2 1AB", ",3 Park Road,LN2 1AB", StringComparison.Ordinal)));
        Assert.Equal(2, (int)(await goodKits.JsonAsync())["recorded"]!);

        var s = await client.GetJsonAsync($"/api/marking/programmes/{id}/saturation");
        var areas = s["areas"]!.AsArray();
        var a1 = areas.Single(a => (string)a!["areaCode"]! == "E01000001")!;
        var a2 = areas.Single(a => (string)a!["areaCode"]! == "E01000002")!;
        Assert.Equal(34, (int)a1["registeredHouseholds"]!);
        Assert.Equal(0.85, (double)a1["saturation"]!, 9);
        Assert.True((bool)a1["meetsTarget"]!);
        Assert.Equal(0.25, (double)a2["saturation"]!, 9);
        Assert.Equal(24, (int)a2["kitsToTarget"]!); // ⌈0.85 × 40⌉ − 10
        Assert.Equal(3, (int)a2["kitsDelivered"]!);
        // Target areas: 4 × 40 = 160 households, 44 registered.
        Assert.Equal(160, (int)s["targetHouseholds"]!);
        Assert.Equal(44 / 160.0, (double)s["saturation"]!, 9);
        Assert.Equal(1, (int)s["areasMeetingTarget"]!);

        var geo = JsonNode.Parse(await (await client.GetAsync($"/api/marking/programmes/{id}/saturation.geojson")).Content.ReadAsStringAsync())!;
        Assert.Equal("FeatureCollection", (string)geo["type"]!);
        Assert.Equal(0.85, (double)geo["features"]!.AsArray().Single(f => (string)f!["properties"]!["code"]! == "E01000001")!["properties"]!["saturation"]!);

        // A boundary makes the area a polygon on the choropleth.
        var boundary = new { type = "FeatureCollection", features = new[] { new { type = "Feature", properties = new { LSOA21CD = "E01000001" },
            geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { -0.55, 53.23 }, new[] { -0.54, 53.23 }, new[] { -0.54, 53.24 }, new[] { -0.55, 53.24 }, new[] { -0.55, 53.23 } } } } } } };
        var up = await client.PostAsync($"/api/marking/programmes/{id}/boundaries", new StringContent(JsonSerializer.Serialize(boundary), Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        geo = JsonNode.Parse(await (await client.GetAsync($"/api/marking/programmes/{id}/saturation.geojson")).Content.ReadAsStringAsync())!;
        Assert.Equal("Polygon", (string)geo["features"]!.AsArray().Single(f => (string)f!["properties"]!["code"]! == "E01000001")!["geometry"]!["type"]!);

        var progress = await client.GetJsonAsync($"/api/marking/programmes/{id}/progress");
        var last = progress["months"]!.AsArray()[^1]!;
        Assert.Equal(44, (int)last["registeredHouseholds"]!);
        Assert.Equal(3, (int)last["kitsDelivered"]!);
    }

    [Fact]
    public async Task Trace_AnswersHolderItemsAndCrime_AuditsWithPurpose_AndAlertsOwnerAndCrimeOwner()
    {
        var (coordinator, id, prefix) = await ProgrammeAsync(withAreas: false);
        var code = MarkingCode.Issue(prefix, 3);
        await coordinator.PostJsonAsync($"/api/marking/programmes/{id}/registrations", Household(code.Value), HttpStatusCode.Created);

        // Another force records a burglary in which the marked laptop was stolen (code typed with hyphens, lower case).
        var other = await factory.LoginAsync(WaymarkFactory.OtherPoliceAnalyst);
        var crime = await other.PostJsonAsync("/api/crimes", new
        {
            category = "burglary-residential",
            occurredFrom = DateTime.UtcNow.AddDays(-10),
            latitude = 53.2307,
            longitude = -0.5406,
            visibility = "LawEnforcement",
            propertyStolen = new[] { new { type = "laptop", description = "Dell laptop", markingCode = code.Display.ToLowerInvariant() } },
            personal = new { officerInCharge = "DC Okafor", victimName = "A. Patel" },
        }, HttpStatusCode.Created);
        var crimeId = (string)crime["id"]!;

        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        var noPurpose = await officer.GetAsync($"/api/marking/trace/{code.Value}");
        Assert.Equal(HttpStatusCode.BadRequest, noPurpose.StatusCode);
        Assert.Contains("purpose", (await noPurpose.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));

        var purpose = "recovered property, custody record 77/" + prefix;
        var trace = await officer.GetJsonAsync($"/api/marking/trace/{code.Display}?purpose={Uri.EscapeDataString(purpose)}&context=custody");
        Assert.Equal("registered", (string)trace["status"]!);
        Assert.Equal("Test Constabulary", (string)trace["programme"]!["ownerOrganisation"]!);
        Assert.Equal("Mrs A. Patel", (string)trace["holder"]!["name"]!);
        Assert.Equal("Laptop", (string)trace["items"]![0]!["description"]!);
        var stolen = Assert.Single(trace["stolenIn"]!.AsArray());
        Assert.Equal(crimeId, (string)stolen!["id"]!);
        Assert.Equal("DC Okafor", (string)stolen["officerInCharge"]!);
        Assert.Equal("Other Constabulary", (string)stolen["ownerOrganisation"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var audit = await db.AuditEntries.Where(a => a.Action == "marking.trace" && a.RecordId == code.Value).ToListAsync();
        var entry = Assert.Single(audit);
        Assert.Equal(purpose, entry.Purpose);
        Assert.StartsWith("registered; custody; 1 crimes", entry.Detail, StringComparison.Ordinal);

        var alerts = (await db.Set<OutboxEvent>().Where(e => e.Kind == OutboxEventKinds.Directed).ToListAsync())
            .Select(e => JsonSerializer.Deserialize<DirectedAlert>(e.Payload, Waymark.Server.Json.Options)!)
            .Where(a => a.Kind == AlertKinds.ForensicCodeTraced && a.Title.Contains(code.Display, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, alerts.Count);
        var toOwner = alerts.Single(a => a.Recipients.SequenceEqual([factory.Police.Id]));
        var toCrimeOwner = alerts.Single(a => a.Recipients.SequenceEqual([factory.OtherPolice.Id]));
        Assert.Empty(toOwner.Evidence!["crimes"]!.AsArray()); // the owner is not shown the other force's crime
        Assert.Equal(crimeId, (string)toCrimeOwner.Evidence!["crimes"]![0]!["id"]!);
        Assert.Equal("DC Okafor", (string)toCrimeOwner.Evidence!["crimes"]![0]!["officerInCharge"]!);
        foreach (var alert in alerts)
        {
            var text = JsonSerializer.Serialize(alert, Api.Web);
            Assert.DoesNotContain("Patel", text, StringComparison.Ordinal); // holder and victim never leave the audited trace
            Assert.DoesNotContain("Mill Lane", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Trace_BadAndUnknownCodes_AreAnsweredAndStillAudited()
    {
        var (coordinator, id, prefix) = await ProgrammeAsync(withAreas: false);
        var registered = MarkingCode.Issue(prefix, 11);
        await coordinator.PostJsonAsync($"/api/marking/programmes/{id}/registrations", Household(registered.Value), HttpStatusCode.Created);
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);

        var typo = Typo(registered);
        var bad = await officer.GetAsync($"/api/marking/trace/{typo}?purpose=shop+scan");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var body = await bad.JsonAsync();
        Assert.Equal("Not a valid code", (string)body["title"]!);
        Assert.Equal([registered.Display], body["likelyCodes"]!.AsArray().Select(c => (string)c!));

        var unissued = MarkingCode.Issue(prefix, 2000);
        var batch = await officer.PostJsonAsync("/api/marking/trace", new
        {
            codes = new[] { registered.Display, MarkingCode.Issue(prefix, 12).Display, unissued.Display, typo },
            purpose = "shop scan, Cash Converters High St",
            context = "shop-scan",
        }, HttpStatusCode.OK);
        Assert.Equal(["registered", "no-registration", "no-registration", "invalid"], batch["results"]!.AsArray().Select(r => (string)r!["status"]!));
        Assert.True((bool)batch["results"]![1]!["issued"]!);
        Assert.False((bool)batch["results"]![2]!["issued"]!);
        Assert.StartsWith("no registration", (string)batch["results"]![1]!["reason"]!, StringComparison.Ordinal);
        Assert.Equal(1, (int)batch["registered"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var audited = await db.AuditEntries.Where(a => a.Action == "marking.trace" && a.Purpose == "shop scan, Cash Converters High St").ToListAsync();
        Assert.Equal(4, audited.Count);
        Assert.Contains(audited, a => a.RecordId == unissued.Value && a.Detail!.StartsWith("no-registration", StringComparison.Ordinal));

        var partner = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync($"/api/marking/trace/{registered.Value}?purpose=x")).StatusCode);
    }

    [Fact]
    public async Task PropertyReturned_IsRecordedAndReported()
    {
        var (coordinator, id, prefix) = await ProgrammeAsync(withAreas: false);
        var code = MarkingCode.Issue(prefix, 20);
        await coordinator.PostJsonAsync($"/api/marking/programmes/{id}/registrations", Household(code.Value), HttpStatusCode.Created);
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await officer.PostJsonAsync("/api/marking/returns", new { code = code.Display, itemDescription = "Dell laptop", valuePounds = 650m }, HttpStatusCode.Created);
        await officer.PostJsonAsync("/api/marking/returns", new { code = code.Display, itemDescription = "Camera", valuePounds = 200m }, HttpStatusCode.Created);
        var unregistered = await officer.PostAsJsonAsync("/api/marking/returns", new { code = MarkingCode.Issue(prefix, 21).Display, itemDescription = "Bike" });
        Assert.Equal(HttpStatusCode.BadRequest, unregistered.StatusCode);

        var report = await coordinator.GetJsonAsync($"/api/marking/programmes/{id}/returns");
        Assert.Equal(2, (int)report["returned"]!);
        Assert.Equal(1, (int)report["codesReturnedTo"]!);
        Assert.Equal(850m, (decimal)report["valuePounds"]!);
        Assert.Equal(2, (int)(await coordinator.GetJsonAsync($"/api/marking/programmes/{id}"))["propertyReturned"]!);

        var trace = await officer.GetJsonAsync($"/api/marking/trace/{code.Value}?purpose=check+return");
        Assert.Equal(2, trace["returned"]!.AsArray().Count);
    }

    [Fact]
    public async Task Evaluation_RecoversTheSeededEffect_WithItsStandardErrorAndPoliceHours()
    {
        var (client, id, _) = await ProgrammeAsync();
        var e = await client.GetJsonAsync($"/api/marking/programmes/{id}/evaluation?months=6");
        // Treated changes -7, -6, -4, -7: mean -6, variance 6/3 = 2. Comparison changes -1, -1, 0, -2: mean -1, variance 2/3.
        // DiD = -5 burglaries per area; SE = sqrt(2/4 + (2/3)/4) = sqrt(2/3) = 0.816497.
        var effect = e["effect"]!;
        Assert.Equal(-5.0, (double)effect["estimate"]!, 9);
        Assert.Equal(0.816497, (double)effect["standardError"]!, 6);
        Assert.Equal(42, (double)effect["treatedBefore"]!);
        Assert.Equal(18, (double)effect["treatedAfter"]!);
        Assert.Equal(42, (double)effect["controlBefore"]!);
        Assert.Equal(38, (double)effect["controlAfter"]!);
        Assert.True((double)effect["upper"]! < 0);
        // 4 areas × 5 = 20 burglaries prevented; × 109,567 / 7,652 hours = 286.37 hours.
        Assert.Equal(20, (double)e["burglariesPrevented"]!, 9);
        Assert.Equal(20 * 109_567.0 / 7_652.0, (double)e["policeHoursSaved"]!, 6);
        Assert.Equal(14.3187, (double)e["hoursPerBurglary"]!, 4);

        var custom = await client.GetJsonAsync($"/api/marking/programmes/{id}/evaluation?months=6&hoursPerBurglary=10");
        Assert.Equal(200, (double)custom["policeHoursSaved"]!, 9);

        var tooLong = await client.GetAsync($"/api/marking/programmes/{id}/evaluation?months=12");
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("months", (await tooLong.JsonAsync())["errors"]!.AsObject().Select(x => x.Key));
    }

    [Fact]
    public async Task Proposals_RankAreasByResidentialBurglaryRateAndFitTheKits()
    {
        var (client, id, _) = await ProgrammeAsync();
        // The last six months hold exactly each area's "after" burglaries (see MarkingFactory).
        var p = await client.GetJsonAsync($"/api/marking/programmes/{id}/proposals?kits=60&months=6");
        var areas = p["areas"]!.AsArray();
        // Rates per 1,000 households: comparison areas (60 households) 9→150, 10→166.7, 9→150, 10→166.7;
        // target areas (40 households) 5→125, 4→100, 5→125, 4→100.
        Assert.Equal("E01000012", (string)areas[0]!["area"]!);
        Assert.Equal(166.667, (double)areas[0]!["ratePerThousandHouseholds"]!, 3);
        Assert.Equal("E01000014", (string)areas[1]!["area"]!);
        Assert.Equal(51, (int)areas[0]!["kitsNeeded"]!); // ⌈0.85 × 60⌉
        Assert.True((bool)areas[0]!["proposed"]!);
        Assert.False((bool)areas[1]!["proposed"]!); // 9 kits left
        Assert.Equal(51, (int)p["kitsAllocated"]!);
    }

    [Fact]
    public async Task Sharing_PartnersSeeTheirOwnHolders_PoliceNeedAPurpose_OthersSeeNoHolders()
    {
        var (police, policeProgramme, prefix) = await ProgrammeAsync(withAreas: false);
        await police.PostJsonAsync($"/api/marking/programmes/{policeProgramme}/registrations", Household(MarkingCode.Issue(prefix, 1).Value), HttpStatusCode.Created);

        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var railPrefix = "R" + Guid.NewGuid().ToString("N")[..3].ToUpperInvariant();
        var railProgramme = (string)(await rail.PostJsonAsync("/api/marking/programmes", new { name = "Cable marking", prefix = railPrefix, kind = "infrastructure" }, HttpStatusCode.Created))["id"]!;
        await rail.PostJsonAsync($"/api/marking/programmes/{railProgramme}/batches", new { count = 10 }, HttpStatusCode.Created);
        await rail.PostJsonAsync($"/api/marking/programmes/{railProgramme}/registrations", new
        {
            code = MarkingCode.Issue(railPrefix, 0).Value, holderName = "Britannia Rail signalling", assetReference = "ECML 156m 40ch cable run",
        }, HttpStatusCode.Created);

        // The rail partner sees its own programme and holders, never the force's.
        Assert.Equal(HttpStatusCode.NotFound, (await rail.GetAsync($"/api/marking/programmes/{policeProgramme}")).StatusCode);
        var own = await rail.GetJsonAsync($"/api/marking/programmes/{railProgramme}/registrations");
        Assert.Equal("Britannia Rail signalling", (string)own["items"]![0]!["holderName"]!);
        Assert.DoesNotContain((await rail.GetJsonAsync("/api/marking/programmes")).AsArray(), p => (string)p!["id"]! == policeProgramme);

        // Another force sees both programmes, and holders only with a purpose (audited).
        var other = await factory.LoginAsync(WaymarkFactory.OtherPoliceAnalyst);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.GetAsync($"/api/marking/programmes/{railProgramme}/registrations")).StatusCode);
        var withPurpose = await other.GetJsonAsync($"/api/marking/programmes/{railProgramme}/registrations?purpose=cable+theft+enquiry");
        Assert.Equal("Britannia Rail signalling", (string)withPurpose["items"]![0]!["holderName"]!);

        // Another partner and a dealer see neither programme.
        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        Assert.Equal(HttpStatusCode.NotFound, (await power.GetAsync($"/api/marking/programmes/{railProgramme}/registrations")).StatusCode);
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        Assert.Equal(HttpStatusCode.NotFound, (await dealer.GetAsync($"/api/marking/programmes/{policeProgramme}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dealer.PostAsJsonAsync("/api/marking/programmes", new { name = "x", prefix = "D" + railPrefix[1..] })).StatusCode);

        // The police officer of the owning force may deliver kits but the rail analyst may not run the force's programme.
        Assert.Equal(HttpStatusCode.NotFound, (await rail.PostAsJsonAsync($"/api/marking/programmes/{policeProgramme}/batches", new { count = 1 })).StatusCode);
        var otherBatch = await other.PostAsJsonAsync($"/api/marking/programmes/{railProgramme}/batches", new { count = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, otherBatch.StatusCode);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "marking.holders.read" && a.Purpose == "cable theft enquiry" && a.RecordId == railProgramme));
    }

    [Fact]
    public async Task Visits_AreRecordedMappedAndSeenByPoliceOnly()
    {
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        var visit = await officer.PostJsonAsync("/api/marking/visits", new
        {
            premisesKind = "scrap-yard",
            premisesName = "Humber Metals",
            licenceNumber = "SMD/2024/0117",
            latitude = 53.7446,
            longitude = -0.3352,
            visitedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)),
            officers = TwoOfficers,
            itemsScanned = 40,
            positives = 1,
            codesFound = new[] { MarkingCode.Issue("ZZZ9", 5).Display },
        }, HttpStatusCode.Created);
        Assert.Equal("marking-scan", (string)visit["purpose"]!);

        var bad = await officer.PostAsJsonAsync("/api/marking/visits", new { premisesKind = "pawnbroker", premisesName = "Cash Now", visitedOn = "2026-01-05", officers = TwoOfficers, itemsScanned = 3, positives = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("positives", (await bad.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));

        var list = await officer.GetJsonAsync("/api/marking/visits?licence=SMD/2024/0117");
        Assert.Equal(2, list[0]!["officers"]!.AsArray().Count);
        var geo = JsonNode.Parse(await (await officer.GetAsync("/api/marking/visits.geojson")).Content.ReadAsStringAsync())!;
        Assert.Contains(geo["features"]!.AsArray(), f => (string)f!["properties"]!["licenceNumber"]! == "SMD/2024/0117");

        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await rail.GetAsync("/api/marking/visits")).StatusCode);
    }

    [Fact]
    public async Task RegistrationsCsv_RejectsEachBadRowWithItsLine_ThenBulkWritesRowsEfReadsBack()
    {
        var (client, id, prefix) = await ProgrammeAsync(withAreas: false);
        await client.PostJsonAsync($"/api/marking/programmes/{id}/registrations", Household(MarkingCode.Issue(prefix, 0).Value), HttpStatusCode.Created);
        var c1 = MarkingCode.Issue(prefix, 1).Display;
        var c2 = MarkingCode.Issue(prefix, 2).Display;
        var csv = "code,holder_kind,holder_name,address,postcode,lsoa_code,items\n" +
                  $"{c1},household,J. Reid,1 High St,LN1 1AA,E01000001,Television;Bicycle\n" +
                  $"{MarkingCode.Issue(prefix, 0).Display},household,K. Walsh,2 High St,LN1 1AA,E01000001,\n" +
                  $"{c1},household,L. Turner,3 High St,LN1 1AA,E01000001,\n" +
                  $"{c2},household,M. Sandhu,,LN1 1AA,E01000001,\n";
        var rejected = await client.PostAsync($"/api/marking/programmes/{id}/registrations/import", Csv(csv));
        Assert.Equal(HttpStatusCode.BadRequest, rejected.StatusCode);
        var rows = (await rejected.JsonAsync())["rejected"]!.AsArray();
        Assert.Equal([3, 4, 5], rows.Select(r => (int)r!["line"]!));
        Assert.Contains("registered to another holder", (string)rows[0]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("also on line 2", (string)rows[1]!["reason"]!, StringComparison.Ordinal);
        Assert.Contains("address", (string)rows[2]!["reason"]!, StringComparison.Ordinal);

        var good = await client.PostAsync($"/api/marking/programmes/{id}/registrations/import",
            Csv($"code,holder_kind,holder_name,address,postcode,lsoa_code,items,latitude,longitude\n{c1},household,J. Reid,1 High St,ln11aa,E01000001,Television;Bicycle,53.23,-0.54\n"));
        Assert.Equal(1, (int)(await good.JsonAsync())["registered"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var code = MarkingCode.Issue(prefix, 1).Value;
        var back = await db.Set<MarkingRegistration>().AsNoTracking().SingleAsync(r => r.Code == code);
        Assert.Equal("LN1 1AA", back.Postcode);
        Assert.Equal(["Television", "Bicycle"], back.Items.Select(i => i.Description));
        Assert.Equal(53.23, back.Latitude);
        Assert.Equal(DateTimeKind.Utc, back.RegisteredAt.Kind);
        Assert.Equal(factory.Police.Id, back.OwnerOrganisationId);

        // The bulk writer's column list is the EF model's.
        var table = db.Model.FindEntityType(typeof(MarkingRegistration))!;
        Assert.Equal(table.GetProperties().Select(p => p.GetColumnName()).Order(), RegistrationBulkWriter.Columns.Order());

        // And the scrap-metal feature's look-up finds it without HTTP.
        var registry = scope.ServiceProvider.GetRequiredService<MarkingRegistry>();
        var found = await registry.FindAsync(MarkingCode.Issue(prefix, 1).Display.ToLowerInvariant(), CancellationToken.None);
        Assert.NotNull(found);
        Assert.Equal("Test Constabulary", found.OwnerOrganisationName);
        Assert.Equal("household", found.HolderKind);
        Assert.False(found.RecordedStolen);
        Assert.Null(await registry.FindAsync(MarkingCode.Issue(prefix, 49).Value, CancellationToken.None));
        Assert.Null(await registry.FindAsync(Typo(MarkingCode.Issue(prefix, 1)), CancellationToken.None));
    }
}
