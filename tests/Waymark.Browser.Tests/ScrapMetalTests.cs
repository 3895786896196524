using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ScrapMetalTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    private const string Dealer = "yard@humbermetals.demo";
    private const string LincsAnalyst = "analyst@lincs.demo";

    [SkippableFact]
    public async Task Dealer_RecordsACashReceipt_SeesTheBreachAndWhatToDo()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, Dealer);
        await page.GetByRole(AriaRole.Link, new() { Name = "Scrap metal" }).ClickAsync();
        // The demo's receipts are listed: 15 recorded in the last three weeks.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your receipts (15)" })).ToBeVisibleAsync();

        await page.GetByLabel("Metal type").SelectOptionAsync("aluminium");
        await page.GetByLabel("Weight (kg)").FillAsync("48.5");
        await page.GetByLabel("Vehicle registration").FillAsync("YK19 ABC");
        await page.GetByLabel("Seller's full name").FillAsync("Alan Honest");
        await page.GetByLabel("Seller's address").FillAsync("3 Thorne Road, Gainsborough");
        await page.GetByLabel("Reference of the copy kept").FillAsync("scan-web-1.pdf");
        await page.GetByLabel("Paid by (for the dealer)").FillAsync("Karen Patel");
        await page.GetByLabel("Payment", new() { Exact = true }).SelectOptionAsync("Cash");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record receipt" }).ClickAsync();

        var card = page.GetByTestId("receipt-card");
        await Expect(card).ToContainTextAsync("flagged");
        await Expect(card).ToContainTextAsync("Breach (cash-payment)");
        await Expect(card).ToContainTextAsync("non-transferable cheque or electronic transfer");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your receipts (16)" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "scrap-dealer-cash-receipt");

        // A plate that no UK registration can be is refused, naming the field.
        await page.GetByLabel("Vehicle registration").FillAsync("QQ99 QQQ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Record receipt" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("vehicleRegistration");
    }

    [SkippableFact]
    public async Task Police_SeeComplianceAndTheFlaggedCopperWithItsMatches()
    {
        var page = await browser.NewPageAsync();
        await Pages.LogInAsync(page, server, LincsAnalyst);
        await page.GetByRole(AriaRole.Link, new() { Name = "Scrap metal" }).ClickAsync();
        var compliance = page.GetByTestId("compliance");
        await Expect(compliance).ToContainTextAsync("Humber Metals Recycling Ltd");
        await Expect(compliance).ToContainTextAsync("WLDC/SMD/0042");
        await Expect(compliance).ToContainTextAsync("cash-payment");
        await page.GetByText("HM-10414 — stolen-metal-nearby").ClickAsync();
        await Expect(page.Locator("details[open]")).ToContainTextAsync("reported theft(s) of matching metal within 25 km");
        await BrowserFixture.ScreenshotAsync(page, "scrap-police-compliance");
    }
}
