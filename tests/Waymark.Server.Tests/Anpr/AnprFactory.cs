using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Partners;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Anpr;

/// <summary>
/// The test partnership plus ANPR: four police cameras along the A1 near Doncaster (CAM-1..CAM-4, about 2 km apart),
/// one camera bound to its own key (CAM-B), one rail depot camera of the rail partner (RAIL-1), and machine keys for each.
/// Batches are capped at 50 reads so the oversized-batch rule can be seen.
/// </summary>
public class AnprFactory : WaymarkFactory
{
    public const string RailAdmin = "admin@rail.test";

    public string PoliceKey { get; private set; } = "";
    public string BoundKey { get; private set; } = "";
    public string RailKey { get; private set; } = "";

    /// <summary>Camera positions (lat, lon) by code.</summary>
    public static readonly IReadOnlyDictionary<string, (double Lat, double Lon, int Bearing)> Positions = new Dictionary<string, (double, double, int)>
    {
        ["CAM-1"] = (53.5000, -1.1400, 0),
        ["CAM-2"] = (53.5180, -1.1400, 0),
        ["CAM-3"] = (53.5360, -1.1400, 0),
        ["CAM-4"] = (53.5540, -1.1400, 0),
        ["CAM-B"] = (53.4000, -1.0500, 90),
        ["RAIL-1"] = (53.5228, -1.1397, 180),
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Waymark:Anpr:MaxBatchReads", "50");
    }

    protected override async Task SeedAsync()
    {
        await using (var scope = Scope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<PartnerDirectory>();
            var system = Caller.System("test");
            await directory.CreateUserAsync(system, Rail, RailAdmin, "Rail admin", Roles.Admin, Password, CancellationToken.None);
            PoliceKey = (await directory.CreateApiKeyAsync(system, Police, Roles.Machine, "police cameras", CancellationToken.None)).Secret;
            RailKey = (await directory.CreateApiKeyAsync(system, Rail, Roles.Machine, "depot camera", CancellationToken.None)).Secret;
        }

        var admin = await LoginAsync(Admin);
        foreach (var code in new[] { "CAM-1", "CAM-2", "CAM-3", "CAM-4", "CAM-B" })
        {
            var (lat, lon, bearing) = Positions[code];
            await admin.PostJsonAsync("/api/anpr/cameras", new { code, name = $"A1 {code}", latitude = lat, longitude = lon, bearing, lanes = 2 }, HttpStatusCode.Created);
        }

        await using (var scope = Scope())
        {
            var directory = scope.ServiceProvider.GetRequiredService<PartnerDirectory>();
            var (key, secret) = await directory.CreateApiKeyAsync(Caller.System("test"), Police, Roles.Machine, "CAM-B's own key", CancellationToken.None);
            BoundKey = secret;
            var cameras = await admin.GetJsonAsync("/api/anpr/cameras");
            var camB = cameras.AsArray().First(c => (string)c!["code"]! == "CAM-B")!;
            await PutAsync(admin, $"/api/anpr/cameras/{camB["id"]}", new { apiKeyId = key.Id });
        }

        var railAdmin = await LoginAsync(RailAdmin);
        var (rlat, rlon, rbearing) = Positions["RAIL-1"];
        await railAdmin.PostJsonAsync("/api/anpr/cameras", new { code = "RAIL-1", name = "Doncaster depot gate", latitude = rlat, longitude = rlon, bearing = rbearing }, HttpStatusCode.Created);
    }

    private static async Task PutAsync(HttpClient client, string url, object body)
    {
        var response = await client.PutAsJsonAsync(url, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public HttpClient Machine(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A read as a camera sends it.</summary>
    public static object Read(string camera, DateTime at, string plate, int? confidence = 95, int? lane = 1) =>
        new { camera, time = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture), plate, confidence, lane };

    public static async Task<JsonNode> SendAsync(HttpClient machine, params object[] reads)
    {
        var response = await machine.PostAsJsonAsync("/api/anpr/reads", reads);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> SendTextAsync(HttpClient machine, string body, string contentType)
    {
        var response = await machine.PostAsync("/api/anpr/reads", new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Now, to the second (reads in tests are placed relative to it).</summary>
    public static DateTime Now
    {
        get
        {
            var t = DateTime.UtcNow;
            return new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Utc);
        }
    }

    public static string Q(DateTime t) => Uri.EscapeDataString(t.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
}
