using System.Net;
using System.Net.Http.Json;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Crimes;

public sealed class RecordCrimeTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    [Fact]
    public async Task Record_ReturnsCreatedCrimeWithBritishNationalGrid()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        // OS test point TP09 (51.48936564950, -0.11992557180) -> E 530624.974, N 178388.464 (OSTN15).
        var crime = await client.PostJsonAsync("/api/crimes", Api.Crime(latitude: 51.48936564950, longitude: -0.11992557180), HttpStatusCode.Created);

        Assert.Equal(530624.974, (double)crime["easting"]!, 0.01);
        Assert.Equal(178388.464, (double)crime["northing"]!, 0.01);
        Assert.Equal("1000:530:178", (string)crime["cell1km"]!);
        Assert.Equal("rail", (string)crime["sector"]!);
        Assert.Equal("other-theft", (string)crime["policeUkCategory"]!);
        var id = (string)crime["id"]!;

        var fetched = await client.GetJsonAsync($"/api/crimes/{id}");
        Assert.Equal(220.0, (double)fetched["propertyStolen"]![0]!["weightKg"]!);
        Assert.Equal(3400m, (decimal)fetched["propertyStolen"]![0]!["valuePounds"]!);
    }

    [Fact]
    public async Task Record_InvalidFields_Is400NamingEachField()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.PostAsJsonAsync("/api/crimes", new
        {
            category = "teleportation",
            occurredFrom = "2026-03-03T05:30:00Z",
            occurredTo = "2026-03-02T23:00:00Z",
            latitude = 48.8566,
            longitude = 2.3522,
            outcomeType = 23,
            grading = new { code = "4AP" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync())["errors"]!.AsObject();
        Assert.Contains("category", errors.Select(e => e.Key));
        Assert.Contains("occurredTo", errors.Select(e => e.Key));
        Assert.Contains("latitude", errors.Select(e => e.Key));
        Assert.Contains("outcomeType", errors.Select(e => e.Key));
        Assert.Contains("grading", errors.Select(e => e.Key));
        Assert.Contains("outside Great Britain and Northern Ireland", (string)errors["latitude"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_InNorthernIreland_GivesIrishGridAndSaysWhy()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var crime = await client.PostJsonAsync("/api/crimes", Api.Crime(latitude: 54.5973, longitude: -5.9301), HttpStatusCode.Created);
        Assert.Null(crime["easting"]);
        Assert.NotNull(crime["itmEasting"]);
        Assert.Contains("Irish Transverse Mercator", (string)crime["gridNote"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_ByRadiusPolygonAndTime_FindsOnlyWhatIsInside()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var tag = "geo-" + Guid.NewGuid().ToString("N")[..8];
        // Doncaster station, and a second crime 5 km east of it.
        await client.PostJsonAsync("/api/crimes", Api.Crime(reference: tag + "-a", latitude: 53.5228, longitude: -1.1397), HttpStatusCode.Created);
        await client.PostJsonAsync("/api/crimes", Api.Crime(reference: tag + "-b", latitude: 53.5228, longitude: -1.0643), HttpStatusCode.Created);

        var near = await client.GetJsonAsync($"/api/crimes?q={tag}&lat=53.5228&lon=-1.1397&radius=2000");
        Assert.Equal(1, (int)near["total"]!);
        Assert.Equal(tag + "-a", (string)near["items"]![0]!["reference"]!);

        var wide = await client.GetJsonAsync($"/api/crimes?q={tag}&lat=53.5228&lon=-1.1397&radius=6000");
        Assert.Equal(2, (int)wide["total"]!);

        var polygon = new { type = "Polygon", coordinates = new[] { new[] { new[] { -1.08, 53.50 }, new[] { -1.05, 53.50 }, new[] { -1.05, 53.54 }, new[] { -1.08, 53.54 }, new[] { -1.08, 53.50 } } } };
        var inPolygon = await client.PostJsonAsync("/api/crimes/search", new { q = tag, polygon }, HttpStatusCode.OK);
        Assert.Equal(1, (int)inPolygon["total"]!);
        Assert.Equal(tag + "-b", (string)inPolygon["items"]![0]!["reference"]!);

        var box = await client.GetJsonAsync($"/api/crimes?q={tag}&bbox=-1.2,53.5,-1.1,53.55");
        Assert.Equal(1, (int)box["total"]!);

        var later = await client.GetJsonAsync($"/api/crimes?q={tag}&from=2026-04-01T00:00:00Z");
        Assert.Equal(0, (int)later["total"]!);

        var geojson = await client.GetJsonAsync($"/api/crimes/export?format=geojson&q={tag}");
        Assert.Equal("FeatureCollection", (string)geojson["type"]!);
        Assert.Equal(2, geojson["features"]!.AsArray().Count);
    }

    [Fact]
    public async Task Search_Paging_IsStableAndComplete()
    {
        var client = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        var tag = "page-" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 7; i++)
        {
            await client.PostJsonAsync("/api/crimes", Api.Crime(category: "metal-theft-substation-earthing", reference: $"{tag}-{i}"), HttpStatusCode.Created);
        }

        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var result = await client.GetJsonAsync($"/api/crimes?q={tag}&pageSize=3&page={page}");
            Assert.Equal(7, (int)result["total"]!);
            seen.AddRange(result["items"]!.AsArray().Select(i => (string)i!["id"]!));
        }

        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemDetails()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var response = await client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Anonymous_Is401_NotARedirect()
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/crimes")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheCrimeEndpoints()
    {
        var client = factory.CreateClient();
        var doc = await client.GetJsonAsync("/openapi/v1.json");
        Assert.NotNull(doc["paths"]!["/api/crimes"]);
        Assert.Equal("RecordCrime", (string)doc["paths"]!["/api/crimes"]!["post"]!["operationId"]!);
    }
}
