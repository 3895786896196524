using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using Waymark.Core.Marking;
using Waymark.Server.Features.Marking;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class MarkingTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    [SkippableFact]
    public async Task MarkingPage_ShowsTheDemoProgrammesSaturationMapAndEvaluation()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst, then: "/marking");
        await Expect(page.GetByTestId("programmes")).ToContainTextAsync("LincsTrace household marking");
        await page.GetByTestId("programmes").Locator("tr", new() { HasText = "LincsTrace" }).GetByRole(AriaRole.Button, new() { Name = "Open" }).ClickAsync();
        await Expect(page.GetByTestId("saturation-summary")).ToContainTextAsync("Saturation in 6 target areas");
        await Expect(page.GetByTestId("saturation-areas").Locator("tbody tr")).ToHaveCountAsync(12);
        // The choropleth: one polygon per area on the map.
        await Expect(page.GetByTestId("saturation-map").Locator("path.leaflet-interactive")).ToHaveCountAsync(12);

        await page.GetByText("Evaluation", new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Evaluate" }).ClickAsync();
        await Expect(page.GetByTestId("evaluation")).ToContainTextAsync("Police hours saved");
        await BrowserFixture.ScreenshotAsync(page, "marking-programme");
    }

    [SkippableFact]
    public async Task TracePage_FindsTheStolenLaptopAndSuggestsTheCodeForATypo()
    {
        var code = MarkingCode.Issue(MarkingDemoSeed.HouseholdPrefix, 17);
        var typo = code.Value[..6] + (code.Value[6] == '0' ? '1' : '0') + code.Value[7..];
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst, then: "/marking/trace");
        await page.Locator("textarea[name=codes]").FillAsync($"{code.Display}\n{typo}");
        await page.Locator("input[name=purpose]").FillAsync("browser test: recovered laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trace" }).ClickAsync();
        var results = page.GetByTestId("trace-results");
        await Expect(results).ToContainTextAsync("2 codes: 1 registered, 1 recorded stolen.");
        await Expect(results).ToContainTextAsync("LincsTrace household marking (Lincolnshire Police)");
        await Expect(results).ToContainTextAsync("DC Okafor (Lincolnshire Police)");
        await Expect(results).ToContainTextAsync($"Likely intended: {code.Display}");
        await BrowserFixture.ScreenshotAsync(page, "marking-trace");
    }
}
