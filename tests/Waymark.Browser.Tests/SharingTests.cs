using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class SharingTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    [SkippableFact]
    public async Task PartnerUser_OpeningALawEnforcementOnlyCrime_IsToldItCannotBeShown()
    {
        // A crime British Transport Police shared with law enforcement only.
        using var police = await server.ApiAsync(WaymarkServer.PoliceAnalyst);
        var page1 = await police.GetFromJsonAsync<JsonElement>("/api/crimes?pageSize=1000");
        var crime = page1.GetProperty("items").EnumerateArray().First(c =>
            c.GetProperty("visibility").GetString() == "LawEnforcement" && c.GetProperty("ownerOrganisation").GetString() == "British Transport Police");
        var id = crime.GetProperty("id").GetString()!;
        var reference = crime.GetProperty("reference").GetString()!;

        using var rail = await server.ApiAsync(WaymarkServer.RailPartner);
        Assert.Equal(HttpStatusCode.NotFound, (await rail.GetAsync($"/api/crimes/{id}")).StatusCode);

        // The partner follows a link to it: the page says it cannot be shown, and shows nothing of it.
        var partnerPage = await browser.NewPageAsync();
        await Pages.LogInAsync(partnerPage, server, WaymarkServer.RailPartner, then: $"/?crime={id}");
        var problem = partnerPage.GetByTestId("crime-problem");
        await Expect(problem).ToContainTextAsync("This crime cannot be shown");
        await Expect(problem).ToContainTextAsync("Crime not found");
        await Expect(partnerPage.Locator("article.crime")).ToHaveCountAsync(0);
        await Expect(partnerPage.GetByText(reference)).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(partnerPage, "crime-not-visible-to-partner");

        // The police analyst who may see it gets its details, personal data included (their own force's record).
        var policePage = await browser.NewPageAsync();
        await Pages.LogInAsync(policePage, server, WaymarkServer.PoliceAnalyst, then: $"/?crime={id}");
        var details = policePage.Locator("article.crime");
        await Expect(details).ToContainTextAsync(reference);
        await Expect(details).ToContainTextAsync("Law enforcement");
        await Expect(details.GetByRole(AriaRole.Heading, new() { Name = "Personal data" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(policePage, "crime-details-police");
    }
}
