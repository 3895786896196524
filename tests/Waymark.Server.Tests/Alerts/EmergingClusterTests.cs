using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Alerts.AlertTestData;

namespace Waymark.Server.Tests.Alerts;

/// <summary>A burst of thefts in one place over three days, against two weeks of crime spread over the county.</summary>
public sealed class EmergingClusterTests(EmergingClusterTests.Factory factory) : IClassFixture<EmergingClusterTests.Factory>
{
    public sealed class Factory : WaymarkFactory
    {
        // The schedule is driven by the test (POST /api/alerts/scan), as the hourly timer would.
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Waymark:Alerts:ClusterScanInterval"] = "00:00:00" };
    }

    [Fact]
    public async Task ScheduledScan_RaisesOneClusterAlertToTheOrganisationWhoseAssetsItTouches_ThenUpdatesIt()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        await rail.PostJsonAsync("/api/assets", CableRoute(), HttpStatusCode.Created);
        await rail.PostJsonAsync("/api/alert-rules", new { name = "Clusters near the line", kind = "emerging-cluster", distanceMetres = 1000, windowDays = 14 }, HttpStatusCode.Created);
        var (sLat, sLon) = Wgs84(RouteEasting + 25_000, 380_000); // Power's substation, 25 km away
        await power.PostJsonAsync("/api/assets", new { name = "Substation", latitude = sLat, longitude = sLon }, HttpStatusCode.Created);
        await power.PostJsonAsync("/api/alert-rules", new { name = "Clusters", kind = "emerging-cluster", distanceMetres = 1000, windowDays = 14 }, HttpStatusCode.Created);

        // Background: 120 crimes spread over a 30 km square and 14 days (a fixed sequence, so the test is repeatable).
        var random = new Random(20261123);
        for (var i = 0; i < 120; i++)
        {
            await police.PostJsonAsync("/api/crimes", CrimeAt(460_000 + (random.NextDouble() * 30_000), 355_000 + (random.NextDouble() * 30_000),
                daysAgo: 0.2 + (random.NextDouble() * 13.5), category: "burglary"), HttpStatusCode.Created);
        }

        // The burst: 15 cable thefts within 200 m of a point 400 m from the route, over the last three days.
        var burst = new HashSet<string>();
        for (var i = 0; i < 15; i++)
        {
            var crime = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 400 + random.Next(-150, 150), 369_000 + random.Next(-150, 150),
                daysAgo: 0.2 + (i % 3) + (random.NextDouble() * 0.6)), HttpStatusCode.Created);
            burst.Add(crime["id"]!.GetValue<string>());
        }

        var first = await rail.PostJsonAsync("/api/alerts/scan", new { }, HttpStatusCode.OK);
        Assert.True(first["significantClusters"]!.GetValue<int>() >= 1);
        var alerts = await factory.AlertsAsync(factory.Rail.Id, AlertKinds.EmergingCluster);
        var alert = Assert.Single(alerts);
        Assert.Equal(1, alert.Occurrences);
        var evidence = System.Text.Json.Nodes.JsonNode.Parse(alert.Evidence)!;
        // Which days the scan picks depends on where today's midnight falls among the burst's times; at least the last two
        // days of it (10 crimes or more) and hardly any of the background.
        var observed = evidence["cluster"]!["observed"]!.GetValue<long>();
        Assert.InRange(observed, 8, 30);
        var members = evidence["cluster"]!["crimeIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.True(members.Count(burst.Contains) >= 0.8 * members.Count, $"{members.Count(burst.Contains)} of {members.Count} cluster crimes are the burst's");
        Assert.True(evidence["cluster"]!["pValue"]!.GetValue<double>() <= 0.05);
        Assert.Empty(await factory.AlertsAsync(factory.Power.Id, AlertKinds.EmergingCluster));

        // The same scan again, nothing new: no repeat, no update.
        await rail.PostJsonAsync("/api/alerts/scan", new { }, HttpStatusCode.OK);
        Assert.Equal(1, Assert.Single(await factory.AlertsAsync(factory.Rail.Id, AlertKinds.EmergingCluster)).Occurrences);

        // Five more thefts at the same place today: the next scan updates the one alert.
        var joined = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var crime = await police.PostJsonAsync("/api/crimes", CrimeAt(RouteEasting + 400 + random.Next(-100, 100), 369_000 + random.Next(-100, 100), daysAgo: 0.1), HttpStatusCode.Created);
            joined.Add(crime["id"]!.GetValue<string>());
        }

        await rail.PostJsonAsync("/api/alerts/scan", new { }, HttpStatusCode.OK);
        var updated = Assert.Single(await factory.AlertsAsync(factory.Rail.Id, AlertKinds.EmergingCluster));
        Assert.Equal(alert.Id, updated.Id);
        Assert.Equal(2, updated.Occurrences);
        var updatedMembers = System.Text.Json.Nodes.JsonNode.Parse(updated.Evidence)!["cluster"]!["crimeIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.All(joined, id => Assert.Contains(id, updatedMembers));
    }
}
