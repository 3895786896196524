using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class TrendsTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    /// <summary>
    /// Crimes by type in 2021-08-avon-and-somerset-street.csv, counted from the file itself
    /// (tests/Waymark.Server.Tests/TestData/policeuk/README.txt), under Waymark's names for police.uk's categories.
    /// </summary>
    private static readonly Dictionary<string, int> AvonAugust2021 = new(StringComparer.Ordinal)
    {
        ["Violence and sexual offences"] = 5196,
        ["Anti-social behaviour"] = 2505,
        ["Public order"] = 1905,
        ["Criminal damage and arson"] = 1216,
        ["Other theft"] = 938,
        ["Vehicle crime"] = 768,
        ["Shoplifting"] = 708,
        ["Burglary"] = 565,
        ["Bicycle theft"] = 239,
        ["Other crime"] = 237,
        ["Drugs"] = 202,
        ["Robbery"] = 159,
        ["Theft from the person"] = 83,
        ["Possession of weapons"] = 65,
    };

    [SkippableFact]
    public async Task TrendsPanel_AfterImportingAvonAndSomerset_ShowsTheFilesAugustCountsByCategory()
    {
        using var api = await server.ApiAsync(WaymarkServer.PoliceAnalyst);
        using var upload = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "policeuk", "2021-08-avon-and-somerset-street.csv")));
        upload.Add(file, "file", "2021-08-avon-and-somerset-street.csv");
        (await api.PostAsync("/api/imports/policeuk", upload)).EnsureSuccessStatusCode();
        var organisations = await api.GetFromJsonAsync<JsonElement>("/api/organisations");
        var avon = organisations.EnumerateArray().Single(o => o.GetProperty("name").GetString() == "Avon and Somerset Constabulary").GetProperty("id").GetString();

        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst, then: $"/?from=2021-08&to=2021-08&owner={avon}&panel=trends");
        var table = page.GetByTestId("trend-table");
        await Expect(table).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trends")).ToContainTextAsync("14,786 crimes");
        foreach (var (category, count) in AvonAugust2021)
        {
            var row = table.Locator("tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Rowheader, new() { Name = category, Exact = true }) });
            await Expect(row.Locator("td")).ToHaveTextAsync(count.ToString("N0", CultureInfo.InvariantCulture)); // the one month, August 2021
        }

        await Expect(table.Locator("tfoot td")).ToHaveTextAsync("14,786");
        await BrowserFixture.ScreenshotAsync(page, "trends-avon-august-2021");
    }
}
