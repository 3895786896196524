using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Anpr;

/// <summary>
/// The real server as a child process (the built waymark.dll on a loopback port, its own data directory), killed with
/// SIGKILL in the middle of sustained ingestion and restarted: every read it acknowledged must still be there.
/// </summary>
public sealed class AnprCrashTests : IDisposable
{
    private const string Password = "Crash-Test-Password-1";
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "waymark-crash-" + Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _log = new();
    private Process? _server;

    [Fact]
    public async Task KillDuringIngestion_LosesNoAcknowledgedRead()
    {
        Assert.Equal(0, await CliAsync("organisations", "create", "--name", "Crash Constabulary", "--kind", "police"));
        Assert.Equal(0, await CliAsync("users", "create", "--organisation", "Crash Constabulary", "--email", "admin@crash.test", "--role", "admin", "--password", Password));
        Assert.Equal(0, await CliAsync("users", "create", "--organisation", "Crash Constabulary", "--email", "analyst@crash.test", "--role", "police-analyst", "--password", Password));
        var keyOutput = new StringBuilder();
        Assert.Equal(0, await CliAsync(keyOutput, "apikeys", "create", "--organisation", "Crash Constabulary", "--role", "machine"));
        var key = keyOutput.ToString().Trim().Split('\n')[^1].Trim();

        var port = FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        await StartServerAsync(port);
        var admin = await LoginAsync(baseUrl, "admin@crash.test");
        await admin.PostJsonAsync("/api/anpr/cameras", new { code = "CRASH-1", name = "Crash test camera", latitude = 53.5, longitude = -1.14, bearing = 0 }, HttpStatusCode.Created);

        using var machine = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        machine.DefaultRequestHeaders.Add("X-Api-Key", key);
        var start = DateTime.UtcNow.AddHours(-1);
        long acknowledged = 0, sentUnacknowledged = 0, next = 0;
        const int batchSize = 500;

        async Task SendLoopAsync()
        {
            while (true)
            {
                var first = Interlocked.Add(ref next, batchSize) - batchSize;
                var reads = Enumerable.Range(0, batchSize).Select(i => new
                {
                    camera = "CRASH-1",
                    time = start.AddMilliseconds(first + i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    plate = $"K{first + i:D7}",
                }).ToArray();
                try
                {
                    var response = await machine.PostAsJsonAsync("/api/anpr/reads", reads);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        Interlocked.Add(ref sentUnacknowledged, batchSize);
                        return;
                    }

                    var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    Assert.Equal(batchSize, (int)body["stored"]!);
                    Interlocked.Add(ref acknowledged, batchSize);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Add(ref sentUnacknowledged, batchSize);
                    return;
                }
            }
        }

        var senders = Enumerable.Range(0, 3).Select(_ => Task.Run(SendLoopAsync)).ToArray();
        while (Interlocked.Read(ref acknowledged) < 20 * batchSize)
        {
            await Task.Delay(20);
            Assert.False(senders.All(s => s.IsCompleted), "ingestion stopped before the kill: " + _log);
        }

        _server!.Kill(entireProcessTree: true); // SIGKILL: no shutdown, no flush
        await _server.WaitForExitAsync();
        await Task.WhenAll(senders);

        await StartServerAsync(port);
        var analyst = await LoginAsync(baseUrl, "analyst@crash.test");
        var from = Uri.EscapeDataString(start.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        var counts = await analyst.GetJsonAsync($"/api/anpr/counts?cameras=CRASH-1&from={from}&to={to}&purpose=crash%20test&reference=TEST-1");
        var stored = (long)counts["total"]!;

        Assert.True(stored >= acknowledged, $"acknowledged {acknowledged} reads but only {stored} survived the kill");
        Assert.True(stored <= acknowledged + sentUnacknowledged, $"stored {stored} > acknowledged {acknowledged} + in flight {sentUnacknowledged}");
    }

    private async Task StartServerAsync(int port)
    {
        _server = Start(["--urls", $"http://127.0.0.1:{port}"]);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await probe.GetAsync(new Uri($"http://127.0.0.1:{port}/health"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // starting
            }

            Assert.False(_server.HasExited, "the server exited: " + _log);
            await Task.Delay(100);
        }

        Assert.Fail("the server did not start: " + _log);
    }

    private Process Start(IEnumerable<string> args, StringBuilder? output = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "waymark.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["WAYMARK_DATA_DIR"] = _dataDir;
        info.Environment["WAYMARK_SEED_DEMO"] = "false";
        info.Environment["WAYMARK_DATABASE"] = "sqlite";
        info.Environment.Remove("WAYMARK_CONNECTION");
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Append(StringBuilder? output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
            output?.AppendLine(line);
        }
    }

    private Task<int> CliAsync(params string[] args) => CliAsync(null, args);

    private async Task<int> CliAsync(StringBuilder? output, params string[] args)
    {
        using var process = Start(args, output);
        await process.WaitForExitAsync();
        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    private static async Task<HttpClient> LoginAsync(Uri baseUrl, string email)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = baseUrl };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = Password });
        response.EnsureSuccessStatusCode();
        return client;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit();
        }

        _server?.Dispose();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}
