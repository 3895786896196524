using System.Globalization;
using Microsoft.Playwright;

namespace Waymark.Browser.Tests.Infrastructure;

/// <summary>What a person does on Waymark's pages, in the words of the page (labels, buttons), not its markup.</summary>
public static class Pages
{
    public static async Task LogInAsync(IPage page, WaymarkServer server, string email, string? then = null)
    {
        await page.GotoAsync(server.BaseUrl + "/login" + (then is null ? "" : "?next=" + Uri.EscapeDataString(then)));
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(WaymarkServer.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await page.GetByTestId("whoami").WaitForAsync();
    }

    /// <summary>Waits until the map has loaded what it shows, and returns the status line's counts.</summary>
    public static async Task<MapCounts> MapReadyAsync(IPage page)
    {
        var status = page.GetByTestId("map-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("ready|error"));
        var state = await status.GetAttributeAsync("data-state");
        var text = await status.InnerTextAsync();
        Assert.True(state == "ready", $"the map did not load: {text}");
        return new MapCounts(
            int.Parse(await status.GetAttributeAsync("data-total") ?? "0", CultureInfo.InvariantCulture),
            int.Parse(await status.GetAttributeAsync("data-shown") ?? "0", CultureInfo.InvariantCulture),
            text);
    }

    /// <summary>Crimes drawn on the map: single crime markers plus the crimes inside cluster markers.</summary>
    public static async Task<int> DrawnCrimesAsync(IPage page) =>
        await page.EvaluateAsync<int>("""
            () => document.querySelectorAll('.leaflet-marker-pane .crime-pin').length
                + [...document.querySelectorAll('.leaflet-marker-pane .wm-cluster span')]
                    .reduce((sum, s) => sum + (s.textContent.endsWith('k') ? parseInt(s.textContent) * 1000 : parseInt(s.textContent)), 0)
            """);
}

public sealed record MapCounts(int Total, int Shown, string Text);
