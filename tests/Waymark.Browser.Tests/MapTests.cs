using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class MapTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    [SkippableFact]
    public async Task Map_AfterLogin_DrawsEveryDemoCrimeTheAnalystMaySee()
    {
        using var api = await server.ApiAsync(WaymarkServer.PoliceAnalyst);
        var visible = await TotalAsync(api, "");
        Assert.InRange(visible, 1000, 5000); // the demo partnership: about 1,750 crimes, most shared with the police

        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst);
        var whoami = page.GetByTestId("whoami");
        await Expect(whoami).ToContainTextAsync("British Transport Police");
        await Expect(whoami).ToContainTextAsync("Police analyst");

        // The first view is the whole of Great Britain and Northern Ireland: every demo crime is in it and drawn,
        // singly or inside a numbered cluster.
        var map = await Pages.MapReadyAsync(page);
        Assert.Equal(visible, map.Total);
        Assert.Equal(visible, map.Shown);
        Assert.Equal(visible, await Pages.DrawnCrimesAsync(page));
        await Expect(page.Locator(".leaflet-outline-pane path").First).ToBeAttachedAsync(); // the shipped outline
        await BrowserFixture.ScreenshotAsync(page, "map-demo");
    }

    [SkippableFact]
    public async Task CategoryFilter_ShowsOnlyThatCategory_AndASharedLinkKeepsIt()
    {
        const string category = "metal-theft-substation-earthing";
        using var api = await server.ApiAsync(WaymarkServer.PoliceAnalyst);
        var all = await TotalAsync(api, "");
        var earthing = await TotalAsync(api, $"category={category}");
        Assert.InRange(earthing, 1, all - 1);

        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst);
        Assert.Equal(all, (await Pages.MapReadyAsync(page)).Total);

        await page.GetByText("Categories", new() { Exact = false }).First.ClickAsync();
        await page.GetByLabel("Metal theft: power substation earthing").CheckAsync();
        await Expect(page.GetByTestId("map-status")).ToHaveAttributeAsync("data-total", earthing.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var filtered = await Pages.MapReadyAsync(page);
        Assert.Equal(earthing, filtered.Total);
        Assert.Equal(earthing, await Pages.DrawnCrimesAsync(page));
        await Expect(page).ToHaveURLAsync(CategoryInUrl());
        await BrowserFixture.ScreenshotAsync(page, "map-filtered");

        // The URL is the view: opened afresh, it shows the same filtered map.
        var shared = page.Url;
        var other = await browser.NewPageAsync();
        await Pages.LogInAsync(other, server, WaymarkServer.PoliceAnalyst, then: new Uri(shared).PathAndQuery);
        Assert.Equal(earthing, (await Pages.MapReadyAsync(other)).Total);
        await Expect(other.GetByLabel("Metal theft: power substation earthing")).ToBeCheckedAsync();
    }

    [SkippableFact]
    public async Task FreeTextThatMatchesNothing_ShowsTheEmptyState()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst);
        await Pages.MapReadyAsync(page);

        await page.GetByLabel("Search text").FillAsync("no-such-words-anywhere");
        await page.GetByLabel("Search text").PressAsync("Enter");
        await Expect(page.GetByTestId("map-status")).ToHaveAttributeAsync("data-total", "0");
        await Expect(page.GetByTestId("map-empty")).ToContainTextAsync("No crimes here");
        Assert.Equal(0, await Pages.DrawnCrimesAsync(page));

        await page.GetByTestId("map-empty").GetByRole(AriaRole.Button, new() { Name = "Clear filters" }).ClickAsync();
        await Expect(page.GetByTestId("map-empty")).ToBeHiddenAsync();
        Assert.True((await Pages.MapReadyAsync(page)).Total > 0);
    }

    private static async Task<int> TotalAsync(HttpClient api, string query) =>
        (await api.GetFromJsonAsync<JsonElement>($"/api/crimes?pageSize=1&{query}")).GetProperty("total").GetInt32();

    [GeneratedRegex("category=metal-theft-substation-earthing")]
    private static partial Regex CategoryInUrl();
}
