using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class AnprTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    [SkippableFact]
    public async Task AnprPage_ShowsCamerasAndHotlist_AndTheVansMovementsAsTableAndTrail()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst);
        await page.GetByRole(AriaRole.Link, new() { Name = "ANPR" }).ClickAsync();

        // The demo's twelve cameras on the map, and BTP's hotlist with the van on it.
        await Expect(page.Locator("#anpr-map")).ToHaveAttributeAsync("data-cameras", "12");
        await Expect(page.Locator("path.anpr-camera")).ToHaveCountAsync(12);
        await Expect(page.GetByTestId("hotlist")).ToContainTextAsync("YK19VNX");

        await page.Locator("#anpr-plate").FillAsync("yk19 vnx");
        await page.GetByLabel("Purpose").FillAsync("Identify vehicles at the Tuxford cable thefts");
        await page.GetByLabel("Investigation reference").FillAsync("OP-TUXFORD");
        await page.GetByRole(AriaRole.Button, new() { Name = "Show movements" }).ClickAsync();

        var results = page.GetByTestId("anpr-results");
        await Expect(results.GetByRole(AriaRole.Heading)).ToContainTextAsync("YK19VNX (Current)");
        var rows = page.GetByTestId("anpr-reads").Locator("tbody tr");
        Assert.InRange(await rows.CountAsync(), 10, 60);
        await Expect(rows.First).ToContainTextAsync("A1 Tuxford");
        await Expect(page.Locator("path.anpr-trail")).ToHaveCountAsync(1);
        await BrowserFixture.ScreenshotAsync(page, "anpr-movements");

        var partner = await browser.NewPageAsync();
        await Pages.LogInAsync(partner, server, WaymarkServer.RailPartner);
        await Expect(partner.GetByRole(AriaRole.Link, new() { Name = "ANPR" })).ToHaveCountAsync(0);
    }
}
