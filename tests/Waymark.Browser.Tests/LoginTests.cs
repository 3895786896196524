using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Waymark.Browser.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Waymark.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed partial class LoginTests(BrowserFixture browser, WaymarkServer server) : IClassFixture<WaymarkServer>
{
    [SkippableFact]
    public async Task Login_WrongPasswordIsRefusedWithTheServersMessage_ThenADemoLoginShowsUserOrganisationAndRole()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(server.BaseUrl + "/");

        // Not logged in: the app sends the visitor to the login page, which lists the demo partnership's logins.
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = WaymarkServer.RailPartner })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "login");

        await page.GetByLabel("E-mail").FillAsync(WaymarkServer.RailPartner);
        await page.GetByLabel("Password").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Unknown e-mail or wrong password.");

        await page.GetByRole(AriaRole.Button, new() { Name = WaymarkServer.RailPartner }).ClickAsync();
        var whoami = page.GetByTestId("whoami");
        await Expect(whoami).ToContainTextAsync("Britannia Rail Infrastructure");
        await Expect(whoami).ToContainTextAsync("Partner analyst");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Import" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Log out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(LoginUrl());
        await Expect(page.GetByText("You have logged out.")).ToBeVisibleAsync();
        var me = await page.APIRequest.GetAsync(server.BaseUrl + "/api/auth/me");
        Assert.Equal(401, me.Status);
    }

    [GeneratedRegex("/login")]
    private static partial Regex LoginUrl();
}
