using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Anpr.AnprFactory;

namespace Waymark.Server.Tests.Anpr;

public sealed class AnprInvestigationTests(AnprFactory factory) : IClassFixture<AnprFactory>
{
    private static readonly string[] CrimeCameras = ["CAM-1", "CAM-2", "CAM-3"];

    private const string Why = "purpose=identify%20vehicles%20in%20cable%20theft%20series&reference=OP-COPPER";

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Movements_AreInTimeOrderWithCamerasAndTrail_AndTheQueryIsAuditedWithItsPurpose()
    {
        var t = Now.AddHours(-6);
        await SendAsync(factory.Machine(factory.PoliceKey),
            Read("CAM-3", t.AddMinutes(20), "MV12 ONE"), Read("CAM-1", t, "MV12 ONE"), Read("CAM-2", t.AddMinutes(10), "MV12 ONE"),
            Read("CAM-4", t.AddDays(-40), "MV12 ONE")); // outside the asked range
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);

        var moves = await analyst.GetJsonAsync($"/api/anpr/movements?plate=mv12%20one&from={Q(t.AddDays(-1))}&to={Q(Now)}&{Why}");

        Assert.Equal("MV12ONE", (string)moves["plate"]!);
        Assert.Equal(["CAM-1", "CAM-2", "CAM-3"], moves["reads"]!.AsArray().Select(r => (string)r!["camera"]!["code"]!));
        Assert.Equal(t, ((DateTime)moves["reads"]![0]!["at"]!).ToUniversalTime());
        var trail = moves["trail"]!["coordinates"]!.AsArray();
        Assert.Equal(3, trail.Count);
        Assert.Equal(Positions["CAM-2"].Lat, (double)trail[1]![1]!, 6);
        Assert.False((bool)moves["restricted"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var audit = await db.AuditEntries.AsNoTracking().Where(a => a.Action == "anpr.query.movements").OrderByDescending(a => a.Sequence).FirstAsync();
        Assert.Equal("identify vehicles in cable theft series", audit.Purpose);
        Assert.Equal("OP-COPPER", audit.RecordId);
        Assert.Contains("MV12ONE", audit.Detail, StringComparison.Ordinal);
        Assert.Contains(await db.Set<AnprQuery>().AsNoTracking().ToListAsync(), q => q.Kind == "movements" && q.Reference == "OP-COPPER" && q.Results == 3);
    }

    [Fact]
    public async Task Queries_NeedPurposeAndReference_AndOnlyPoliceRolesRunThem()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var response = await analyst.GetAsync("/api/anpr/movements?plate=AB12CDE");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("purpose", errors);
        Assert.Contains("reference", errors);

        foreach (var who in new[] { WaymarkFactory.RailAnalyst, WaymarkFactory.DealerUser, WaymarkFactory.Admin })
        {
            var client = await factory.LoginAsync(who);
            foreach (var query in new[] { "movements?plate=AB12CDE", "first-last?plate=AB12CDE", "convoy?plate=AB12CDE", "counts?cameras=CAM-1", "near-crimes?crimes=" + Guid.NewGuid() })
            {
                Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/anpr/{query}&{Why}")).StatusCode);
            }
        }

        var machine = factory.Machine(factory.PoliceKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await machine.GetAsync($"/api/anpr/movements?plate=AB12CDE&{Why}")).StatusCode);
    }

    [Fact]
    public async Task NearCrimes_RanksTheVanSeenNearAllThreeThefts_First()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var day = Now.Date.AddDays(-3);
        var crimeTimes = new[] { day.AddHours(1), day.AddDays(1).AddHours(2), day.AddDays(2).AddHours(3) };
        var ids = new List<string>();
        foreach (var (code, at) in CrimeCameras.Zip(crimeTimes))
        {
            var (lat, lon, _) = Positions[code];
            var crime = await analyst.PostJsonAsync("/api/crimes", new
            {
                category = "metal-theft-rail-signalling-cable",
                occurredFrom = Iso(at),
                occurredTo = Iso(at.AddHours(1)),
                latitude = lat + 0.002, // about 220 m north of the camera
                longitude = lon,
                visibility = "LawEnforcement",
            }, HttpStatusCode.Created);
            ids.Add((string)crime["id"]!);
        }

        var machine = factory.Machine(factory.PoliceKey);
        await SendAsync(machine,
            Read("CAM-1", crimeTimes[0].AddMinutes(10), "NC12 VAN"), Read("CAM-2", crimeTimes[1].AddMinutes(-20), "NC12 VAN"),
            Read("CAM-3", crimeTimes[2].AddMinutes(70), "NC12 VAN"), Read("CAM-3", crimeTimes[2].AddMinutes(75), "NC12 VAN"),
            Read("CAM-1", crimeTimes[0], "NC12 CAR"),
            Read("CAM-2", crimeTimes[1].AddHours(5), "NC12 BUS"),   // hours after the theft
            Read("CAM-4", crimeTimes[2], "NC12 FAR"));             // 2 km away

        var result = await analyst.GetJsonAsync($"/api/anpr/near-crimes?crimes={string.Join(',', ids)}&radius=500&before=60&after=90&{Why}");

        var vehicles = result["vehicles"]!.AsArray();
        Assert.Equal(["NC12VAN", "NC12CAR"], vehicles.Select(v => (string)v!["plate"]!).Where(p => p.StartsWith("NC12", StringComparison.Ordinal)));
        Assert.Equal(3, (int)vehicles[0]!["crimeCount"]!);
        Assert.Equal(4, (int)vehicles[0]!["reads"]!);
        Assert.Equal(["CAM-1"], result["crimes"]![0]!["cameras"]!.AsArray().Select(c => (string)c!["code"]!).Where(c => c != "RAIL-1"));

        var ranked = await analyst.GetJsonAsync($"/api/anpr/near-crimes?crimes={string.Join(',', ids)}&minCrimes=2&after=90&{Why}");
        Assert.Equal(["NC12VAN"], ranked["vehicles"]!.AsArray().Select(v => (string)v!["plate"]!));
    }

    [Fact]
    public async Task Convoy_FindsTheVanTravellingWithTheTarget_AndFirstLastSeen()
    {
        var t = Now.AddHours(-30);
        var reads = new List<object>();
        for (var i = 0; i < 4; i++)
        {
            reads.Add(Read($"CAM-{i + 1}", t.AddMinutes(10 * i), "CV12 TGT"));
        }

        reads.Add(Read("CAM-1", t.AddSeconds(35), "CV12 VAN"));
        reads.Add(Read("CAM-2", t.AddMinutes(10).AddSeconds(-20), "CV12 VAN"));
        reads.Add(Read("CAM-3", t.AddMinutes(20).AddSeconds(50), "CV12 VAN"));
        reads.Add(Read("CAM-1", t.AddSeconds(5), "CV12 CAR"));
        reads.Add(Read("CAM-2", t.AddMinutes(10).AddSeconds(10), "CV12 CAR"));
        reads.Add(Read("CAM-3", t.AddMinutes(25), "CV12 CAR")); // five minutes behind at the third camera
        await SendAsync(factory.Machine(factory.PoliceKey), [.. reads]);
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);

        var convoy = await officer.GetJsonAsync($"/api/anpr/convoy?plate=CV12TGT&window=60&minCameras=3&from={Q(t.AddHours(-1))}&to={Q(t.AddHours(1))}&{Why}");
        var companion = Assert.Single(convoy["companions"]!.AsArray())!;
        Assert.Equal("CV12VAN", (string)companion["plate"]!);
        Assert.Equal(3, (int)companion["cameras"]!);
        Assert.Equal([35.0, -20.0, 50.0], companion["evidence"]!.AsArray().Select(e => (double)e!["gapSeconds"]!));

        var two = await officer.GetJsonAsync($"/api/anpr/convoy?plate=CV12TGT&window=60&minCameras=2&from={Q(t.AddHours(-1))}&to={Q(t.AddHours(1))}&{Why}");
        Assert.Equal(["CV12VAN", "CV12CAR"], two["companions"]!.AsArray().Select(c => (string)c!["plate"]!));

        var fl = await officer.GetJsonAsync($"/api/anpr/first-last?plate=CV12TGT&{Why}");
        Assert.Equal(4, (int)fl["count"]!);
        Assert.Equal(4, (int)fl["cameras"]!);
        Assert.Equal("CAM-1", (string)fl["first"]!["camera"]!["code"]!);
        Assert.Equal("CAM-4", (string)fl["last"]!["camera"]!["code"]!);
        Assert.Equal(t.AddMinutes(30), ((DateTime)fl["last"]!["at"]!).ToUniversalTime());
    }

    [Fact]
    public async Task Counts_PerCameraAndHour()
    {
        var hour = Now.Date.AddDays(-2).AddHours(14);
        await SendAsync(factory.Machine(factory.BoundKey),
            Read("CAM-B", hour.AddMinutes(5), "CT12 AAA"), Read("CAM-B", hour.AddMinutes(10), "CT12 BBB"), Read("CAM-B", hour.AddMinutes(59), "CT12 CCC"),
            Read("CAM-B", hour.AddMinutes(65), "CT12 AAA"), Read("CAM-B", hour.AddMinutes(70), "CT12 DDD"));
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);

        var counts = await analyst.GetJsonAsync($"/api/anpr/counts?cameras=CAM-B&from={Q(hour.AddHours(-1))}&to={Q(hour.AddHours(3))}&{Why}");

        Assert.Equal(5, (long)counts["total"]!);
        Assert.Equal([("CAM-B", hour, 3L), ("CAM-B", hour.AddHours(1), 2L)],
            counts["hours"]!.AsArray().Select(h => ((string)h!["camera"]!, ((DateTime)h["hour"]!).ToUniversalTime(), (long)h["count"]!)));
    }

    [Fact]
    public async Task ReadsOlderThan90Days_OnlyAnAnalystWithAJustification_WhichIsRecorded()
    {
        var old = Now.AddDays(-100);
        await SendAsync(factory.Machine(factory.PoliceKey), Read("CAM-1", old, "GV12 OLD"));
        var range = $"plate=GV12OLD&from={Q(old.AddDays(-1))}&to={Q(Now)}&{Why}";

        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        var refused = await officer.GetAsync($"/api/anpr/movements?{range}&justification=" + Uri.EscapeDataString("I would like to see it please, thank you"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("Restricted ANPR period", (string)(await refused.JsonAsync())["title"]!);
        // Within the open period the officer is answered (and sees nothing older).
        var open = await officer.GetJsonAsync($"/api/anpr/movements?plate=GV12OLD&from={Q(Now.AddDays(-89))}&to={Q(Now)}&{Why}");
        Assert.Equal(0, (int)open["count"]!);

        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var noReason = await analyst.GetAsync($"/api/anpr/movements?{range}");
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Contains("justification", (await noReason.JsonAsync())["errors"]!.AsObject().Select(e => e.Key));

        const string justification = "Series of cable thefts on the ECML since August; vehicle linked by intelligence report 4471";
        var moves = await analyst.GetJsonAsync($"/api/anpr/movements?{range}&justification={Uri.EscapeDataString(justification)}");
        Assert.Equal(1, (int)moves["count"]!);
        Assert.True((bool)moves["restricted"]!);

        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var registered = await db.Set<AnprQuery>().AsNoTracking().Where(q => q.Restricted).ToListAsync();
        Assert.Contains(registered, q => q.Justification == justification && q.Kind == "movements");
        Assert.Contains(await db.AuditEntries.AsNoTracking().Where(a => a.Action == "anpr.query.movements").Select(a => a.Detail).ToListAsync(),
            d => d!.Contains(justification, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RetentionJob_DropsDaysOlderThanTwelveMonths_AndKeepsTheRest()
    {
        var now = Now;
        var old = now.AddDays(-300);
        var kept = now.AddDays(-200);
        await SendAsync(factory.Machine(factory.PoliceKey), Read("CAM-2", old, "RT12 OLD"), Read("CAM-2", kept, "RT12 OLD"));
        await using var scope = factory.Scope();
        var retention = scope.ServiceProvider.GetRequiredService<AnprRetention>();

        // Seventy days on, the 300-day-old read is 370 days old: past 365. The 200-day-old one is 270: kept.
        var dropped = await retention.PurgeAsync(DateTime.UtcNow.AddDays(70), CancellationToken.None);

        Assert.Contains(DateOnly.FromDateTime(old), dropped);
        Assert.DoesNotContain(DateOnly.FromDateTime(kept), dropped);
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var moves = await analyst.GetJsonAsync($"/api/anpr/movements?plate=RT12OLD&from={Q(now.AddDays(-364))}&to={Q(Now)}&{Why}&justification=" +
                                               Uri.EscapeDataString("Checking the retention purge in a test of the store"));
        Assert.Equal([kept], moves["reads"]!.AsArray().Select(r => ((DateTime)r!["at"]!).ToUniversalTime()));
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "anpr.purge"));
    }

    [Fact]
    public async Task MonthlyFigures_CountQueriesAndInvestigations()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var month = DateTime.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        async Task<(int Queries, int Investigations)> Figures()
        {
            var all = await analyst.GetJsonAsync("/api/anpr/figures?months=3");
            Assert.Equal(3, all.AsArray().Count);
            var m = all.AsArray().Single(f => (string)f!["month"]! == month)!;
            return ((int)m["queries"]!, (int)m["investigations"]!);
        }

        var before = await Figures();
        await analyst.GetJsonAsync("/api/anpr/first-last?plate=FG12AAA&purpose=trace%20vehicle&reference=OP-FIGURES-1");
        await analyst.GetJsonAsync("/api/anpr/first-last?plate=FG12BBB&purpose=trace%20vehicle&reference=OP-FIGURES-1");
        await analyst.GetJsonAsync("/api/anpr/first-last?plate=FG12CCC&purpose=trace%20vehicle&reference=OP-FIGURES-2");
        var after = await Figures();

        Assert.Equal(before.Queries + 3, after.Queries);
        Assert.Equal(before.Investigations + 2, after.Investigations);
        var partner = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.Forbidden, (await partner.GetAsync("/api/anpr/figures")).StatusCode);
    }
}
