using System.Net;
using System.Net.Http.Json;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Analytics;

public sealed class HotspotEndpointsTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    /// <summary>A 10 km square of 1 km cells with one crime in most cells, and a cluster of 40 in the north-east corner.</summary>
    private static object[] ClusteredPoints()
    {
        var points = new List<object>();
        for (var c = 0; c < 10; c++)
        {
            for (var r = 0; r < 10; r++)
            {
                if ((c + r) % 3 != 0)
                {
                    points.Add(new { x = 400_500.0 + (c * 1000), y = 300_500.0 + (r * 1000) });
                }
            }
        }

        for (var i = 0; i < 40; i++)
        {
            points.Add(new { x = 408_100.0 + (i % 8 * 200), y = 308_100.0 + (i / 8 * 300) });
        }

        return [.. points];
    }

    [Fact]
    public async Task Hotspots_FindThePlantedCluster_AndNoHotspotsElsewhere()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var result = await client.PostJsonAsync("/api/analytics/hotspots?cell=1000&distance=1500", new { points = ClusteredPoints() }, HttpStatusCode.OK);

        Assert.Equal(100, (int)result["cells"]!);
        var hot = result["features"]!.AsArray().Where(f => (string)f!["properties"]!["class"]! == "hotspot").Select(f => (string)f!["properties"]!["cell"]!).ToList();
        Assert.NotEmpty(hot);
        // Every hotspot is the cluster's cell (1000:408:308 or 409:309…) or one of its queen neighbours.
        Assert.All(hot, key =>
        {
            var parts = key.Split(':');
            Assert.InRange(int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), 407, 409);
            Assert.InRange(int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture), 307, 309);
        });
        Assert.Contains("1000:408:308", hot);
    }

    [Fact]
    public async Task Moran_OfAClusteredPattern_IsPositiveAndSignificant()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var result = await client.PostJsonAsync("/api/analytics/moran?cell=1000&distance=1500&permutations=99&seed=7", new { points = ClusteredPoints() }, HttpStatusCode.OK);
        Assert.True((double)result["moransI"]! > 0);
        Assert.True((double)result["pNormal"]! < 0.05);
        Assert.Contains(result["features"]!.AsArray(), f => (string)f!["properties"]!["cluster"]! == "high-high");
    }

    [Theory]
    [InlineData("/api/analytics/hotspots?weights=inverse", "weights")]
    [InlineData("/api/analytics/hotspots?cell=1000&distance=500", "distance")]
    [InlineData("/api/analytics/hotspots?cell=1", "cell")]
    [InlineData("/api/analytics/hotspots?k=0", "k")]
    [InlineData("/api/analytics/moran?permutations=-1", "permutations")]
    public async Task BadParameters_Are400NamingTheParameter(string url, string field)
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.PostAsJsonAsync(url, new { points = ClusteredPoints() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.JsonAsync())["errors"]![field]);
    }

    [Fact]
    public async Task TooFewPoints_Is400()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.PostAsJsonAsync("/api/analytics/hotspots", new { points = new[] { new { x = 1000.0, y = 1000.0 } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at least 3", (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }
}
