using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class ClusterTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    [SkippableFact]
    public async Task EmergingClusters_Overlay_DrawsTheDemoClusterAndAgreesWithTheApi()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst);
        await Pages.MapReadyAsync(page);

        // Switched on over the crimes, kept in the URL.
        await page.GetByLabel("Emerging clusters (last 90 days)").CheckAsync();
        await Expect(page).ToHaveURLAsync(ClustersInUrl());
        var status = page.GetByTestId("clusters-status");
        await Expect(status).ToHaveAttributeAsync("data-state", new Regex("ready|error"));
        Assert.Equal("ready", await status.GetAttributeAsync("data-state"));
        var shown = int.Parse(await status.GetAttributeAsync("data-significant") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

        // The API, asked with the page's own session and the same parameters, finds the same significant clusters.
        var cookies = await page.Context.CookiesAsync();
        var jar = new CookieContainer();
        foreach (var c in cookies)
        {
            jar.Add(new Uri(server.BaseUrl), new System.Net.Cookie(c.Name, c.Value, "/"));
        }

        using var api = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = new Uri(server.BaseUrl) };
        var result = await api.GetFromJsonAsync<JsonElement>("/api/analytics/clusters?studyDays=90");
        var significant = result.GetProperty("clusters").EnumerateArray().Where(c => c.GetProperty("significant").GetBoolean()).ToList();
        Assert.NotEmpty(significant); // the demo's rail cable thefts at Tuxford, East Coast Main Line, in the last fortnight
        Assert.Equal(significant.Count, shown);
        var observed = significant[0].GetProperty("observed").GetInt32();
        await Expect(status).ToContainTextAsync($"{observed} crimes observed");
        await Expect(status).ToContainTextAsync(significant.Count == 1 ? "1 emerging cluster" : $"{significant.Count} emerging clusters");
        Assert.Equal(significant.Count, await page.Locator("path.emerging-cluster.significant").CountAsync());

        // Zoomed to it, the circle is drawn and its popup gives the counts, dates, p-value and recurrence interval.
        await status.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Zoom to") }).ClickAsync();
        var ring = page.Locator("path.emerging-cluster-ring.significant").First;
        await Expect(ring).ToBeVisibleAsync();
        await ring.ClickAsync(new() { Force = true });
        var popup = page.GetByTestId("cluster-popup");
        await Expect(popup).ToContainTextAsync($"{observed} crimes");
        await Expect(popup).ToContainTextAsync("expected");
        await Expect(popup).ToContainTextAsync(new Regex(@"p [<=] 0\.0"));
        await Expect(popup).ToContainTextAsync(new Regex(@"once in [\d,]+ days"));
        await Pages.MapReadyAsync(page); // the crimes of the new view drawn, for the screenshot
        await page.WaitForTimeoutAsync(300); // the popup's fade-in
        await BrowserFixture.ScreenshotAsync(page, "map-emerging-clusters");

        // Shared as a link, the overlay is on again.
        var other = await browser.NewPageAsync();
        await Pages.LogInAsync(other, server, WaymarkServer.PoliceAnalyst, then: new Uri(page.Url).PathAndQuery);
        await Expect(other.GetByLabel("Emerging clusters (last 90 days)")).ToBeCheckedAsync();
        await Expect(other.GetByTestId("clusters-status")).ToHaveAttributeAsync("data-significant", significant.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("clusters=1")]
    private static partial Regex ClustersInUrl();
}
