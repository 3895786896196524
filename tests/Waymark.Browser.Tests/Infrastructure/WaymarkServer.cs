using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Waymark.Browser.Tests.Infrastructure;

/// <summary>
/// The real Waymark server on Kestrel, on a free loopback port, with a fresh SQLite database of its own seeded with
/// the demo partnership (as a new user's first run is). One per test class.
/// </summary>
public sealed class WaymarkServer : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Waymark-Demo-2026";
    public const string PoliceAnalyst = "analyst@btp.demo";
    public const string RailPartner = "security@rail.demo";

    /// <summary>A partner the demo gives no assets or alert rules of its own, so a test starts from none.</summary>
    public const string TelecomsPartner = "security@telecoms.demo";

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "waymark-browser-" + Guid.NewGuid().ToString("N"));
    private readonly int _port = FreePort();

    public string BaseUrl => $"http://127.0.0.1:{_port}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting("urls", BaseUrl);
        builder.UseSetting("Waymark:SeedDemo", "true");
        builder.UseSetting("Waymark:DataDir", _dataDir);
    }

    public Task InitializeAsync()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, _port));
        StartServer();
        return Task.CompletedTask;
    }

    /// <summary>An HTTP client logged in as <paramref name="email"/>, for arranging and checking through the API.</summary>
    public async Task<HttpClient> ApiAsync(string email)
    {
        var client = new HttpClient(new HttpClientHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoPassword });
        response.EnsureSuccessStatusCode();
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDir))
        {
            Directory.Delete(_dataDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
