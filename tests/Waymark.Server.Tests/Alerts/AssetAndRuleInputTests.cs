using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Tests.Infrastructure;
using static Waymark.Server.Tests.Alerts.AlertTestData;

namespace Waymark.Server.Tests.Alerts;

/// <summary>Bad geometries, buffers, rules and webhook addresses are refused with the field and the reason; uploads report each row.</summary>
public sealed class AssetAndRuleInputTests(WaymarkFactory factory) : IClassFixture<WaymarkFactory>
{
    private static readonly double[][] BowTie =
    [
        [-0.90, 53.25], [-0.88, 53.27], [-0.88, 53.25], [-0.90, 53.27], [-0.90, 53.25],
    ];

    [Fact]
    public async Task SelfIntersectingPolygon_IsRefusedWithWhereItCrosses()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var problem = await rail.PostJsonAsync("/api/assets", new { name = "Depot", geometry = new { type = "Polygon", coordinates = new[] { BowTie } } }, HttpStatusCode.BadRequest);
        var reason = problem["errors"]!["geometry"]![0]!.GetValue<string>();
        Assert.Contains("not a valid polygon", reason, StringComparison.Ordinal);
        Assert.Contains("Self-intersection", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LineWithOnePoint_HugeBuffer_AndPlacesAbroad_AreRefused()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var line = await rail.PostJsonAsync("/api/assets", new { name = "Cable", geometry = new { type = "LineString", coordinates = new[] { new[] { -0.9, 53.26 }, new[] { -0.9, 53.26 } } } }, HttpStatusCode.BadRequest);
        Assert.Contains("fewer than two distinct points", line["errors"]!["geometry"]![0]!.GetValue<string>(), StringComparison.Ordinal);

        var buffer = await rail.PostJsonAsync("/api/assets", new { name = "Cable", bufferMetres = 25_000, latitude = 53.26, longitude = -0.9 }, HttpStatusCode.BadRequest);
        Assert.NotNull(buffer["errors"]!["bufferMetres"]);

        var paris = await rail.PostJsonAsync("/api/assets", new { name = "Gare du Nord", latitude = 48.8809, longitude = 2.3553 }, HttpStatusCode.BadRequest);
        Assert.Contains("outside Great Britain and Northern Ireland", paris["errors"]!["latitude"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RuleWithUnknownKindCategoryOrNoDistance_IsRefusedFieldByField()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var problem = await rail.PostJsonAsync("/api/alert-rules", new { name = "", kind = "crime-near-asset", categories = new[] { "pickpocketing-on-mars" }, emailTo = new[] { "not an address" }, quietFrom = "22:00" }, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("distanceMetres"));
        Assert.True(errors.ContainsKey("categories"));
        Assert.True(errors.ContainsKey("emailTo"));
        Assert.True(errors.ContainsKey("quietFrom"));
        var kind = await rail.PostJsonAsync("/api/alert-rules", new { name = "x", kind = "horoscope", distanceMetres = 100 }, HttpStatusCode.BadRequest);
        Assert.True(kind["errors"]!.AsObject().ContainsKey("kind"));
    }

    [Theory]
    [InlineData("ftp://partner.example/hook", "http")]
    [InlineData("/relative/hook", "http")]
    [InlineData("http://user:pass@partner.example/hook", "credentials")]
    [InlineData("http://localhost/api/crimes", "itself")]
    public async Task WebhookUrl_NotHttpOrPointingAtTheServerItself_IsRefused(string url, string reason)
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var problem = await rail.PostJsonAsync("/api/webhooks", new { url }, HttpStatusCode.BadRequest);
        Assert.Contains(reason, problem["errors"]!["url"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PoliceOfficerAndDealer_CannotChangeAnOrganisationsAlerting()
    {
        var officer = await factory.LoginAsync(WaymarkFactory.PoliceOfficer);
        Assert.Equal(HttpStatusCode.Forbidden, (await officer.PostAsJsonAsync("/api/alert-rules", NearAssetRule())).StatusCode);
        var dealer = await factory.LoginAsync(WaymarkFactory.DealerUser);
        Assert.Equal(HttpStatusCode.Forbidden, (await dealer.PostAsJsonAsync("/api/assets", new { name = "Yard", latitude = 53.26, longitude = -0.9 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dealer.GetAsync("/api/alerts")).StatusCode);
    }

    [Fact]
    public async Task CsvUpload_SavesGoodRows_ReportsEachBadOne_AndUpdatesByReference()
    {
        var power = await factory.LoginAsync(WaymarkFactory.PowerAnalyst);
        const string csv = "name,kind,reference,latitude,longitude,easting,northing,buffer_metres,shared_with_police\n" +
                           "Retford substation,substation,SUB-1,53.3223,-0.9430,,,,yes\n" +
                           "Tuxford substation,substation,SUB-2,,,475100,367100,,no\n" +
                           "Calais depot,depot,SUB-3,50.95,1.85,,,,\n" +
                           ",substation,SUB-4,53.2,-0.9,,,,\n" +
                           "Wide corridor,cable,SUB-5,53.2,-0.9,,,9000,\n";
        using var content = new StringContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var report = await (await power.PostAsync("/api/assets/import", content)).JsonAsync();
        Assert.Equal(5, report["rows"]!.GetValue<int>());
        Assert.Equal(2, report["created"]!.GetValue<int>());
        var rejected = report["rejected"]!.AsArray();
        Assert.Equal([4, 5, 6], rejected.Select(r => r!["line"]!.GetValue<int>()));
        Assert.Contains("outside Great Britain", rejected[0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("name", rejected[1]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("bufferMetres", rejected[2]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        // The same file again: the two good rows update, nothing is duplicated.
        using var again = new StringContent(csv);
        again.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var second = await (await power.PostAsync("/api/assets/import", again)).JsonAsync();
        Assert.Equal(0, second["created"]!.GetValue<int>());
        Assert.Equal(2, second["updated"]!.GetValue<int>());
        var mine = (await power.GetJsonAsync("/api/assets")).AsArray();
        Assert.Equal(2, mine.Count(a => a!["reference"]!.GetValue<string>().StartsWith("SUB-", StringComparison.Ordinal)));

        // Shared with police: a police analyst sees the Retford substation's position, not Tuxford's; a partner sees neither.
        var police = await factory.LoginAsync(WaymarkFactory.PoliceAnalyst);
        var shared = (await police.GetJsonAsync("/api/assets?scope=shared")).AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("Retford substation", shared);
        Assert.DoesNotContain("Tuxford substation", shared);
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.DoesNotContain("substation", await rail.GetStringAsync("/api/assets?scope=shared"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GeoJsonUpload_RejectsTheBadFeatureByNumber()
    {
        var rail = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var (lat1, lon1) = Wgs84(RouteEasting, RouteSouth);
        var (lat2, lon2) = Wgs84(RouteEasting, RouteNorth);
        var collection = new
        {
            type = "FeatureCollection",
            features = new object[]
            {
                new { type = "Feature", properties = new { name = "Up line cable", reference = "GJ-1", bufferMetres = 15 }, geometry = new { type = "LineString", coordinates = new[] { new[] { lon1, lat1 }, new[] { lon2, lat2 } } } },
                new { type = "Feature", properties = new { name = "Bow tie", reference = "GJ-2" }, geometry = new { type = "Polygon", coordinates = new[] { BowTie } } },
            },
        };
        using var content = JsonContent.Create(collection);
        var report = await (await rail.PostAsync("/api/assets/import", content)).JsonAsync();
        Assert.Equal(1, report["created"]!.GetValue<int>());
        var rejected = Assert.Single(report["rejected"]!.AsArray());
        Assert.Equal(2, rejected!["line"]!.GetValue<int>());
        Assert.Contains("Self-intersection", rejected["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    // Quiet 22:00–06:00 UK time. In November the UK is on GMT; in July on BST (UTC+1).
    [InlineData("2026-11-23T23:30:00Z", "Medium", "2026-11-24T06:00:00Z")]
    [InlineData("2026-11-23T05:59:00Z", "Medium", "2026-11-23T06:00:00Z")]
    [InlineData("2026-11-23T12:00:00Z", "Medium", "2026-11-23T12:00:00Z")]
    [InlineData("2026-07-01T22:30:00Z", "Medium", "2026-07-02T05:00:00Z")]
    [InlineData("2026-11-23T23:30:00Z", "Critical", "2026-11-23T23:30:00Z")]
    public void QuietHours_HoldOutsideDeliveryUntilTheyEnd_ExceptForCriticalAlerts(string now, string severity, string due)
    {
        var rule = new AlertRule { Name = "r", Kind = AlertKinds.CrimeNearAsset, QuietFrom = new TimeOnly(22, 0), QuietTo = new TimeOnly(6, 0) };
        var at = AlertDispatcher.DueAt(rule, Enum.Parse<AlertSeverity>(severity), DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal));
        Assert.Equal(DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal), at);
    }

    [Theory]
    [InlineData("2026-11-23T06:59:00Z", "2026-11-23T07:00:00Z")] // GMT: 07:00 local is 07:00 UTC
    [InlineData("2026-11-23T07:00:00Z", "2026-11-24T07:00:00Z")]
    [InlineData("2026-07-01T12:00:00Z", "2026-07-02T06:00:00Z")] // BST: 07:00 local is 06:00 UTC
    public void DailyDigest_GoesAtSevenUkTime(string now, string due) =>
        Assert.Equal(DateTime.Parse(due, null, System.Globalization.DateTimeStyles.AdjustToUniversal),
            AlertDispatcher.NextDigest(DateTime.Parse(now, null, System.Globalization.DateTimeStyles.AdjustToUniversal), 7));
}
