using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ImportTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    private static string AvonAndSomerset => Path.Combine(AppContext.BaseDirectory, "TestData", "policeuk", "2021-08-avon-and-somerset-street.csv");

    [SkippableFact]
    public async Task ImportPage_PoliceUkFile_ReportsEveryRow_ThenTheMapShowsTheBristolCrimes()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst);
        await page.GetByRole(AriaRole.Link, new() { Name = "Import" }).ClickAsync();
        await page.GetByLabel("police.uk street-level CSV").CheckAsync();
        await page.GetByLabel("CSV files").SetInputFilesAsync(AvonAndSomerset);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();

        var report = page.GetByTestId("import-report");
        await report.WaitForAsync(new() { Timeout = 120_000 });
        // The file's 14,786 rows (see tests/Waymark.Server.Tests/TestData/policeuk/README.txt): all new, 956 without a location.
        await Expect(report.GetByTestId("import-rows")).ToContainTextAsync("14,786");
        await Expect(report.GetByTestId("import-imported")).ToContainTextAsync("14,786");
        await Expect(report.GetByTestId("import-duplicates")).ToContainTextAsync("0");
        await Expect(report.GetByTestId("import-rejected")).ToContainTextAsync("0");
        await Expect(report.GetByTestId("import-unlocated")).ToContainTextAsync("956");
        await Expect(report).ToContainTextAsync("No row was rejected.");
        await BrowserFixture.ScreenshotAsync(page, "import-report");

        // Central Bristol in August 2021, as a circle of 3 km around the Centre: the map draws what the API counts.
        const string circle = "lat=51.4545&lon=-2.5879&radius=3000&from=2021-08-01T00:00:00Z&to=2021-08-31T23:59:59Z";
        using var api = await server.ApiAsync(WaymarkServer.PoliceAnalyst);
        var expected = (await api.GetFromJsonAsync<JsonElement>($"/api/crimes?pageSize=1&{circle}")).GetProperty("total").GetInt32();
        Assert.InRange(expected, 1000, 5000);

        await page.GotoAsync(server.BaseUrl + "/?from=2021-08&to=2021-08&lat=51.4545&lon=-2.5879&z=13&sel=c:51.4545,-2.5879,3000&panel=selection");
        var map = await Pages.MapReadyAsync(page);
        Assert.Equal(expected, map.Total);
        Assert.Equal(expected, await Pages.DrawnCrimesAsync(page));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Crimes in the selection" })).ToBeVisibleAsync();
        await Expect(page.GetByText($"{expected.ToString("N0", CultureInfo.InvariantCulture)} crimes match the filters")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "map-bristol");

        // A crime from the list: recorded by the force named in the file, from police.uk, in August 2021.
        await page.Locator(".crime-row").First.ClickAsync();
        var details = page.Locator("article.crime");
        await Expect(details).ToContainTextAsync("Avon and Somerset Constabulary");
        await Expect(details).ToContainTextAsync("police.uk open data");
        await Expect(details).ToContainTextAsync("Aug 2021");
    }

    [SkippableFact]
    public async Task ImportPage_FileWithBadRows_ListsEachRejectedRowWithItsLineAndReason()
    {
        // One good row (in Bath, away from the Bristol test's circle) and two bad ones.
        var file = Path.Combine(Path.GetTempPath(), $"waymark-bad-rows-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file,
            "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context\n" +
            "bbbb000000000000000000000000000000000000000000000000000000000001,2021-08,Browser Test Police,Browser Test Police,-2.359,51.381,On or near Pulteney Bridge,,,Robbery,Status update unavailable,\n" +
            "bbbb000000000000000000000000000000000000000000000000000000000002,2021-08,Browser Test Police,Browser Test Police,-2.58,51.46,On or near X,,,Teleportation,,\n" +
            "bbbb000000000000000000000000000000000000000000000000000000000003,2021-08,Browser Test Police,Browser Test Police,2.35,48.85,On or near Paris,,,Robbery,,\n");
        try
        {
            var page = await browser.NewPageAsync();
            await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst, then: "/import");
            await page.GetByLabel("CSV files").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();

            var report = page.GetByTestId("import-report");
            await Expect(report.GetByTestId("import-imported")).ToContainTextAsync("1");
            await Expect(report.GetByTestId("import-rejected")).ToContainTextAsync("2");
            var rows = report.GetByTestId("rejected-rows").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(2);
            await Expect(rows.Nth(0)).ToContainTextAsync("3");
            await Expect(rows.Nth(0)).ToContainTextAsync("Teleportation");
            await Expect(rows.Nth(1)).ToContainTextAsync("4");
            await Expect(rows.Nth(1)).ToContainTextAsync("outside Great Britain and Northern Ireland");
            await BrowserFixture.ScreenshotAsync(page, "import-rejected-rows");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [SkippableFact]
    public async Task ImportPage_FileThatIsNotPoliceUk_ShowsTheServersProblem()
    {
        var file = Path.Combine(Path.GetTempPath(), $"waymark-not-policeuk-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "name,age\nAda,36\n");
        try
        {
            var page = await browser.NewPageAsync();
            await Pages.LogInAsync(page, server, WaymarkServer.PoliceAnalyst, then: "/import");
            await page.GetByLabel("CSV files").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();

            var alert = page.GetByTestId("import-result").GetByRole(AriaRole.Alert);
            await Expect(alert).ToContainTextAsync("Nothing was imported");
            await Expect(alert).ToContainTextAsync("is not a police.uk street-level file");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
