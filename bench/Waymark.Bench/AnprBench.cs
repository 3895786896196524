using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waymark.Core.Anpr;
using Waymark.Server.Data;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Demo;
using Waymark.Server.Infrastructure;

namespace Waymark.Bench;

internal sealed class AnprBenchSettings
{
    /// <summary>Reads per ingestion run (sent as batches through POST /api/anpr/reads).</summary>
    public int Reads { get; set; } = 1_000_000;

    public int BatchSize { get; set; } = 20_000;

    /// <summary>Concurrent senders (camera systems).</summary>
    public int Senders { get; set; } = 2;

    public int Runs { get; set; } = 5;

    /// <summary>Reads stored for the movements query (written with the store's bulk path, not HTTP).</summary>
    public long Stored { get; set; } = 100_000_000;

    public int Days { get; set; } = 40;

    public int Cameras { get; set; } = 1_000;

    public int HotlistSize { get; set; } = 10_000;

    public string Format { get; set; } = "json";

    public string? DataDir { get; set; }
}

/// <summary>
/// ANPR at national volume, through the real server (a child process on a loopback port, SQLite): sustained ingestion
/// with hotlist matching through POST /api/anpr/reads, and a plate's movements over 30 days among many stored reads.
/// </summary>
internal static class AnprBench
{
    private const string Analyst = "analyst@btp.demo";
    private const string Admin = "admin@waymark.demo";
    private const string Target = "BE12NCH";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Skip(1).Any(a => a is "-h" or "--help") || Parse(args) is not { } settings)
        {
            Console.WriteLine("""
                usage: dotnet run -c Release --project bench/Waymark.Bench -- anpr [options]
                  --reads N        reads per ingestion run (default 1,000,000)
                  --batch N        reads per request (default 20,000)
                  --senders N      concurrent senders (default 2)
                  --runs N         ingestion runs (default 5)
                  --format json|ndjson|csv   body format (default json)
                  --stored N       reads stored for the movements query (default 100,000,000; 0 skips it)
                  --days N         days those reads span (default 40)
                  --cameras N      cameras (default 1,000)
                  --data-dir DIR   keep the database here (reused for the movements query when it already holds reads)
                """);
            return args.Skip(1).Any(a => a is "-h" or "--help") ? 0 : 2;
        }

        var started = DateTimeOffset.UtcNow;
        Console.WriteLine(BenchSupport.Header("Waymark ANPR benchmark (SQLite, HTTP)", args, started));
        var dataDir = settings.DataDir ?? Path.Combine(Path.GetTempPath(), "waymark-anprbench-" + Guid.NewGuid().ToString("N"));
        var reuse = File.Exists(Path.Combine(dataDir, "waymark.db"));
        Directory.CreateDirectory(dataDir);
        BenchSupport.Line($"  data dir {dataDir}{(reuse ? " (reused)" : "")}");
        try
        {
            string key;
            await using (var first = await ServerProcess.StartAsync(dataDir, seedDemo: true, ct))
            {
                key = await SetUpAsync(first.BaseUrl, dataDir, settings, reuse, ct);
            }

            if (settings.Stored > 0)
            {
                await StoreReadsAsync(dataDir, settings, ct);
            }

            await using var server = await ServerProcess.StartAsync(dataDir, seedDemo: false, ct);
            await using (var probe = await AnprHitProbe.StartAsync(await LoginAsync(server.BaseUrl, Analyst, ct), ct))
            {
                await IngestAsync(server.BaseUrl, key, settings, probe, ct);
            }

            if (settings.Stored > 0)
            {
                await MovementsAsync(server.BaseUrl, settings, ct);
            }
        }
        finally
        {
            if (settings.DataDir is null)
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(dataDir, recursive: true);
            }
        }

        return 0;
    }

    private static AnprBenchSettings? Parse(string[] args)
    {
        var s = new AnprBenchSettings();
        for (var i = 1; i < args.Length; i++)
        {
            var v = i + 1 < args.Length ? args[i + 1] : null;
            bool Int(out long n) => long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out n);
            long n;
            switch (args[i])
            {
                case "--reads" when Int(out n): s.Reads = (int)n; break;
                case "--batch" when Int(out n): s.BatchSize = (int)n; break;
                case "--senders" when Int(out n): s.Senders = (int)n; break;
                case "--runs" when Int(out n): s.Runs = (int)n; break;
                case "--stored" when Int(out n): s.Stored = n; break;
                case "--days" when Int(out n): s.Days = (int)n; break;
                case "--cameras" when Int(out n): s.Cameras = (int)n; break;
                case "--format" when v is "json" or "ndjson" or "csv": s.Format = v; break;
                case "--data-dir" when v is not null: s.DataDir = v; break;
                default:
                    Console.Error.WriteLine($"bad argument '{args[i]}'.");
                    return null;
            }

            i++;
        }

        return s;
    }

    private static string CameraCode(int i) => string.Create(CultureInfo.InvariantCulture, $"BENCH-{i:D5}");

    /// <summary>A plate in the current format from a vehicle number (distinct numbers give distinct plates).</summary>
    private static string Plate(long vehicle)
    {
        Span<char> p = stackalloc char[7];
        const string letters = "ABCDEFGHJKLMNOPRSTUVWXY";
        var v = vehicle;
        p[0] = letters[(int)(v % 23)]; v /= 23;
        p[1] = letters[(int)(v % 23)]; v /= 23;
        var age = (int)(v % 45) + 2; v /= 45;
        p[2] = (char)('0' + (age / 10));
        p[3] = (char)('0' + (age % 10));
        p[4] = letters[(int)(v % 23)]; v /= 23;
        p[5] = letters[(int)(v % 23)]; v /= 23;
        p[6] = letters[(int)(v % 23)];
        return new string(p);
    }

    private static async Task<string> SetUpAsync(string baseUrl, string dataDir, AnprBenchSettings s, bool reuse, CancellationToken ct)
    {
        var admin = await LoginAsync(baseUrl, Admin, ct);
        var existing = (await admin.GetFromJsonAsync<JsonArray>("/api/anpr/cameras", ct))!.Select(c => (string)c!["code"]!).ToHashSet();
        var clock = Stopwatch.StartNew();
        var rng = new Random(8);
        for (var i = 0; i < s.Cameras; i++)
        {
            if (existing.Contains(CameraCode(i)))
            {
                continue;
            }

            // Random places in England; one that falls in the sea is refused (400) and drawn again.
            for (var placed = false; !placed;)
            {
                using var r = await admin.PostAsJsonAsync("/api/anpr/cameras", new
                {
                    code = CameraCode(i), name = $"Bench camera {i}", latitude = 51.5 + (rng.NextDouble() * 2.5), longitude = -2.5 + (rng.NextDouble() * 2.5),
                    bearing = rng.Next(360), lanes = 2,
                }, ct);
                placed = r.IsSuccessStatusCode;
                if (!placed && r.StatusCode != HttpStatusCode.BadRequest)
                {
                    r.EnsureSuccessStatusCode();
                }
            }
        }

        // The hotlist: HotlistSize plates of the 5,000,000-vehicle pool, so about 1 read in 500 is a hit.
        var analyst = await LoginAsync(baseUrl, Analyst, ct);
        if (!reuse)
        {
            var csv = new StringBuilder("plate,reason,action,source\n");
            for (var i = 0; i < s.HotlistSize; i++)
            {
                csv.Append(Plate(i * 500L)).Append(",stolen,Stop and check,Bench PNC\n");
            }

            using var up = await analyst.PostAsync("/api/anpr/hotlist/upload", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"), ct);
            up.EnsureSuccessStatusCode();
        }

        BenchSupport.Line($"  set-up   {s.Cameras:N0} cameras, hotlist of {s.HotlistSize:N0} plates ({clock.Elapsed.TotalSeconds:F1} s)");

        // A machine key for the cameras' organisation (British Transport Police), through the command line.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = dataDir };
        foreach (var a in new[] { "exec", Path.Combine(AppContext.BaseDirectory, "waymark.dll"), "apikeys", "create", "--organisation", "British Transport Police", "--role", "machine", "--data-dir", dataDir })
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info)!;
        var output = await p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        return output.Trim().Split('\n')[^1].Trim();
    }

    private static byte[] Body(string format, long first, int count, DateTime start, int cameras)
    {
        var sb = new StringBuilder(count * 90);
        var rng = new Random((int)(first % int.MaxValue));
        if (format == "json")
        {
            sb.Append('[');
        }
        else if (format == "csv")
        {
            sb.Append("camera,time,plate,confidence,lane\n");
        }

        for (var i = 0; i < count; i++)
        {
            var camera = CameraCode(rng.Next(cameras));
            var time = start.AddMilliseconds(first + i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            var plate = Plate(rng.NextInt64(5_000_000));
            var conf = 80 + rng.Next(20);
            var lane = 1 + rng.Next(2);
            if (format == "csv")
            {
                sb.Append(CultureInfo.InvariantCulture, $"{camera},{time},{plate},{conf},{lane}\n");
            }
            else
            {
                if (format == "json" && i > 0)
                {
                    sb.Append(',');
                }

                sb.Append(CultureInfo.InvariantCulture, $"{{\"camera\":\"{camera}\",\"time\":\"{time}\",\"plate\":\"{plate[..4]} {plate[4..]}\",\"confidence\":{conf},\"lane\":{lane}}}");
                if (format == "ndjson")
                {
                    sb.Append('\n');
                }
            }
        }

        if (format == "json")
        {
            sb.Append(']');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task IngestAsync(string baseUrl, string key, AnprBenchSettings s, AnprHitProbe probe, CancellationToken ct)
    {
        var type = s.Format switch { "csv" => "text/csv", "ndjson" => "application/x-ndjson", _ => "application/json" };
        var batches = (s.Reads + s.BatchSize - 1) / s.BatchSize;
        Console.WriteLine();
        BenchSupport.Line($"Ingestion: {s.Reads:N0} reads a run in {batches} batches of {s.BatchSize:N0} ({s.Format}), {s.Senders} concurrent senders, hotlist matching on");
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = s.Senders }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var probeCamera = new HttpClient { BaseAddress = new Uri(baseUrl) };
        probeCamera.DefaultRequestHeaders.Add("X-Api-Key", key);
        var hotPlates = Enumerable.Range(0, s.HotlistSize).Select(i => Plate(i * 500L)).ToList();
        var rates = new List<double>();
        for (var run = 0; run <= s.Runs; run++)
        {
            // Bodies are made before the clock starts: the benchmark measures the server, not the sender.
            var start = DateTime.UtcNow.AddHours(-2).AddMinutes(run * 10);
            var bodies = Enumerable.Range(0, batches).Select(b => Body(s.Format, ((long)run * s.Reads) + ((long)b * s.BatchSize), Math.Min(s.BatchSize, s.Reads - (b * s.BatchSize)), start, s.Cameras)).ToArray();
            var next = -1;
            long stored = 0, hits = 0;
            using var stopProbe = new CancellationTokenSource();
            var probing = run > 0 ? probe.SendUntilAsync(probeCamera, CameraCode(0), hotPlates, stopProbe.Token) : Task.CompletedTask;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, s.Senders).Select(async _ =>
            {
                int b;
                while ((b = Interlocked.Increment(ref next)) < bodies.Length)
                {
                    using var content = new ByteArrayContent(bodies[b]);
                    content.Headers.ContentType = new MediaTypeHeaderValue(type);
                    using var response = await client.PostAsync("/api/anpr/reads", content, ct);
                    var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        throw new InvalidOperationException($"batch {b}: {response.StatusCode} {json}");
                    }

                    Interlocked.Add(ref stored, (int)json["stored"]!);
                    Interlocked.Add(ref hits, (int)json["hotlistHits"]!);
                }
            }));
            clock.Stop();
            await stopProbe.CancelAsync();
            await probing;
            var rate = s.Reads / clock.Elapsed.TotalSeconds;
            BenchSupport.Line($"  {(run == 0 ? "warm-up" : $"run {run}  ")} {clock.Elapsed.TotalSeconds,6:F2} s  {rate,10:N0} reads/s  stored {stored:N0}, hotlist hits {hits:N0}");
            if (run > 0)
            {
                rates.Add(rate);
            }
        }

        var sorted = rates.Order().ToArray();
        BenchSupport.Line($"  median {sorted[sorted.Length / 2]:N0} reads/s (min {sorted[0]:N0}, max {sorted[^1]:N0}); a national day of 50,000,000 reads at the median: {50_000_000 / sorted[sorted.Length / 2] / 60:F1} min");
        await probe.ReportAsync();
    }

    private static async Task StoreReadsAsync(string dataDir, AnprBenchSettings s, CancellationToken ct)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new WaymarkOptions { Database = "sqlite", DataDir = dataDir, SeedDemo = false }));
        services.AddSingleton(TimeProvider.System);
        services.AddWaymarkDatabase();
        services.AddScoped<AuditLog>();
        services.AddScoped<AnprReadStore>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var store = scope.ServiceProvider.GetRequiredService<AnprReadStore>();
        var already = await store.CountAllAsync(ct);
        Console.WriteLine();
        if (already >= s.Stored)
        {
            BenchSupport.Line($"Stored reads: {already:N0} already in the database");
            return;
        }

        var cameraIds = await db.Set<AnprCamera>().Select(c => c.Id).OrderBy(i => i).ToListAsync(ct);
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -1048576", ct); // 1 GiB: a day's tables stay in memory while written
        var perDay = s.Stored / s.Days;
        var end = DateTime.UtcNow.Date;
        var clock = Stopwatch.StartNew();
        long written = 0;
        var rng = new Random(2026);
        for (var d = s.Days; d >= 1; d--)
        {
            var dayStart = end.AddDays(-d);
            var dayMs = AnprReadStore.ToMs(dayStart);
            // A whole day in one batch and one transaction: the store writes a batch in its primary key's order, so an
            // empty day table is filled by appends (about ten times faster than 1,000,000-read slices landing all over it).
            var batch = new ReadBatch((int)perDay + 4);
            for (long i = 0; i < perDay; i++)
            {
                var plate = Plate(rng.NextInt64(5_000_000));
                batch.Add(new IncomingRead
                {
                    CameraId = cameraIds[rng.Next(cameraIds.Count)],
                    AtMs = dayMs + (long)(i * (86_400_000.0 / perDay)),
                    Format = PlateFormat.Current,
                    Confidence = (short)(80 + rng.Next(20)),
                    Lane = 1,
                }, plate);
            }

            // The target passes four cameras every day.
            for (var k = 0; k < 4; k++)
            {
                batch.Add(new IncomingRead { CameraId = cameraIds[k], AtMs = dayMs + ((8 + (k * 3)) * 3_600_000L), Format = PlateFormat.Current, Confidence = 97, Lane = 1 }, Target);
            }

            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await store.WriteAsync(batch, ct);
                await tx.CommitAsync(ct);
            }

            written += batch.Count;
            BenchSupport.Line($"  stored {written:N0} reads ({s.Days - d + 1}/{s.Days} days), {written / clock.Elapsed.TotalSeconds:N0} reads/s");
        }

        BenchSupport.Line($"Stored reads: {written:N0} over {s.Days} days in {clock.Elapsed.TotalMinutes:F1} min ({written / clock.Elapsed.TotalSeconds:N0} reads/s through the store's bulk path)");
    }

    private static async Task MovementsAsync(string baseUrl, AnprBenchSettings s, CancellationToken ct)
    {
        var analyst = await LoginAsync(baseUrl, Analyst, ct);
        var to = DateTime.UtcNow;
        var from = to.AddDays(-30);
        var url = $"/api/anpr/movements?plate={Target}&from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(to.ToString("O", CultureInfo.InvariantCulture))}&purpose=benchmark&reference=BENCH-1";
        var times = new List<double>();
        var count = 0;
        for (var i = 0; i < 3 + (s.Runs * 4); i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await analyst.GetAsync(url, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            clock.Stop();
            response.EnsureSuccessStatusCode();
            count = (int)JsonNode.Parse(body)!["count"]!;
            if (i >= 3)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
        }

        var t = Timing.Of(times);
        Console.WriteLine();
        BenchSupport.Line($"Movements of one plate over 30 days among the stored reads ({count} reads found, HTTP, audited): median {BenchSupport.Ms(t.MedianMs)} (min {BenchSupport.Ms(t.MinMs)}, max {BenchSupport.Ms(t.MaxMs)}, {t.Runs} requests)");
    }

    private static async Task<HttpClient> LoginAsync(string baseUrl, string email, CancellationToken ct)
    {
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password = DemoSeed.Password }, ct);
        response.EnsureSuccessStatusCode();
        return client;
    }
}
