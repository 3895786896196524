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
    /// <remarks>
    /// The state, text and counts are read together in one step: a popup that pans the map starts a new load between
    /// two separate reads, which would pair a "loading" state with the previous load's text.
    /// </remarks>
    public static async Task<MapCounts> MapReadyAsync(IPage page)
    {
        var status = page.GetByTestId("map-status");
        for (var attempt = 0; ; attempt++)
        {
            await Assertions.Expect(status).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("ready|error"));
            var seen = await status.EvaluateAsync<string[]>(
                "s => [s.dataset.state ?? '', s.innerText, s.dataset.total ?? '0', s.dataset.shown ?? '0']");
            if (seen[0] is not ("ready" or "error") && attempt < 5)
            {
                continue; // a new load began after the wait; wait for that one
            }

            Assert.True(seen[0] == "ready", $"the map did not load: {seen[1]} (state {seen[0]})");
            return new MapCounts(
                int.Parse(seen[2], CultureInfo.InvariantCulture),
                int.Parse(seen[3], CultureInfo.InvariantCulture),
                seen[1]);
        }
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
