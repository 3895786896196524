using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using Waymark.Core.Geo;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class AlertTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    private const string PoliceOfficer = "officer@btp.demo";
    private const string RouteName = "ECML signalling cable, Tuxford";

    // A straight north–south cable route on the East Coast Main Line near Tuxford, 2 km long at easting 475,000 on the
    // British National Grid, with a 10 m corridor: positions worked out on the grid so that distances are exact.
    private const double RouteEasting = 475_000, RouteSouth = 368_000, RouteNorth = 370_000, RouteBuffer = 10;

    /// <summary>Outside Great Britain and Northern Ireland: an asset there is refused.</summary>
    private static readonly double[] Paris = [2.35, 48.85];

    [SkippableFact]
    public async Task PartnerWithRouteAndRule_PoliceRecordCrime300mAway_ToastAndBellThenAlertWithDistance_AcknowledgeAndClose()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.TelecomsPartner, then: "/assets");

        // The partner uploads its cable route as GeoJSON.
        var (lat1, lon1) = Wgs84(RouteEasting, RouteSouth);
        var (lat2, lon2) = Wgs84(RouteEasting, RouteNorth);
        var file = Path.Combine(Path.GetTempPath(), $"waymark-route-{Guid.NewGuid():N}.geojson");
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(new
        {
            type = "FeatureCollection",
            features = new object[]
            {
                new
                {
                    type = "Feature",
                    properties = new { name = RouteName, kind = "cable route", reference = "ECML-CABLE-1", bufferMetres = RouteBuffer },
                    geometry = new { type = "LineString", coordinates = new[] { new[] { lon1, lat1 }, new[] { lon2, lat2 } } },
                },
                new { type = "Feature", properties = new { name = "Nowhere" }, geometry = new { type = "Point", coordinates = Paris } },
            },
        }));
        try
        {
            await page.GetByLabel("GeoJSON or CSV file").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload", Exact = true }).ClickAsync();
        }
        finally
        {
            File.Delete(file);
        }

        var report = page.GetByTestId("asset-import-report");
        await Expect(report).ToContainTextAsync("2 rows read — 1 created, 0 updated, 1 rejected");
        var rejected = report.GetByTestId("asset-rejected-rows").Locator("tbody tr");
        await Expect(rejected).ToHaveCountAsync(1);
        await Expect(rejected.First).ToContainTextAsync("2"); // the second feature, in Paris
        await Expect(page.GetByTestId("asset-table")).ToContainTextAsync(RouteName);
        await Expect(page.GetByTestId("asset-table")).ToContainTextAsync("10 m");
        await BrowserFixture.ScreenshotAsync(page, "alerts-assets-uploaded");

        // …and asks to hear of crime within 500 m of its assets.
        await page.GetByRole(AriaRole.Link, new() { Name = "Alert settings", Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Cable theft near our routes");
        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("crime-near-asset");
        await page.GetByLabel("Distance (metres)").FillAsync("500");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the rule" }).ClickAsync();
        await Expect(page.GetByTestId("rules-table")).ToContainTextAsync("Cable theft near our routes");
        await Expect(page.GetByTestId("rules-table")).ToContainTextAsync("within 500 m");

        // The map near the route, with the assets overlay; the bell is live and reads 0.
        await page.GotoAsync(server.BaseUrl + FormattableString.Invariant($"/?lat={lat1:0.0000}&lon={lon1:0.0000}&z=13&assets=1"));
        await Pages.MapReadyAsync(page);
        await Expect(page.GetByTestId("assets-note")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+ assets? of yours shown"));
        var bell = page.GetByTestId("alerts-bell");
        await Expect(bell).ToHaveAttributeAsync("data-live", "true");
        await Expect(bell).ToHaveAttributeAsync("data-count", "0");

        // A police officer records a metal theft 310 m east of the cable's centre line: 300 m from its corridor.
        using var police = await server.ApiAsync(PoliceOfficer);
        var (lat, lon) = Wgs84(RouteEasting + 310, 369_000);
        var from = DateTime.UtcNow.AddHours(-3);
        var recorded = await police.PostAsJsonAsync("/api/crimes", new
        {
            category = "metal-theft-rail-signalling-cable",
            occurredFrom = from.ToString("O"),
            occurredTo = from.AddHours(1).ToString("O"),
            latitude = lat,
            longitude = lon,
            locationDescription = "Lineside north of Tuxford",
            visibility = "Partnership",
        });
        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);

        // The partner's map tells at once: a toast, and the bell counts it.
        var toast = page.GetByTestId("alert-toast");
        await Expect(toast).ToContainTextAsync($"300 m from {RouteName}");
        await Expect(toast.GetByTestId("severity")).ToHaveTextAsync("Medium"); // 300 m of 500: beyond a quarter of the rule's distance
        await Expect(toast).ToHaveAttributeAsync("role", "status");
        await Expect(bell).ToHaveAttributeAsync("data-count", "1");
        await BrowserFixture.ScreenshotAsync(page, "alerts-toast");

        // "Show" goes to the crime: a popup on the map, the crime's details in the panel; the alert is now read.
        await toast.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var popup = page.GetByTestId("alert-popup");
        await Expect(popup).ToContainTextAsync($"300 m from {RouteName}");
        await Expect(page.Locator("article.crime")).ToContainTextAsync("Lineside north of Tuxford");
        await Expect(page).ToHaveURLAsync(new Regex("crime=[0-9a-f-]{36}"));
        await Expect(bell).ToHaveAttributeAsync("data-count", "0");
        await Expect(toast).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "alerts-shown-on-map");

        // The alert in the inbox: the asset and its distance, then acknowledge and close.
        await popup.GetByRole(AriaRole.Link, new() { Name = "Open the alert" }).ClickAsync();
        var detail = page.GetByTestId("alert-detail");
        var assets = detail.GetByTestId("evidence-assets");
        await Expect(assets).ToContainTextAsync(RouteName);
        await Expect(assets.Locator("tbody tr").First.Locator("td").Nth(2)).ToHaveTextAsync("300 m");
        await Expect(detail.GetByTestId("evidence-crime")).ToContainTextAsync("Lineside north of Tuxford");
        await Expect(detail.GetByTestId("alert-status")).ToHaveTextAsync("Open");
        await Expect(page.GetByTestId("alert-row")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "alerts-detail");

        await detail.GetByRole(AriaRole.Button, new() { Name = "Acknowledge" }).ClickAsync();
        await Expect(detail.GetByTestId("alert-status")).ToHaveTextAsync("Acknowledged");

        // Assigned from a picker of the organisation's own people (loaded after the placeholder).
        var colleague = detail.GetByLabel("Colleague", new() { Exact = true });
        await Expect(colleague.Locator("option").Nth(1)).ToBeAttachedAsync();
        await colleague.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await detail.GetByRole(AriaRole.Button, new() { Name = "Assign", Exact = true }).ClickAsync();
        await Expect(detail.GetByTestId("alert-history")).ToContainTextAsync("assigned");

        // Closing needs a note: the server's refusal is shown by the field.
        await detail.GetByRole(AriaRole.Button, new() { Name = "Close the alert" }).ClickAsync();
        await Expect(page.Locator("#close-note-error")).ToContainTextAsync("Note is required");
        await Expect(page.GetByLabel("Closing note (required)")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.GetByLabel("Closing note (required)").FillAsync("Patrol sent; cable intact, suspects gone.");
        await detail.GetByRole(AriaRole.Button, new() { Name = "Close the alert" }).ClickAsync();
        await Expect(detail.GetByTestId("alert-status")).ToHaveTextAsync("Closed");
        var history = detail.GetByTestId("alert-history");
        await Expect(history).ToContainTextAsync("acknowledged");
        await Expect(history).ToContainTextAsync("Patrol sent; cable intact, suspects gone.");
        await BrowserFixture.ScreenshotAsync(page, "alerts-closed");

        // The inbox's filters: no open alert is left; the closed one is under "Closed".
        await page.GetByLabel("Status").SelectOptionAsync("open");
        await Expect(page.GetByTestId("alert-row")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("alerts-summary")).ToContainTextAsync("0 alerts match");
        await page.GetByLabel("Status").SelectOptionAsync("closed");
        await Expect(page.GetByTestId("alert-row")).ToHaveCountAsync(1);
    }

    [SkippableFact]
    public async Task AssetsPage_LineDrawnOnTheMap_IsSavedWithItsBuffer_AfterTheServersRefusalsShownByTheFields()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.TelecomsPartner, then: "/assets");

        // Nothing drawn and no name: the server names both, beside their fields.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the asset" }).ClickAsync();
        await Expect(page.Locator("#asset-name-error")).ToContainTextAsync("Name is required");
        await Expect(page.Locator("#asset-geometry-error")).ToContainTextAsync("is required");

        await page.GetByRole(AriaRole.Button, new() { Name = "Draw line" }).ClickAsync();
        var box = (await page.Locator("#assets-map").BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Mouse.ClickAsync(box.X + box.Width / 2 + 40, box.Y + box.Height / 2 + 30);
        await page.Mouse.ClickAsync(box.X + box.Width / 2 + 90, box.Y + box.Height / 2 + 40);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("asset-geometry-text")).ToContainTextAsync("Line of 3 points");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Depot siding cable");
        await page.GetByLabel("Buffer (metres)").FillAsync("25");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the asset" }).ClickAsync();
        var row = page.GetByTestId("asset-table").Locator("tr", new() { HasText = "Depot siding cable" });
        await Expect(row).ToContainTextAsync("Line");
        await Expect(row).ToContainTextAsync("25 m");
        await Expect(page.Locator(".asset-buffer")).Not.ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "alerts-asset-drawn");

        // From the keyboard: pan with the arrow keys, A adds the map's centre as a corner, Enter closes the polygon.
        await page.GetByRole(AriaRole.Button, new() { Name = "Draw polygon" }).ClickAsync();
        foreach (var key in new[] { "a", "ArrowRight", "a", "ArrowDown", "a" })
        {
            await page.Keyboard.PressAsync(key);
            await page.WaitForTimeoutAsync(400); // the pan is animated
        }

        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByTestId("asset-geometry-text")).ToContainTextAsync("Polygon with 3 corners");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Depot yard");
        await page.GetByLabel("Buffer (metres)").FillAsync("0");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save the asset" }).ClickAsync();
        await Expect(page.GetByTestId("asset-table").Locator("tr", new() { HasText = "Depot yard" })).ToContainTextAsync("Polygon");
    }

    [SkippableFact]
    public async Task SharedAssetsOverlay_IsOfferedToPolice_AndNotToPartners()
    {
        // A partner's substation, shared with police.
        using var power = await server.ApiAsync("security@power.demo");
        var (lat, lon) = Wgs84(460_000, 340_000);
        var created = await power.PostAsJsonAsync("/api/assets", new { name = "Grid substation", kind = "substation", latitude = lat, longitude = lon, bufferMetres = 100, sharedWithPolice = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var partner = await browser.NewPageAsync();
        await Pages.LogInAsync(partner, server, WaymarkServer.RailPartner);
        await Pages.MapReadyAsync(partner);
        await Expect(partner.GetByLabel("Our assets")).ToBeVisibleAsync();
        await Expect(partner.GetByLabel("Partners' assets shared with police")).ToHaveCountAsync(0);

        var police = await browser.NewPageAsync();
        await Pages.LogInAsync(police, server, WaymarkServer.PoliceAnalyst);
        await Pages.MapReadyAsync(police);
        await police.GetByLabel("Partners' assets shared with police").CheckAsync();
        await Expect(police.GetByTestId("assets-note")).ToContainTextAsync(SharedShown());
        await Expect(police).ToHaveURLAsync(new Regex("shared=1"));
        await BrowserFixture.ScreenshotAsync(police, "alerts-police-shared-assets");
    }

    [SkippableFact]
    public async Task SettingsPage_RuleRefusedFieldByField_WebhookSecretShownOnceWithItsSignature_AndItsDeliveryLog()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.TelecomsPartner, then: "/alert-settings");
        // The telecoms operator starts with no rules of its own, but another test in this class may have added one.
        await Expect(page.GetByText("No rules yet").Or(page.GetByTestId("rules-table"))).ToBeVisibleAsync();

        // A rule without a name or a distance: each refusal beside its field.
        await page.GetByLabel("Kind", new() { Exact = true }).SelectOptionAsync("crime-near-asset");
        await page.GetByLabel("Distance (metres)").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the rule" }).ClickAsync();
        await Expect(page.Locator("#rule-name-error")).ToContainTextAsync("Name is required");
        await Expect(page.Locator("#rule-distance-error")).ToContainTextAsync("Distance is required for this kind");
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Mast break-ins");
        await page.GetByLabel("Distance (metres)").FillAsync("250");
        await page.GetByLabel("Sectors").SelectOptionAsync(["telecoms"]);
        await page.GetByLabel("From", new() { Exact = true }).FillAsync("22:00");
        await page.GetByLabel("To", new() { Exact = true }).FillAsync("06:00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the rule" }).ClickAsync();
        var rules = page.GetByTestId("rules-table");
        await Expect(rules).ToContainTextAsync("Mast break-ins");
        await Expect(rules).ToContainTextAsync("within 250 m");
        await Expect(rules).ToContainTextAsync("quiet 22:00–06:00");

        // A webhook: a bad URL refused by its field, then the secret shown once with how to check the signature.
        await page.GetByLabel("Receiver URL").FillAsync("not a url");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the webhook" }).ClickAsync();
        await Expect(page.Locator("#hook-url-error")).ToContainTextAsync("is not an absolute http:// or https:// URL");
        await page.GetByLabel("Receiver URL").FillAsync("http://192.0.2.10/waymark-hook");
        await page.GetByLabel("Description").FillAsync("Control room");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add the webhook" }).ClickAsync();
        var secret = await page.GetByTestId("webhook-secret").InnerTextAsync();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        await Expect(page.GetByTestId("webhook-created")).ToContainTextAsync("X-Waymark-Signature");
        await Expect(page.GetByTestId("webhook-created")).ToContainTextAsync("{timestamp}.{body}");
        await Expect(page.GetByTestId("webhooks-table")).ToContainTextAsync("http://192.0.2.10/waymark-hook");
        await BrowserFixture.ScreenshotAsync(page, "alerts-settings-webhook-secret");

        await page.GetByRole(AriaRole.Button, new() { Name = "Delivery log of http://192.0.2.10/waymark-hook" }).ClickAsync();
        await Expect(page.GetByText("Nothing sent to it yet.")).ToBeVisibleAsync();

        // Shown once: after a reload the page no longer holds it.
        await page.ReloadAsync();
        await Expect(page.GetByTestId("webhooks-table")).ToContainTextAsync("Control room");
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[1-9]\d* shared assets? shown")]
    private static partial Regex SharedShown();

    private static (double Lat, double Lon) Wgs84(double easting, double northing)
    {
        Assert.True(Ostn15.TryToWgs84(easting, northing, out var lat, out var lon));
        return (lat, lon);
    }
}
