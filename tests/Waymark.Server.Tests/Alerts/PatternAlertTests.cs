using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Alerts.AlertTestData;

namespace Waymark.Server.Tests.Alerts;

/// <summary>Near-repeat risk, a growing series, and alerts raised directly by other features.</summary>
public sealed class PatternAlertTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task NearRepeatRisk_AlertsWhenACrimeLiftsTheScoreAtAnAssetOverTheThreshold_Once()
    {
        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        const double e = 452_000, n = 340_000; // a substation near Nottingham
        var (lat, lon) = Wgs84(e, n);
        await power.PostJsonAsync("/api/assets", new { name = "Substation NR", latitude = lat, longitude = lon }, HttpStatusCode.Created);
        await power.PostJsonAsync("/api/alert-rules", new { name = "Risk", kind = "near-repeat-risk", distanceMetres = 400, riskThreshold = 1.5 }, HttpStatusCode.Created);

        // 70 m away (one 50 m cell): weight 1/(1+1) × 1/(1+0) = 0.5 — below 1.5.
        await police.PostJsonAsync("/api/crimes", CrimeAt(e + 70, n, daysAgo: 0.3, category: "burglary"), HttpStatusCode.Created);
        await factory.DispatchAsync();
        Assert.Empty(await factory.AlertsAsync(factory.Power.Id, AlertKinds.NearRepeatRisk));

        // 20 m away (same cell): weight 1 — the score goes 0.5 → 1.5 and crosses the threshold.
        await police.PostJsonAsync("/api/crimes", CrimeAt(e, n + 20, daysAgo: 0.2, category: "burglary"), HttpStatusCode.Created);
        await factory.DispatchAsync();
        var alert = Assert.Single(await factory.AlertsAsync(factory.Power.Id, AlertKinds.NearRepeatRisk));
        var asset = JsonNode.Parse(alert.Evidence)!["assets"]![0]!;
        Assert.Equal(0.5, asset["riskBefore"]!.GetValue<double>(), 3);
        Assert.Equal(1.5, asset["riskAfter"]!.GetValue<double>(), 3);

        // A third crime keeps it above: not a new crossing, so no second alert.
        await police.PostJsonAsync("/api/crimes", CrimeAt(e + 10, n, daysAgo: 0.1, category: "burglary"), HttpStatusCode.Created);
        await factory.DispatchAsync();
        Assert.Single(await factory.AlertsAsync(factory.Power.Id, AlertKinds.NearRepeatRisk));
    }

    [Fact]
    public async Task SeriesGrows_AlertsWhenAThirdLinkedCrimeArrives_ThenUpdatesTheSameAlert()
    {
        var analyst = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        await analyst.PostJsonAsync("/api/alert-rules", new { name = "Series", kind = "series-grows", categories = new[] { "metal-theft-heritage-lead-roof" } }, HttpStatusCode.Created);
        const double e = 530_000, n = 260_000; // Norfolk churches
        string[] mo = ["roof-access", "night"];
        // Linkage score of two crimes 200 m apart, same night, same MO: (0.4 e^-0.1 + 0.3 + 0.3) = 0.962 ≥ 0.55.
        await officer.PostJsonAsync("/api/crimes", CrimeAt(e, n, daysAgo: 3, category: "metal-theft-heritage-lead-roof", mo: mo), HttpStatusCode.Created);
        await officer.PostJsonAsync("/api/crimes", CrimeAt(e + 200, n, daysAgo: 2, category: "metal-theft-heritage-lead-roof", mo: mo), HttpStatusCode.Created);
        await factory.DispatchAsync();
        Assert.Empty(await factory.AlertsAsync(factory.Police.Id, AlertKinds.SeriesGrows)); // a pair is not yet a series

        await officer.PostJsonAsync("/api/crimes", CrimeAt(e + 200, n + 300, daysAgo: 1, category: "metal-theft-heritage-lead-roof", mo: mo), HttpStatusCode.Created);
        await factory.DispatchAsync();
        var alert = Assert.Single(await factory.AlertsAsync(factory.Police.Id, AlertKinds.SeriesGrows));
        Assert.Equal(3, JsonNode.Parse(alert.Evidence)!["series"]!.AsArray().Count);

        await officer.PostJsonAsync("/api/crimes", CrimeAt(e - 300, n + 100, daysAgo: 0.5, category: "metal-theft-heritage-lead-roof", mo: mo), HttpStatusCode.Created);
        await factory.DispatchAsync();
        var updated = Assert.Single(await factory.AlertsAsync(factory.Police.Id, AlertKinds.SeriesGrows));
        Assert.Equal(2, updated.Occurrences);
        Assert.Equal(4, JsonNode.Parse(updated.Evidence)!["series"]!.AsArray().Count);
        Assert.Empty(await factory.AlertsAsync(factory.Rail.Id, AlertKinds.SeriesGrows));
    }

    [Fact]
    public async Task DirectedAlert_ReachesItsRecipients_AndTheSameKeyUpdatesRatherThanRepeats()
    {
        await using (var scope = factory.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var alert = new DirectedAlert(AlertKinds.ForensicCodeTraced, [factory.Rail.Id, factory.Police.Id], AlertSeverity.High,
                "Marked cable traced", "Code WM-TEST traced at a scrap yard.") { DedupKey = "trace:WM-TEST", Latitude = 53.2, Longitude = -0.9 };
            db.RaiseAlert(alert, DateTime.UtcNow);
            db.RaiseAlert(alert with { Summary = "Traced again." }, DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        await factory.DispatchAsync();
        var rail = Assert.Single(await factory.AlertsAsync(factory.Rail.Id, AlertKinds.ForensicCodeTraced));
        Assert.Equal(2, rail.Occurrences);
        Assert.Equal("Traced again.", rail.Summary);
        Assert.Single(await factory.AlertsAsync(factory.Police.Id, AlertKinds.ForensicCodeTraced));
        Assert.Empty(await factory.AlertsAsync(factory.Power.Id, AlertKinds.ForensicCodeTraced));
    }

}
