using System.Net;
using System.Net.Http.Json;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Analytics;

/// <summary>
/// The power partner records three partnership crimes in one 1 km cell (SK 446 349) and one in the next cell east,
/// plus one crime only it may see; the police force records one law-enforcement-only crime.
/// </summary>
public sealed class PowerCrimesFactory : WaymarkFactory
{
    protected override async Task SeedAsync()
    {
        var power = await LoginAsync(PowerAnalyst);
        foreach (var (e, n, visibility) in new[] { (446_100.0, 349_100.0, "Partnership"), (446_500.0, 349_500.0, "Partnership"), (446_900.0, 349_900.0, "Partnership"), (447_200.0, 349_200.0, "Partnership"), (446_300.0, 349_300.0, "Organisation") })
        {
            var response = await power.PostAsJsonAsync("/api/crimes", new
            {
                category = "metal-theft-substation-earthing",
                occurredFrom = "2026-02-01T01:00:00Z",
                easting = e,
                northing = n,
                visibility,
            });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var police = await LoginAsync(PoliceAnalyst);
        await police.PostJsonAsync("/api/crimes", new { category = "metal-theft-power-cable", occurredFrom = "2026-02-02T01:00:00Z", easting = 446_200.0, northing = 349_200.0, visibility = "LawEnforcement" }, HttpStatusCode.Created);
    }
}

public sealed class SurfaceEndpointsTests(PowerCrimesFactory factory) : IClassFixture<PowerCrimesFactory>
{
    private static Dictionary<string, int> Counts(System.Text.Json.Nodes.JsonNode grid) =>
        grid["features"]!.AsArray().ToDictionary(f => (string)f!["properties"]!["cell"]!, f => (int)f!["properties"]!["count"]!);

    [Fact]
    public async Task Grid_CountsWhatEachCallerMaySee()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var railView = Counts(await rail.GetJsonAsync("/api/analytics/grid?cell=1000&sector=power"));
        Assert.Equal(new Dictionary<string, int> { ["1000:446:349"] = 3, ["1000:447:349"] = 1 }, railView);

        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        Assert.Equal(4, Counts(await power.GetJsonAsync("/api/analytics/grid?cell=1000&sector=power"))["1000:446:349"]);

        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        Assert.Equal(4, Counts(await police.GetJsonAsync("/api/analytics/grid?cell=1000&sector=power"))["1000:446:349"]);
    }

    [Fact]
    public async Task Grid_ReflectsANewCrimeAtOnce()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var before = Counts(await rail.GetJsonAsync("/api/analytics/grid?cell=1000&category=metal-theft-rail-power-cable"));
        await rail.PostJsonAsync("/api/crimes", new { category = "metal-theft-rail-power-cable", occurredFrom = "2026-02-03T01:00:00Z", easting = 530_100.0, northing = 178_100.0 }, HttpStatusCode.Created);
        var after = Counts(await rail.GetJsonAsync("/api/analytics/grid?cell=1000&category=metal-theft-rail-power-cable"));
        Assert.Equal(before.GetValueOrDefault("1000:530:178") + 1, after["1000:530:178"]);
    }

    [Fact]
    public async Task Grid_FollowsAnUpdatedCrimeToItsNewCell_AtOnce()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var crime = await rail.PostJsonAsync("/api/crimes", new { category = "metal-theft-rail-overhead-line", occurredFrom = "2026-02-04T01:00:00Z", easting = 600_100.0, northing = 300_100.0 }, HttpStatusCode.Created);
        Assert.Equal(1, Counts(await rail.GetJsonAsync("/api/analytics/grid?cell=1000&category=metal-theft-rail-overhead-line"))["1000:600:300"]);

        var moved = await rail.PutAsJsonAsync($"/api/crimes/{(string)crime["id"]!}", new { category = "metal-theft-rail-overhead-line", occurredFrom = "2026-02-04T01:00:00Z", easting = 601_100.0, northing = 300_100.0 });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        var after = Counts(await rail.GetJsonAsync("/api/analytics/grid?cell=1000&category=metal-theft-rail-overhead-line"));
        Assert.False(after.ContainsKey("1000:600:300"));
        Assert.Equal(1, after["1000:601:300"]);
    }

    [Fact]
    public async Task Grid_CellPolygons_AreInWgs84()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var grid = await rail.GetJsonAsync("/api/analytics/grid?cell=1000&sector=power");
        var ring = grid["features"]![0]!["geometry"]!["coordinates"]![0]!.AsArray();
        Assert.Equal(5, ring.Count);
        // SK 446 349 lies near Derby: about 1.3° W, 53.0° N.
        Assert.InRange((double)ring[0]![0]!, -1.4, -1.2);
        Assert.InRange((double)ring[0]![1]!, 52.95, 53.1);
    }

    [Fact]
    public async Task Grid_OfPostedPoints_AndItsBadInput()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var grid = await client.PostJsonAsync("/api/analytics/grid?cell=250", new { points = new object[] { new { x = 100.0, y = 100.0 }, new { x = 200.0, y = 240.0 }, new { x = 260.0, y = 100.0 }, new { lat = 51.48936564950, lon = -0.11992557180 } } }, HttpStatusCode.OK);
        var counts = Counts(grid);
        Assert.Equal(2, counts["250:0:0"]);
        Assert.Equal(1, counts["250:1:0"]);
        Assert.Equal(1, counts["250:2122:713"]); // OS test point TP09: E 530624.974, N 178388.464

        var zero = await client.PostAsJsonAsync("/api/analytics/grid?cell=0", new { points = new[] { new { x = 1.0, y = 1.0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.NotNull((await zero.JsonAsync())["errors"]!["cell"]);

        var outside = await client.PostAsJsonAsync("/api/analytics/grid", new { points = new[] { new { lat = 48.85, lon = 2.35 } } });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.NotNull((await outside.JsonAsync())["errors"]!["points[0]"]);
    }

    [Fact]
    public async Task Kde_ReturnsASurfaceAndAPngOverlay()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var kde = await client.GetJsonAsync("/api/analytics/kde?sector=power&cell=100&bandwidth=1000");
        Assert.Equal(1000, (double)kde["bandwidthMetres"]!);
        var png = Convert.FromBase64String((string)kde["png"]!);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.Equal((int)kde["columns"]! * (int)kde["rows"]!, kde["values"]!.AsArray().Count);
        // The surface integrates to the number of crimes: the power partner sees its five, not the police's own.
        var sum = kde["values"]!.AsArray().Sum(v => (double)v!) * 0.1 * 0.1;
        Assert.Equal(5, (int)kde["total"]!);
        Assert.InRange(sum, 4.9, 5.1);

        var bad = await client.GetAsync("/api/analytics/kde?sector=power&kernel=triangular");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
