using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Demo;

namespace Waymark.Bench;

/// <summary>
/// Time from a crime being recorded to its alert's webhook arriving, with 100,000 assets of 1,000 subscribing
/// organisations. The server is the built executable on a loopback port (its own SQLite data directory); the 1,000
/// webhooks point at a receiver in this process; each crime is recorded through POST /api/crimes 300 m from a random
/// asset, one at a time, and its latency is taken from just before the POST to the arrival of the webhook that names it.
/// </summary>
internal static class AlertsBench
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        int organisations = 1000, assetsPerOrganisation = 100, crimes = 300, warmup = 20;
        for (var i = 1; i < args.Length - 1; i += 2)
        {
            var v = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--organisations": organisations = v; break;
                case "--assets-per-organisation": assetsPerOrganisation = v; break;
                case "--crimes": crimes = v; break;
                case "--warmup": warmup = v; break;
                default: throw new ArgumentException($"unknown option {args[i]}");
            }
        }

        await using var receiver = await WebhookReceiver.StartAsync(alert => alert["evidence"]?["crime"]?["id"]?.GetValue<string>());
        var arrivals = receiver.Arrivals;
        var hookUrl = receiver.Url;

        var dataDir = Path.Combine(Path.GetTempPath(), "waymark-alerts-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            BenchSupport.Line($"alerts bench: {organisations:N0} subscribing organisations × {assetsPerOrganisation} assets, {crimes} crimes measured");
            await using (var first = await ServerProcess.StartAsync(dataDir, seedDemo: true, ct))
            {
                // creates the schema and the demo partnership (its officers record the crimes)
            }

            var seeding = Stopwatch.StartNew();
            var assets = await SeedAsync(dataDir, organisations, assetsPerOrganisation, hookUrl, ct);
            BenchSupport.Line($"  seeded {assets.Count:N0} assets, {organisations:N0} rules and webhooks in {seeding.Elapsed.TotalSeconds:F1} s");

            await using var server = await ServerProcess.StartAsync(dataDir, seedDemo: false, ct);
            var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() };
            using var client = new HttpClient(handler) { BaseAddress = new Uri(server.BaseUrl) };
            (await client.PostAsJsonAsync("/api/auth/login", new { email = "officer@btp.demo", password = DemoSeed.Password }, ct)).EnsureSuccessStatusCode();

            var random = new Random(20261123);
            var fromPost = new List<double>();
            var fromResponse = new List<double>();
            var lost = new List<string>();
            for (var i = 0; i < warmup + crimes; i++)
            {
                var (e, n) = assets[random.Next(assets.Count)];
                var angle = random.NextDouble() * 2 * Math.PI;
                if (!Ostn15.TryToWgs84(e + (300 * Math.Cos(angle)), n + (300 * Math.Sin(angle)), out var lat, out var lon))
                {
                    continue;
                }

                var start = Stopwatch.GetTimestamp();
                using var response = await client.PostAsJsonAsync("/api/crimes", new
                {
                    category = "metal-theft-rail-signalling-cable",
                    occurredFrom = DateTime.UtcNow.AddHours(-2),
                    occurredTo = DateTime.UtcNow.AddHours(-1),
                    latitude = lat,
                    longitude = lon,
                    visibility = "Partnership",
                }, ct);
                var answered = Stopwatch.GetTimestamp();
                response.EnsureSuccessStatusCode();
                var id = (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["id"]!.GetValue<string>();
                var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 10;
                long arrived;
                while (!arrivals.TryGetValue(id, out arrived) && Stopwatch.GetTimestamp() < deadline)
                {
                    await Task.Delay(1, ct);
                }

                if (arrived == 0)
                {
                    lost.Add(id);
                    continue;
                }

                if (i >= warmup)
                {
                    fromPost.Add(Stopwatch.GetElapsedTime(start, arrived).TotalMilliseconds);
                    fromResponse.Add(Stopwatch.GetElapsedTime(answered, arrived).TotalMilliseconds);
                }

                await Task.Delay(20, ct);
            }

            BenchSupport.Line($"");
            BenchSupport.Line($"| measure (crime 300 m from an asset; 1 or more organisations told) | runs | p50 | p90 | p99 | max | aim |");
            BenchSupport.Line($"|---|---:|---:|---:|---:|---:|---|");
            Row("POST /api/crimes sent → first webhook received", fromPost, "p99 < 100 ms");
            Row("201 Created received → first webhook received", fromResponse, "");
            BenchSupport.Line($"crimes whose webhook did not arrive within 10 s: {lost.Count}");
            foreach (var id in lost)
            {
                BenchSupport.Line($"  crime {id}: webhook arrived after the 10 s wait: {arrivals.ContainsKey(id)}");
            }

            await ExplainAsync(dataDir, lost, ct);
            return lost.Count == 0 ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>For a crime whose webhook did not come: where its event and deliveries stand.</summary>
    private static async Task ExplainAsync(string dataDir, List<string> crimes, CancellationToken ct)
    {
        if (crimes.Count == 0)
        {
            return;
        }

        await using var services = MapBench.BuildServices(dataDir);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        foreach (var id in crimes)
        {
            var e = await db.Set<OutboxEvent>().AsNoTracking().FirstOrDefaultAsync(x => x.Payload == id, ct);
            BenchSupport.Line($"  crime {id}: event processed {e?.ProcessedAt:O} attempts {e?.Attempts} error {e?.LastError}");
            var alerts = await db.Set<Alert>().AsNoTracking().Where(a => a.Evidence.Contains(id)).Select(a => a.Id).ToListAsync(ct);
            foreach (var d in await db.Set<AlertDelivery>().AsNoTracking().Where(d => alerts.Contains(d.AlertId)).ToListAsync(ct))
            {
                BenchSupport.Line($"    delivery {d.Id}: {d.Status} attempts {d.Attempts} created {d.CreatedAt:O} sent {d.SentAt:O} next {d.NextAttemptAt:O} error {d.LastError}");
            }
        }
    }

    private static void Row(string name, List<double> ms, string aim)
    {
        ms.Sort();
        double P(double q) => ms.Count == 0 ? double.NaN : ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
        BenchSupport.Line($"| {name} | {ms.Count} | {P(0.5):F1} ms | {P(0.9):F1} ms | {P(0.99):F1} ms | {ms.LastOrDefault():F1} ms | {aim} |");
    }

    /// <summary>Organisations with a crime-near-asset rule (1 km), a webhook and their assets scattered over Great Britain.</summary>
    private static async Task<List<(double E, double N)>> SeedAsync(string dataDir, int organisations, int perOrganisation, string hookUrl, CancellationToken ct)
    {
        await using var services = MapBench.BuildServices(dataDir);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var random = new Random(7);
        var now = DateTime.UtcNow;
        var positions = new List<(double, double)>();
        for (var o = 0; o < organisations; o++)
        {
            var org = new Organisation { Id = Guid.CreateVersion7(), Name = $"Bench partner {o:D4}", Kind = OrganisationKind.InfrastructurePartner, Sector = "rail", CreatedAt = now };
            db.Organisations.Add(org);
            db.Set<AlertRule>().Add(new AlertRule { Id = Guid.CreateVersion7(), OrganisationId = org.Id, Name = "Near our assets", Kind = AlertKinds.CrimeNearAsset, DistanceMetres = 1000, CreatedAt = now });
            db.Set<WebhookEndpoint>().Add(new WebhookEndpoint { Id = Guid.CreateVersion7(), OrganisationId = org.Id, Url = hookUrl, Secret = "whsec_bench", CreatedAt = now });
            for (var a = 0; a < perOrganisation;)
            {
                var e = 150_000 + (random.NextDouble() * 500_000);
                var n = 50_000 + (random.NextDouble() * 900_000);
                if (!Ostn15.TryToWgs84(e, n, out var lat, out var lon) || GeoArea.Classify(lat, lon) != Jurisdiction.GreatBritain)
                {
                    continue;
                }

                var shape = AssetGeometry.Point(lat, lon);
                db.Set<Asset>().Add(new Asset
                {
                    Id = Guid.CreateVersion7(),
                    OrganisationId = org.Id,
                    Name = $"Asset {o:D4}-{a:D3}",
                    Kind = "substation",
                    GeometryType = "Point",
                    GeoJson = AssetGeometry.ToGeoJson(shape.Wgs84),
                    CreatedAt = now,
                    UpdatedAt = now,
                });
                positions.Add((e, n));
                a++;
            }

            if (o % 50 == 49)
            {
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync(ct);
        return positions;
    }
}
