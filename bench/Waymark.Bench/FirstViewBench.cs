using System.Diagnostics;
using Microsoft.Playwright;
using Waymark.Server.Features.Demo;

namespace Waymark.Bench;

/// <summary>
/// The "a new user logs in and sees demo crimes on the map within 3 seconds" bar, measured as a person meets it: the
/// built server on a loopback port with the demo seed, Debian's Chromium driven by Playwright (as the browser tests
/// do), a fresh browser context per run (no cookies, empty cache), and the time from pressing "Log in" to the map's
/// status reporting crimes drawn (<c>[data-testid=map-status]</c> with <c>data-state="ready"</c> and a
/// <c>data-total</c> above 0, which the web app sets only after the layer has been handed to Leaflet).
/// </summary>
internal static class FirstViewBench
{
    private const string ChromiumPath = "/usr/bin/chromium";
    private const string User = "analyst@btp.demo";

    private const string CrimesDrawn =
        "() => { const s = document.querySelector('[data-testid=map-status]'); return !!s && s.dataset.state === 'ready' && Number(s.dataset.total) > 0; }";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var runs = 5;
        var warmup = 1;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--runs" when BenchSupport.TryCount(value, out var r) && r > 0:
                    runs = r;
                    i++;
                    break;
                case "--warmup" when BenchSupport.TryCount(value, out var w):
                    warmup = w;
                    i++;
                    break;
                default:
                    Console.WriteLine("""
                        usage: dotnet run -c Release --project bench/Waymark.Bench -- firstview [--runs N] [--warmup N]

                        Starts the built server with the demo partnership on a fresh SQLite data directory, and times, in
                        Chromium (/usr/bin/chromium) driven by Playwright, a new user's login until the map shows crimes.
                        Each run uses a fresh browser context. Default: 1 warm-up, 5 measured runs.
                        """);
                    return args[i] is "-h" or "--help" ? 0 : 2;
            }
        }

        var started = DateTimeOffset.UtcNow;
        Console.WriteLine(BenchSupport.Header("Waymark first view: login to crimes on the map (Chromium, HTTP)", args, started));
        var dataDir = Path.Combine(Path.GetTempPath(), "waymark-firstview-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            await using var server = await ServerProcess.StartAsync(dataDir, seedDemo: true, ct);
            BenchSupport.Line($"server (demo seed) up at {server.BaseUrl} in {server.StartTime.TotalSeconds:F1} s");
            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });

            var times = new List<double>();
            for (var run = 0; run < warmup + runs; run++)
            {
                await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
                var page = await context.NewPageAsync();
                await page.GotoAsync(server.BaseUrl + "/");
                await page.GetByLabel("E-mail").FillAsync(User);
                await page.GetByLabel("Password").FillAsync(DemoSeed.Password);
                var login = page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true });
                await login.WaitForAsync();

                var clock = Stopwatch.StartNew();
                await login.ClickAsync();
                await page.WaitForFunctionAsync(CrimesDrawn, null, new PageWaitForFunctionOptions { PollingInterval = 10, Timeout = 60_000 });
                var ms = clock.Elapsed.TotalMilliseconds;
                var total = await page.GetByTestId("map-status").GetAttributeAsync("data-total");
                var warm = run < warmup;
                BenchSupport.Line($"{(warm ? "warm-up" : $"run {run - warmup + 1}")}: {BenchSupport.Ms(ms)} to crimes on the map ({total} crimes in view)");
                if (!warm)
                {
                    times.Add(ms);
                }
            }

            var t = Timing.Of([.. times]);
            Console.WriteLine();
            Console.WriteLine("| measure                                              | runs |    median |       min |       max | goal  | met? |");
            Console.WriteLine("|------------------------------------------------------|-----:|----------:|----------:|----------:|-------|------|");
            BenchSupport.Line($"| {"login pressed → crimes drawn on the map (new user)",-52} | {t.Runs,4} | {BenchSupport.Ms(t.MedianMs),9} | {BenchSupport.Ms(t.MinMs),9} | {BenchSupport.Ms(t.MaxMs),9} | < 3 s | {(t.MedianMs < 3000 ? "yes" : "NO"),-4} |");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
