using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waymark.Core.Analytics.Surfaces;
using Waymark.Core.Crimes;
using Waymark.Core.Geo;
using Waymark.Server;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Demo;
using Waymark.Server.Features.Imports;
using Waymark.Server.Infrastructure;

namespace Waymark.Bench;

internal sealed class MapBenchSettings
{
    public int Crimes { get; set; } = 1_000_000;

    /// <summary>Back-to-back measured requests per endpoint.</summary>
    public int Runs { get; set; } = 10;

    /// <summary>Requests each made after a pause longer than the snapshot's MaxAge, as when a user pans after reading the map.</summary>
    public int Paused { get; set; } = 5;

    public bool Keep { get; set; }

    public bool SkipBreakdown { get; set; }

    /// <summary>Warm-up requests per endpoint before the measured ones.</summary>
    public int Warmup { get; set; } = 1;

    /// <summary>Crimes recorded through the API, each followed by a measured grid request (the snapshot reload).</summary>
    public int Writes { get; set; } = 3;

    /// <summary>A data directory to use (and keep); when it already holds a database, its crimes are reused.</summary>
    public string? DataDir { get; set; }
}

/// <summary>
/// The web map's data at national zoom over a million stored crimes, through real HTTP: the server is the built
/// waymark executable (a child process on a loopback port, its own SQLite data directory), the crimes are written
/// with <see cref="CrimeBulkWriter"/> as the demo seed writes its own, and the requests carry an analyst's cookie.
/// Afterwards the same pipeline is taken apart in-process to show where the time goes.
/// </summary>
internal static class MapBench
{
    private const string Analyst = "analyst@btp.demo";

    /// <summary>Great Britain with a margin, as the map's bbox= at national zoom (minLon,minLat,maxLon,maxLat).</summary>
    private const string NationalBbox = "-8.7,49.8,1.9,60.9";

    private static readonly (string Slug, double Weight)[] CategoryMix =
    [
        ("violent-crime", 24), ("anti-social-behaviour", 15), ("shoplifting", 8), ("criminal-damage", 7), ("public-order", 7),
        ("other-theft", 6), ("burglary-residential", 5), ("theft-from-vehicle", 4), ("drugs", 4), ("theft-of-vehicle", 3),
        ("burglary-business", 2), ("burglary", 1), ("theft-from-the-person", 2), ("bicycle-theft", 2), ("robbery", 1),
        ("possession-of-weapons", 1), ("vehicle-interference", 1), ("fraud", 1), ("other-crime", 1),
        ("metal-theft-rail-signalling-cable", 1), ("metal-theft-substation-earthing", 0.6), ("metal-theft-telecoms-cable", 0.6),
        ("metal-theft-heritage-lead-roof", 0.5), ("metal-theft-power-cable", 0.3),
    ];

    /// <summary>The six owners (the demo partnership without the dealer) and their shares of the crimes.</summary>
    private static readonly (string Name, double Weight)[] OwnerMix =
    [
        ("Lincolnshire Police", 35), ("British Transport Police", 25), ("Britannia Rail Infrastructure", 10),
        ("Midlands & Northern Power Networks", 10), ("Openwire Telecoms", 10), ("Diocese of Lincoln", 10),
    ];

    private sealed record Endpoint(string Name, string Url, bool Snapshot);

    private sealed record Sample(double Ms, int Bytes, string Summary);


    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Usage();
            return 0;
        }

        if (Parse(args) is not { } settings)
        {
            return 2;
        }

        var started = DateTimeOffset.UtcNow;
        Console.WriteLine(BenchSupport.Header("Waymark web map data benchmark (national zoom, HTTP)", args, started));
        BenchSupport.Line($"  runs     per endpoint: {settings.Warmup} warm-up, {settings.Runs} back-to-back, {settings.Paused} after a {PauseSeconds} s pause (longer than CrimeSnapshot.MaxAge = {CrimeSnapshot.MaxAge.TotalSeconds} s); {settings.Writes} requests after a write");
        var dataDir = settings.DataDir ?? Path.Combine(Path.GetTempPath(), "waymark-mapbench-" + Guid.NewGuid().ToString("N"));
        var reuse = File.Exists(Path.Combine(dataDir, "waymark.db"));
        var keep = settings.Keep || settings.DataDir is not null;
        Directory.CreateDirectory(dataDir);
        BenchSupport.Line($"  data dir {dataDir} (SQLite, WAL){(reuse ? ", reused" : "")}{(keep ? ", kept" : ", deleted afterwards")}");
        Console.WriteLine();

        try
        {
            int stored;
            if (reuse)
            {
                await using var services = BuildServices(dataDir);
                await using var scope = services.CreateAsyncScope();
                stored = await scope.ServiceProvider.GetRequiredService<WaymarkDb>().Crimes.CountAsync(c => c.Latitude != null, ct);
                BenchSupport.Line($"reusing the crimes already in {dataDir}");
            }
            else
            {
                // 1. A first server run migrates the new database and seeds the demo partnership (organisations, logins).
                await using (var first = await ServerProcess.StartAsync(dataDir, seedDemo: true, ct))
                {
                    BenchSupport.Line($"server (demo seed) up at {first.BaseUrl} in {first.StartTime.TotalSeconds:F1} s; stopped again for the bulk insert");
                }

                // 2. The synthetic crimes, written in-process while no server runs.
                stored = await InsertCrimesAsync(dataDir, settings.Crimes, ct);
            }

            // 3. The measured server: a fresh process over the full database.
            var rows = new List<(string Name, Timing Timing, int Bytes, bool Goal)>();
            await using (var server = await ServerProcess.StartAsync(dataDir, seedDemo: false, ct))
            {
                BenchSupport.Line($"server up at {server.BaseUrl} in {server.StartTime.TotalSeconds:F1} s");
                using var client = await LoginAsync(server.BaseUrl, ct);
                var from = DateTime.UtcNow.Date.AddYears(-1).ToString("yyyy-MM-dd'T'00:00:00'Z'", BenchSupport.Inv);
                Endpoint[] endpoints =
                [
                    new("grid cell=10000 (national)", "/api/analytics/grid?cell=10000", true),
                    new("grid cell=10000 + national bbox (as the map sends it)", $"/api/analytics/grid?cell=10000&bbox={NationalBbox}", true),
                    new($"grid cell=10000, category=burglary, from={from[..10]}", $"/api/analytics/grid?cell=10000&category=burglary&from={from}", true),
                    new("crimes bbox=national, pageSize=1 (the count)", $"/api/crimes?bbox={NationalBbox}&pageSize=1", false),
                ];

                // The first request of the process: JIT and the snapshot's first load of every crime.
                var first = await GetAsync(client, endpoints[0].Url, ct);
                BenchSupport.Line($"first request (cold process, snapshot load): {BenchSupport.Ms(first.Ms)} — {first.Summary}");
                rows.Add(("first grid request of a fresh server (JIT + snapshot load)", Timing.Of([first.Ms]), first.Bytes, false));
                Console.WriteLine();

                foreach (var endpoint in endpoints)
                {
                    for (var i = 0; i < settings.Warmup; i++)
                    {
                        await GetAsync(client, endpoint.Url, ct);
                    }

                    var back = new List<Sample>();
                    for (var i = 0; i < settings.Runs; i++)
                    {
                        back.Add(await GetAsync(client, endpoint.Url, ct));
                    }

                    BenchSupport.Line($"{endpoint.Name}: {back[^1].Summary}");
                    Console.WriteLine("  back-to-back  " + string.Join(' ', back.Select(s => BenchSupport.Ms(s.Ms))));
                    rows.Add((endpoint.Name, Timing.Of([.. back.Select(s => s.Ms)]), back[^1].Bytes, true));
                    if (endpoint.Snapshot && settings.Paused > 0)
                    {
                        var paused = new List<Sample>();
                        for (var i = 0; i < settings.Paused; i++)
                        {
                            await Task.Delay(TimeSpan.FromSeconds(PauseSeconds), ct);
                            paused.Add(await GetAsync(client, endpoint.Url, ct));
                        }

                        Console.WriteLine("  after pause   " + string.Join(' ', paused.Select(s => BenchSupport.Ms(s.Ms))));
                        rows.Add(($"  …after a {PauseSeconds} s pause (snapshot re-check)", Timing.Of([.. paused.Select(s => s.Ms)]), paused[^1].Bytes, true));
                    }
                }

                // A write anywhere invalidates the snapshot: the next map request reloads every crime.
                if (settings.Writes > 0)
                {
                    var afterWrite = new List<Sample>();
                    for (var i = 0; i < settings.Writes; i++)
                    {
                        await RecordCrimeAsync(client, ct);
                        afterWrite.Add(await GetAsync(client, endpoints[0].Url, ct));
                    }

                    Console.WriteLine("grid cell=10000 right after POST /api/crimes: " + string.Join(' ', afterWrite.Select(s => BenchSupport.Ms(s.Ms))));
                    rows.Add(("grid cell=10000 right after one crime is recorded (reload)", Timing.Of([.. afterWrite.Select(s => s.Ms)]), afterWrite[^1].Bytes, true));
                }
            }

            Console.WriteLine();
            BenchSupport.Line($"{stored:N0} located crimes stored (the synthetic ones and the demo seed's); analyst {Analyst} (police analyst, sees partnership and law-enforcement records)");
            Console.WriteLine();
            Console.WriteLine("| request                                                          | runs |    median |       min |       max | response  | goal     | met? |");
            Console.WriteLine("|------------------------------------------------------------------|-----:|----------:|----------:|----------:|----------:|----------|------|");
            foreach (var (name, t, bytes, goal) in rows)
            {
                BenchSupport.Line(
                    $"| {name,-64} | {t.Runs,4} | {BenchSupport.Ms(t.MedianMs),9} | {BenchSupport.Ms(t.MinMs),9} | {BenchSupport.Ms(t.MaxMs),9} | {Size(bytes),9} | {(goal ? "< 200 ms" : ""),-8} | {(goal ? t.MedianMs < 200 ? "yes" : "NO" : ""),-4} |");
            }

            if (!settings.SkipBreakdown)
            {
                Console.WriteLine();
                await BreakdownAsync(dataDir, settings.Runs, ct);
            }

            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!keep && Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    /// <summary>Records one crime through the API, as an analyst would; the server then invalidates its snapshot.</summary>
    private static async Task RecordCrimeAsync(HttpClient client, CancellationToken ct)
    {
        var at = DateTimeOffset.UtcNow.AddHours(-3);
        using var response = await client.PostAsJsonAsync("/api/crimes", new
        {
            category = "burglary-residential",
            occurredFrom = at,
            occurredTo = at.AddHours(1),
            latitude = 52.4862,
            longitude = -1.8904,
            locationDescription = "Map benchmark write",
            visibility = "Partnership",
        }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/crimes answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    private const double PauseSeconds = 2.5;

    private static string Size(int bytes) => bytes >= 1024 * 1024
        ? string.Create(BenchSupport.Inv, $"{bytes / (1024.0 * 1024):F2} MB")
        : string.Create(BenchSupport.Inv, $"{bytes / 1024.0:F0} kB");

    /// <summary>Writes the synthetic crimes in one audited transaction, as the demo seed does; returns the located crimes stored.</summary>
    private static async Task<int> InsertCrimesAsync(string dataDir, int count, CancellationToken ct)
    {
        await using var services = BuildServices(dataDir);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Name, ct);
        var owners = OwnerMix.Select(o => (Organisation: organisations[o.Name], o.Weight)).ToArray();
        var ownerTotal = owners.Sum(o => o.Weight);
        var categories = CategoryMix.Select(c => (Category: CrimeCategories.All.Single(x => x.Slug == c.Slug), c.Weight)).ToArray();
        var categoryTotal = categories.Sum(c => c.Weight);

        var random = new Random(20260404);
        var model = HotspotModel.Create(random);
        var now = DateTime.UtcNow;
        var make = Stopwatch.StartNew();
        make.Stop();
        var total = Stopwatch.StartNew();
        var written = await audit.InTransactionAsync(async token =>
        {
            await using var writer = new CrimeBulkWriter(db);
            var batch = new List<Crime>(20_000);
            var inserted = 0;
            for (var i = 0; i < count; i++)
            {
                make.Start();
                batch.Add(MakeCrime(i));
                make.Stop();
                if (batch.Count == batch.Capacity || i == count - 1)
                {
                    inserted += await writer.WriteAsync(batch, token);
                    batch.Clear();
                }
            }

            audit.Record(Caller.System("bench"), "crime.bench-seed", "crime", null, detail: $"{inserted} synthetic crimes for the map benchmark");
            return inserted;
        }, ct);
        total.Stop();

        var checkpoint = Stopwatch.StartNew();
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        await db.Database.CloseConnectionAsync();
        checkpoint.Stop();
        var located = await db.Crimes.CountAsync(c => c.Latitude != null, ct);
        var fileMb = new FileInfo(Path.Combine(dataDir, "waymark.db")).Length / (1024.0 * 1024);
        BenchSupport.Line(
            $"inserted {written:N0} synthetic crimes in {total.Elapsed.TotalSeconds:F1} s ({written / total.Elapsed.TotalSeconds:N0} rows/s; making them {make.Elapsed.TotalSeconds:F1} s of it), WAL checkpoint {checkpoint.Elapsed.TotalSeconds:F1} s, database {fileMb:N0} MB");
        BenchSupport.Line(
            $"  {model.Hotspots} hotspots + {model.BackgroundShare:P0} background over Great Britain, {CategoryMix.Length} categories, 6 owners, partnership visibility, occurred over the last 2 years; seed 20260404");
        return located;

        Crime MakeCrime(int i)
        {
            var owner = Pick(owners, ownerTotal, o => o.Weight, random).Organisation;
            var category = Pick(categories, categoryTotal, c => c.Weight, random).Category;
            var from = now - TimeSpan.FromMinutes(random.NextDouble() * 730 * 24 * 60);
            var to = from + TimeSpan.FromMinutes(random.Next(0, 12 * 60));
            var reported = to + TimeSpan.FromMinutes(random.Next(10, 600));
            var crime = new Crime
            {
                Id = Guid.CreateVersion7(),
                Reference = string.Create(BenchSupport.Inv, $"BENCH-{i + 1:0000000}"),
                OwnerOrganisationId = owner.Id,
                Source = "bench",
                ImportKey = string.Create(BenchSupport.Inv, $"bench-{i + 1}"),
                Category = category.Slug,
                PoliceUkCategory = category.PoliceUkSlug,
                Sector = category.Sector ?? (random.NextDouble() < 0.5 ? owner.Sector : Sector.All[random.Next(Sector.All.Count)]),
                OccurredFrom = from,
                OccurredTo = to,
                ReportedAt = reported < now ? reported : now,
                Visibility = Visibility.Partnership,
                LocationDescription = "Synthetic",
                RecordedAt = now,
                UpdatedAt = now,
            };

            while (true)
            {
                var (e, n) = model.Next(random);
                if (Ostn15.TryToWgs84(e, n, out var lat, out var lon) && CrimeLocation.TryApply(crime, lat, lon) is null && crime.Easting is not null)
                {
                    return crime;
                }
            }
        }
    }

    private static T Pick<T>(T[] items, double sum, Func<T, double> weight, Random random)
    {
        var x = random.NextDouble() * sum;
        foreach (var item in items)
        {
            x -= weight(item);
            if (x <= 0)
            {
                return item;
            }
        }

        return items[^1];
    }

    internal static ServiceProvider BuildServices(string dataDir)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new WaymarkOptions { Database = "sqlite", DataDir = dataDir, SeedDemo = false }));
        services.AddSingleton(TimeProvider.System);
        services.AddWaymarkDatabase();
        services.AddScoped<AuditLog>();
        services.AddSingleton<CrimeSnapshot>();
        services.AddScoped<AnalysisSource>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static async Task<HttpClient> LoginAsync(string baseUrl, CancellationToken ct)
    {
        var handler = new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AutomaticDecompression = DecompressionMethods.None };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(5) };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = Analyst, password = DemoSeed.Password }, ct);
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>One GET, timed to the last byte of the body.</summary>
    private static async Task<Sample> GetAsync(HttpClient client, string url, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var summary = root.TryGetProperty("features", out var features)
            ? string.Create(BenchSupport.Inv, $"{features.GetArrayLength():N0} cells, {root.GetProperty("total").GetInt32():N0} crimes")
            : string.Create(BenchSupport.Inv, $"total {root.GetProperty("total").GetInt32():N0}");
        return new Sample(clock.Elapsed.TotalMilliseconds, body.Length, summary);
    }

    /// <summary>
    /// The grid endpoint's pipeline taken apart in this process, over the same database: snapshot load and re-check,
    /// the filter loop (as AnalysisSource does it), GridCounts, the GeoJSON features (CellRing: OSTN15 per corner),
    /// JSON serialisation; and the database search behind /api/crimes.
    /// </summary>
    private static async Task BreakdownAsync(string dataDir, int runs, CancellationToken ct)
    {
        Console.WriteLine("Where the time goes (in-process, same database and code; median of " + runs + " runs each, after a warm-up):");
        await using var services = BuildServices(dataDir);
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var btp = await db.Organisations.AsNoTracking().SingleAsync(o => o.Name == "British Transport Police", ct);
        var caller = new Caller(null, Analyst, btp.Id, OrganisationKind.PoliceForce, Roles.PoliceAnalyst);

        // Snapshot: full load (a new instance each time), and the MaxAge re-check (count + latest update).
        var loads = new List<double>();
        CrimeSnapshot.Data? data = null;
        for (var i = 0; i < 3; i++)
        {
            using var fresh = new CrimeSnapshot(scopes, TimeProvider.System);
            BenchSupport.Settle();
            var clock = Stopwatch.StartNew();
            data = await fresh.GetAsync(ct);
            loads.Add(clock.Elapsed.TotalMilliseconds);
        }

        var snapshot = services.GetRequiredService<CrimeSnapshot>();
        data = await snapshot.GetAsync(ct);
        var rechecks = await TimeAsync(runs, async () =>
        {
            snapshot.Invalidate();
            await snapshot.GetAsync(ct);
        });
        var count = await TimeAsync(runs, () => db.Crimes.CountAsync(ct));
        var latest = await TimeAsync(runs, () => db.Crimes.MaxAsync(c => c.UpdatedAt, ct));
        BenchSupport.Line($"  snapshot load of {data.Count:N0} crimes: {string.Join(", ", loads.Select(BenchSupport.Ms))} (first includes JIT)");
        BenchSupport.Line($"  snapshot re-check when older than MaxAge (SELECT COUNT(*) + SELECT MAX(updated_at)): {BenchSupport.Ms(rechecks.MedianMs)} (count {BenchSupport.Ms(count.MedianMs)}, max(updated_at) {BenchSupport.Ms(latest.MedianMs)}, no index on updated_at)");
        await SnapshotLoadPartsAsync(db, ct);
        Console.WriteLine();

        var from = DateTimeOffset.UtcNow.Date.AddYears(-1);
        (string Name, CrimeSearch Search)[] cases =
        [
            ("national", new CrimeSearch()),
            ("burglary, last year", new CrimeSearch { Category = ["burglary"], From = new DateTimeOffset(from, TimeSpan.Zero) }),
        ];
        Console.WriteLine("| stage (grid cell=10000)                                       | national                       | burglary, last year            |");
        Console.WriteLine("|---------------------------------------------------------------|-------------------------------:|-------------------------------:|");
        var columns = new List<Dictionary<string, string>>();
        foreach (var (_, search) in cases)
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal);
            double[] xs = [], ys = [];
            var filter = await TimeAsync(runs, () =>
            {
                (xs, ys) = FilterLikeAnalysisSource(data, search, caller);
                return Task.CompletedTask;
            });
            cells["filter"] = BenchSupport.Ms(filter.MedianMs) + BenchSupport.F($" ({xs.Length:N0} crimes)");

            var source = scope.ServiceProvider.GetRequiredService<AnalysisSource>();
            var viaSource = await TimeAsync(runs, () => source.PositionsAsync(search, caller, ct));
            cells["source"] = BenchSupport.Ms(viaSource.MedianMs);

            GridCountResult grid = null!;
            var counting = await TimeAsync(runs, () =>
            {
                grid = GridCounts.Count(xs, ys, 10_000);
                return Task.CompletedTask;
            });
            cells["count"] = BenchSupport.Ms(counting.MedianMs) + BenchSupport.F($" ({grid.Cells.Count:N0} cells)");

            object response = null!;
            var building = await TimeAsync(runs, () =>
            {
                response = BuildLikeGridEndpoint(grid, 10_000, xs.Length);
                return Task.CompletedTask;
            });
            cells["build"] = BenchSupport.Ms(building.MedianMs) + BenchSupport.F($" ({grid.Cells.Count * 5:N0} OSTN15 calls)");

            var corners = await TimeAsync(runs, () =>
            {
                BuildWithSharedCorners(grid, 10_000);
                return Task.CompletedTask;
            });
            cells["corners"] = BenchSupport.Ms(corners.MedianMs);

            long length = 0;
            var serialising = await TimeAsync(runs, async () =>
            {
                using var stream = new MemoryStream();
                await JsonSerializer.SerializeAsync(stream, response, response.GetType(), Json.Options, ct);
                length = stream.Length;
            });
            cells["json"] = BenchSupport.Ms(serialising.MedianMs) + " (" + Size((int)length) + ")";

            var body = new MemoryStream();
            await JsonSerializer.SerializeAsync(body, response, response.GetType(), Json.Options, ct);
            var bytes = body.ToArray();
            foreach (var (key, make) in new (string, Func<Stream, Stream>)[]
            {
                ("gzip", o => new GZipStream(o, CompressionLevel.Fastest, leaveOpen: true)),
                ("brotli", o => new BrotliStream(o, CompressionLevel.Fastest, leaveOpen: true)),
            })
            {
                long compressed = 0;
                var packing = await TimeAsync(runs, () =>
                {
                    using var output = new MemoryStream();
                    using (var packer = make(output))
                    {
                        packer.Write(bytes);
                    }

                    compressed = output.Length;
                    return Task.CompletedTask;
                });
                cells[key] = BenchSupport.Ms(packing.MedianMs) + " (" + Size((int)compressed) + ")";
            }

            columns.Add(cells);
        }

        (string Key, string Label)[] stages =
        [
            ("filter", "snapshot filter loop (SnapshotFilter.Matches + List<double>)"),
            ("source", "  the same through AnalysisSource.PositionsAsync"),
            ("count", "GridCounts.Count"),
            ("build", "GeoJSON features (CellRing: Ostn15.TryToWgs84 × 5 a cell)"),
            ("corners", "  alternative: each grid corner converted once"),
            ("json", "JSON serialisation (Json.Options)"),
            ("gzip", "  not done today: gzip (fastest) of that body"),
            ("brotli", "  not done today: Brotli (fastest) of that body"),
        ];
        foreach (var (key, label) in stages)
        {
            BenchSupport.Line($"| {label,-61} | {columns[0][key],30} | {columns[1][key],30} |");
        }

        // The count behind /api/crimes: SQL over the crimes table.
        Console.WriteLine();
        var (compiled, _) = new CrimeSearch { Bbox = NationalBbox, PageSize = 1 }.Compile(db.Crimes.AsNoTracking(), caller);
        var total = 0;
        var sqlRuns = Math.Min(runs, 3);
        var countQuery = await TimeAsync(sqlRuns, async () => total = await compiled!.Query.CountAsync(ct));
        var pageQuery = await TimeAsync(sqlRuns, () => compiled!.Query.Take(1).ToListAsync(ct));
        BenchSupport.Line($"/api/crimes?bbox=national&pageSize=1 in SQL: COUNT {BenchSupport.Ms(countQuery.MedianMs)} ({total:N0}), first page of 1 {BenchSupport.Ms(pageQuery.MedianMs)}");
        BenchSupport.Line($"  the same count from the snapshot: {BenchSupport.Ms((await TimeAsync(runs, () =>
        {
            var f = SnapshotFilter.TryCreate(data, new CrimeSearch { Bbox = NationalBbox }, caller)!;
            var c = 0;
            for (var i = 0; i < data.Count; i++)
            {
                c += f.Matches(data, i) ? 1 : 0;
            }

            return Task.CompletedTask;
        })).MedianMs)}");
        var sql = compiled!.Query.ToQueryString();
        await foreach (var line in QueryPlanAsync(db, sql, ct))
        {
            Console.WriteLine("  plan: " + line);
        }

        // The same queries with planner statistics (ANALYZE), which Waymark never gathers; rolled back afterwards.
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            await db.Database.ExecuteSqlRawAsync("ANALYZE;", ct);
            var analysedCount = await TimeAsync(sqlRuns, () => compiled.Query.CountAsync(ct));
            var analysedPage = await TimeAsync(sqlRuns, () => compiled.Query.Take(1).ToListAsync(ct));
            BenchSupport.Line($"  after ANALYZE (rolled back): COUNT {BenchSupport.Ms(analysedCount.MedianMs)}, first page of 1 {BenchSupport.Ms(analysedPage.MedianMs)}");
            await foreach (var line in QueryPlanAsync(db, sql, ct))
            {
                Console.WriteLine("  plan: " + line);
            }

            await tx.RollbackAsync(ct);
        }

        // Without the bbox (it covers every crime at national zoom): the visibility filter and the order only.
        var (unbounded, _) = new CrimeSearch { PageSize = 1 }.Compile(db.Crimes.AsNoTracking(), caller);
        var unboundedCount = await TimeAsync(sqlRuns, () => unbounded!.Query.CountAsync(ct));
        var unboundedPage = await TimeAsync(sqlRuns, () => unbounded!.Query.Take(1).ToListAsync(ct));
        BenchSupport.Line($"  without bbox: COUNT {BenchSupport.Ms(unboundedCount.MedianMs)}, first page of 1 {BenchSupport.Ms(unboundedPage.MedianMs)}");
        await foreach (var line in QueryPlanAsync(db, unbounded!.Query.Take(1).ToQueryString(), ct))
        {
            Console.WriteLine("  plan: " + line);
        }
    }

    /// <summary>
    /// CrimeSnapshot's load taken apart: stepping the rows of its SELECT, reading the 12 columns raw, and parsing the
    /// text columns (GUIDs, times, visibility) as it does. One run each.
    /// </summary>
    private static async Task SnapshotLoadPartsAsync(WaymarkDb db, CancellationToken ct)
    {
        const string sql = "SELECT id, latitude, longitude, easting, northing, occurred_from, occurred_to, category, sector, owner_organisation_id, visibility, outcome_type FROM crimes WHERE latitude IS NOT NULL";
        const int samples = 100_000;
        var ids = new string[samples];
        var owners = new string[samples];
        var froms = new string[samples];
        var visibilities = new string[samples];
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var rows = 0;
            var clock = Stopwatch.StartNew();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows++;
                }
            }

            var step = clock.Elapsed.TotalMilliseconds;
            clock.Restart();
            double sink = 0;
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = sql;
                await using var reader = await command.ExecuteReaderAsync(ct);
                var i = 0;
                while (await reader.ReadAsync(ct))
                {
                    var id = reader.GetString(0);
                    sink += reader.GetDouble(1) + reader.GetDouble(2) + (reader.IsDBNull(3) ? 0 : reader.GetDouble(3)) + (reader.IsDBNull(4) ? 0 : reader.GetDouble(4));
                    var from = reader.GetString(5);
                    sink += reader.GetString(6).Length + reader.GetString(7).Length + (reader.IsDBNull(8) ? 0 : reader.GetString(8).Length);
                    var owner = reader.GetString(9);
                    var visibility = reader.GetString(10);
                    sink += reader.IsDBNull(11) ? 0 : reader.GetInt32(11);
                    if (i < samples)
                    {
                        (ids[i], owners[i], froms[i], visibilities[i]) = (id, owner, from, visibility);
                        i++;
                    }
                }
            }

            var raw = clock.Elapsed.TotalMilliseconds;
            var filled = Math.Min(rows, samples);
            double Parse(Action<int> parse)
            {
                var c = Stopwatch.StartNew();
                for (var k = 0; k < rows; k++)
                {
                    parse(k % filled);
                }

                return c.Elapsed.TotalMilliseconds;
            }

            var guids = Parse(k => sink += Guid.Parse(ids[k]).GetHashCode() + Guid.Parse(owners[k]).GetHashCode());
            var times = Parse(k => sink += DateTime.SpecifyKind(DateTime.Parse(froms[k], BenchSupport.Inv), DateTimeKind.Utc).Ticks * 2.0);
            var enums = Parse(k => sink += (int)Enum.Parse<Visibility>(visibilities[k]));
            BenchSupport.Line($"  snapshot load parts, {rows:N0} rows (one run each): stepping the SELECT {BenchSupport.Ms(step)}; + reading the 12 columns raw {BenchSupport.Ms(raw)}; parsing 2 GUIDs a row {BenchSupport.Ms(guids)}, 2 times a row (DateTime.Parse of \"{froms[0]}\") {BenchSupport.Ms(times * 2)}, visibility (Enum.Parse) {BenchSupport.Ms(enums)}");
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async IAsyncEnumerable<string> QueryPlanAsync(WaymarkDb db, string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        // ToQueryString declares the parameters first (".param set"); EXPLAIN the statement with them inlined.
        var lines = sql.Split('\n');
        var statement = string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        var parameters = lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal))
            .Select(l => l[".param set ".Length..].Split(' ', 2))
            .OrderByDescending(p => p[0].Length);
        foreach (var p in parameters)
        {
            statement = statement.Replace(p[0], p[1].Trim(), StringComparison.Ordinal);
        }

        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return reader.GetString(3);
        }
    }

    private static async Task<Timing> TimeAsync(int runs, Func<Task> action)
    {
        await action(); // warm-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Timing.Of(times);
    }

    /// <summary>The loop of AnalysisSource.PositionsAsync over the snapshot.</summary>
    private static (double[] X, double[] Y) FilterLikeAnalysisSource(CrimeSnapshot.Data data, CrimeSearch search, Caller caller)
    {
        var filter = SnapshotFilter.TryCreate(data, search, caller) ?? throw new InvalidOperationException("the search needs the database.");
        var xs = new List<double>(1024);
        var ys = new List<double>(1024);
        for (var i = 0; i < data.Count; i++)
        {
            if (!filter.Matches(data, i) || float.IsNaN(data.X[i]))
            {
                continue;
            }

            xs.Add(data.X[i]);
            ys.Add(data.Y[i]);
        }

        return ([.. xs], [.. ys]);
    }

    /// <summary>The object AnalyticsEndpoints.Grid answers, built the same way.</summary>
    private static object BuildLikeGridEndpoint(GridCountResult result, double cell, int total)
    {
        var features = result.Cells.Select(c => new
        {
            type = "Feature",
            geometry = new { type = "Polygon", coordinates = new[] { AnalysisInput.CellRing(c.OriginEasting, c.OriginNorthing, cell) } },
            properties = new { cell = result.CellKey(c), count = c.Count, easting = c.OriginEasting, northing = c.OriginNorthing },
        }).ToList();
        return new
        {
            type = "FeatureCollection",
            cellSize = cell,
            total,
            maxCount = result.Cells.Count == 0 ? 0 : result.Cells.Max(c => c.Count),
            excluded = 0,
            note = (string?)null,
            features,
        };
    }

    /// <summary>A prototype: the rings from corners converted once per grid vertex (a cell shares each corner with up to 3 others).</summary>
    private static int BuildWithSharedCorners(GridCountResult result, double cell)
    {
        var corners = new Dictionary<(long, long), double[]>();
        var rings = 0;
        foreach (var c in result.Cells)
        {
            double[] Corner(long dc, long dr)
            {
                var key = (c.Column + dc, c.Row + dr);
                if (!corners.TryGetValue(key, out var p))
                {
                    corners[key] = p = AnalysisInput.ToLonLat(key.Item1 * cell, key.Item2 * cell);
                }

                return p;
            }

            double[][] ring = [Corner(0, 0), Corner(1, 0), Corner(1, 1), Corner(0, 1), Corner(0, 0)];
            rings += ring.Length;
        }

        return rings;
    }

    private static MapBenchSettings? Parse(string[] args)
    {
        var settings = new MapBenchSettings();
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--crimes" when BenchSupport.TryCount(value, out var crimes) && crimes > 0:
                    settings.Crimes = crimes;
                    i++;
                    break;
                case "--runs" when BenchSupport.TryCount(value, out var runs) && runs > 0:
                    settings.Runs = runs;
                    i++;
                    break;
                case "--paused" when BenchSupport.TryCount(value, out var paused):
                    settings.Paused = paused;
                    i++;
                    break;
                case "--warmup" when BenchSupport.TryCount(value, out var warmup):
                    settings.Warmup = warmup;
                    i++;
                    break;
                case "--writes" when BenchSupport.TryCount(value, out var writes):
                    settings.Writes = writes;
                    i++;
                    break;
                case "--data-dir" when !string.IsNullOrWhiteSpace(value):
                    settings.DataDir = Path.GetFullPath(value);
                    i++;
                    break;
                case "--keep":
                    settings.Keep = true;
                    break;
                case "--no-breakdown":
                    settings.SkipBreakdown = true;
                    break;
                case "-h" or "--help":
                    Usage();
                    return null;
                default:
                    Console.Error.WriteLine($"bad argument '{args[i]}'.");
                    Usage();
                    return null;
            }
        }

        return settings;
    }

    public static void Usage() => Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Waymark.Bench -- map [options]

        Starts the built server (waymark, a child process on a loopback port) on a fresh SQLite data directory with the
        demo partnership, bulk-writes synthetic crimes over Great Britain, logs in as analyst@btp.demo and times the
        map's national-zoom requests over HTTP (grid counts at 10 km, with a filter, and the /api/crimes count), then
        takes the grid pipeline apart in-process.

          --crimes N       synthetic crimes to store (default 1,000,000)
          --runs N         back-to-back measured requests per endpoint (default 10)
          --warmup N       warm-up requests per endpoint (default 1)
          --paused N       requests per snapshot endpoint made after a 2.5 s pause (default 5; 0 to skip)
          --writes N       crimes recorded through POST /api/crimes, each followed by a timed grid request (default 3)
          --data-dir DIR   use (and keep) DIR; if it already holds a database from an earlier run, reuse its crimes
          --keep           keep the data directory
          --no-breakdown   skip the in-process breakdown
        """);
}

/// <summary>The built waymark server as a child process on a free loopback port; killed on dispose.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public TimeSpan StartTime { get; private set; }

    public static async Task<ServerProcess> StartAsync(string dataDir, bool seedDemo, CancellationToken ct)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "waymark.exe" : "waymark");
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataDir,
        };
        if (File.Exists(apphost))
        {
            info.FileName = apphost;
        }
        else
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add("exec");
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "waymark.dll"));
        }

        foreach (var arg in new[] { "--urls", baseUrl, "--data-dir", dataDir, "--seed-demo", seedDemo ? "true" : "false" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment.Remove("DOTNET_ENVIRONMENT");
        info.Environment["Logging__LogLevel__Default"] = "Warning";

        var clock = Stopwatch.StartNew();
        var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {info.FileName}.");
        var server = new ServerProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the server exited with {process.ExitCode} before answering:\n{server.Output()}");
            }

            if (clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                await server.DisposeAsync();
                throw new TimeoutException($"the server did not answer /health within 3 minutes:\n{server.Output()}");
            }

            try
            {
                using var response = await probe.GetAsync("/health", ct);
                if (response.IsSuccessStatusCode)
                {
                    server.StartTime = clock.Elapsed;
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // probe timed out
            }

            await Task.Delay(100, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > 200)
            {
                _output.Dequeue();
            }
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
