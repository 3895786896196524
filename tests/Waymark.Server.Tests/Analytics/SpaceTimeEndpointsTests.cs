using System.Net;
using System.Net.Http.Json;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Analytics;

/// <summary>
/// Sixty burglaries scattered over a 20 km square through the last 80 days, and a burst of twelve within 500 m of
/// one another in the last six days: an emerging cluster, and near repeats.
/// </summary>
public sealed class BurstFactory : WaymarkFactory
{
    protected override async Task SeedAsync()
    {
        var police = await LoginAsync(PoliceAnalyst);
        var random = new Random(42);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 72; i++)
        {
            var burst = i >= 60;
            var when = burst ? now.AddDays(-random.Next(1, 6)) : now.AddDays(-random.Next(1, 80));
            var e = burst ? 455_000 + random.Next(0, 500) : 445_000 + random.Next(0, 20_000);
            var n = burst ? 340_000 + random.Next(0, 500) : 330_000 + random.Next(0, 20_000);
            await police.PostJsonAsync("/api/crimes", new { category = "burglary-residential", occurredFrom = when.AddHours(-3), occurredTo = when, easting = (double)e, northing = (double)n }, HttpStatusCode.Created);
        }
    }
}

public sealed class SpaceTimeEndpointsTests(BurstFactory factory) : IClassFixture<BurstFactory>
{
    [Fact]
    public async Task Clusters_FindTheBurst()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var result = await client.GetJsonAsync("/api/analytics/clusters?category=burglary&studyDays=90&replications=199&seed=3");
        var top = result["clusters"]![0]!;
        Assert.True((bool)top["significant"]!, top.ToJsonString());
        Assert.InRange((double)top["easting"]!, 453_000, 457_500);
        Assert.InRange((double)top["northing"]!, 338_000, 342_500);
        Assert.True((int)top["observed"]! >= 10);
    }

    [Fact]
    public async Task NearRepeat_ReportsTheBurstAsNearRepeats_AndIsReproducible()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        const string url = "/api/analytics/near-repeat?category=burglary&spatialBand=500&spatialBands=3&temporalBand=7&temporalBands=2&permutations=99&seed=5";
        var first = await client.GetJsonAsync(url);
        var again = await client.GetJsonAsync(url);
        Assert.Equal(first.ToJsonString(), again.ToJsonString());
        Assert.Equal(72, (int)first["events"]!);
        var closeAndSoon = first["cells"]!.AsArray().First(c => ((string)c!["distance"]!).StartsWith("1–500", StringComparison.Ordinal) && ((string)c!["time"]!).StartsWith("0–7", StringComparison.Ordinal))!;
        Assert.True((double)closeAndSoon["knoxRatio"]! > 2, closeAndSoon.ToJsonString());
        Assert.Contains(first["summary"]!.AsArray(), s => ((string)s!).Contains("times more likely", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NearRepeat_OfPointsWithoutTimes_Is400()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.PostAsJsonAsync("/api/analytics/near-repeat", new { points = new[] { new { x = 1000.0, y = 1000.0 }, new { x = 1100.0, y = 1000.0 }, new { x = 1200.0, y = 1000.0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("time", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NearRepeat_ZeroBand_Is400()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.GetAsync("/api/analytics/near-repeat?category=burglary&spatialBand=0");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Risk_ForecastsCellsAtTheBurst()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var result = await client.GetJsonAsync("/api/analytics/risk?category=burglary&cell=250&top=5");
        var ring = result["features"]![0]!["geometry"]!["coordinates"]![0]![0]!;
        // The burst (SK 455 340) lies near Derby, at about 1.18° W, 52.96° N.
        Assert.InRange((double)ring[0]!, -1.21, -1.16);
        Assert.InRange((double)ring[1]!, 52.94, 52.98);
    }
}
