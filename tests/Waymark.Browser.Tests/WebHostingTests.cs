using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Waymark.Browser.Tests.Infrastructure;

namespace Waymark.Browser.Tests;

/// <summary>How the server hands out the browser application (no browser needed): its routes, files and settings.</summary>
public sealed partial class WebHostingTests(WaymarkServer server) : IClassFixture<WaymarkServer>, IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = new Uri(server.BaseUrl) };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/")]
    [InlineData("/login")]
    [InlineData("/import")]
    [InlineData("/alerts")]
    [InlineData("/assets")]
    [InlineData("/alert-settings")]
    public async Task AppRoutes_AnswerTheApplicationsPage_Uncached(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains("<div id=\"app\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/crimes/not-a-guid/more")]
    [InlineData("/no-such-page")]
    public async Task UnknownRoutes_Answer404ProblemDetails(string path)
    {
        var response = await _http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Bundles_AreServedWithTheirHashedNames_AndCachedForever()
    {
        var index = await _http.GetStringAsync("/");
        var bundles = BundleName().Matches(index).Select(m => m.Value).ToList();
        Assert.Equal(2, bundles.Count); // app-HASH.js and app-HASH.css

        foreach (var bundle in bundles)
        {
            var response = await _http.GetAsync(bundle);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("immutable", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Outline_IsTheUnitedKingdomAsGeoJson()
    {
        var response = await _http.GetAsync("/geo/outline.geojson");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var outline = await response.Content.ReadFromJsonAsync<JsonElement>();
        var uk = outline.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("properties").GetProperty("role").GetString() == "focus");
        Assert.Equal("United Kingdom", uk.GetProperty("properties").GetProperty("name").GetString());
        Assert.Equal("MultiPolygon", uk.GetProperty("geometry").GetProperty("type").GetString());

        // Its extremes (degrees, with a little margin for Natural Earth's 1:10m generalisation).
        var points = uk.GetProperty("geometry").GetProperty("coordinates").EnumerateArray()
            .SelectMany(polygon => polygon[0].EnumerateArray()).Select(p => (Lon: p[0].GetDouble(), Lat: p[1].GetDouble())).ToList();
        Assert.InRange(points.Min(p => p.Lon), -13.8, -13.6); // Rockall, 13.69° W
        Assert.InRange(points.Max(p => p.Lon), 1.6, 1.9);     // Lowestoft Ness, 1.76° E
        Assert.InRange(points.Min(p => p.Lat), 49.8, 50.0);   // the Isles of Scilly, 49.9° N
        Assert.InRange(points.Max(p => p.Lat), 60.7, 60.9);   // Out Stack, Shetland, 60.86° N
        // Northern Ireland is in it, not only Great Britain: its border runs west of 7.5° W (Co. Fermanagh).
        Assert.Contains(points, p => p.Lat is > 54 and < 55.3 && p.Lon is < -7.5 and > -8.3);
    }

    [Fact]
    public async Task Config_OnADemoInstall_OffersTheDemoLogins_AndNoTileServer()
    {
        var config = await _http.GetFromJsonAsync<JsonElement>("/api/config");

        Assert.False(config.TryGetProperty("tileUrl", out _));
        var demo = config.GetProperty("demo");
        Assert.Equal(WaymarkServer.DemoPassword, demo.GetProperty("password").GetString());
        var emails = demo.GetProperty("logins").EnumerateArray().Select(l => l.GetProperty("email").GetString()).ToList();
        Assert.Contains(WaymarkServer.PoliceAnalyst, emails);
        Assert.Contains(WaymarkServer.RailPartner, emails);
    }

    [GeneratedRegex(@"/assets/app-[A-Z0-9]+\.(js|css)")]
    private static partial Regex BundleName();
}
