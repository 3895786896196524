using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Waymark.Core.Crimes;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Demo;
using Waymark.Server.Features.Imports;
using Waymark.Server.Features.Marking;

namespace Waymark.Bench;

internal sealed class MarkingBenchSettings
{
    public int Codes { get; set; } = 10_000_000;

    /// <summary>Measured traces per run.</summary>
    public int Traces { get; set; } = 2_000;

    public int Runs { get; set; } = 5;

    public int Warmup { get; set; } = 300;

    /// <summary>Crimes recording a bench code as stolen (so those traces also find a crime and raise two alerts).</summary>
    public int StolenCrimes { get; set; } = 1_000;

    public string? DataDir { get; set; }
}

/// <summary>
/// Trace by code through real HTTP over ten million registered codes: the built waymark server as a child process on its
/// own SQLite data directory (demo partnership seeded), the registrations written with <see cref="RegistrationBulkWriter"/>,
/// and GET /api/marking/trace/{code}?purpose=… sent one at a time with a police officer's cookie. Each trace does what it
/// does in service: parses and checks the code, reads the registration and programme, scans crimes for the code, reads
/// returns, appends the audit entry (hash chain) and writes the outbox alerts, in one transaction.
/// </summary>
internal static class MarkingBench
{
    private const string Officer = "officer@btp.demo";
    private const string Prefix = "BNCH";

    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var s = new MarkingBenchSettings();
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--codes" when BenchSupport.TryCount(value, out var n) && n > 0:
                    s.Codes = n;
                    i++;
                    break;
                case "--traces" when BenchSupport.TryCount(value, out var n) && n > 0:
                    s.Traces = n;
                    i++;
                    break;
                case "--runs" when BenchSupport.TryCount(value, out var n) && n > 0:
                    s.Runs = n;
                    i++;
                    break;
                case "--warmup" when BenchSupport.TryCount(value, out var n):
                    s.Warmup = n;
                    i++;
                    break;
                case "--stolen" when BenchSupport.TryCount(value, out var n):
                    s.StolenCrimes = n;
                    i++;
                    break;
                case "--data-dir" when !string.IsNullOrWhiteSpace(value):
                    s.DataDir = Path.GetFullPath(value);
                    i++;
                    break;
                case "-h" or "--help":
                    Console.WriteLine("""
                        usage: dotnet run -c Release --project bench/Waymark.Bench -- marking [--codes N] [--traces N] [--runs N] [--warmup N] [--stolen N] [--data-dir DIR]

                        Registers N codes (default 10,000,000) with the bulk writer, then times GET /api/marking/trace/{code} through HTTP:
                        --runs runs (default 5) of --traces sequential traces (default 2,000) of random registered codes, after --warmup
                        traces (default 300). --stolen crimes (default 1,000) list a bench code as stolen. With --data-dir, a directory that
                        already holds the bench's codes is reused (and kept); otherwise a temporary one is made and deleted.
                        """);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync($"bad argument '{args[i]}' (marking --help).");
                    return 2;
            }
        }

        Console.WriteLine(BenchSupport.Header("Forensic marking: trace by code through HTTP", args, DateTimeOffset.UtcNow));
        var dataDir = s.DataDir ?? Path.Combine(Path.GetTempPath(), "waymark-markingbench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        try
        {
            if (!File.Exists(Path.Combine(dataDir, "waymark.db")))
            {
                await using (var first = await ServerProcess.StartAsync(dataDir, seedDemo: true, ct))
                {
                    BenchSupport.Line($"server (demo seed) up in {first.StartTime.TotalSeconds:F1} s; stopped again for the bulk insert");
                }
            }

            var (registered, stolenCodes, crimes) = await PrepareAsync(dataDir, s, ct);
            await using var server = await ServerProcess.StartAsync(dataDir, seedDemo: false, ct);
            using var client = await LoginAsync(server.BaseUrl, ct);
            var random = new Random(20261123);
            string NextCode() => random.Next(10) == 0 && stolenCodes.Count > 0
                ? stolenCodes[random.Next(stolenCodes.Count)]
                : MarkingCode.Issue(Prefix, random.NextInt64(registered)).Display;

            for (var i = 0; i < s.Warmup; i++)
            {
                await TraceAsync(client, NextCode(), ct);
            }

            var p50s = new List<double>();
            var p99s = new List<double>();
            var means = new List<double>();
            for (var run = 1; run <= s.Runs; run++)
            {
                BenchSupport.Settle();
                var times = new double[s.Traces];
                for (var i = 0; i < s.Traces; i++)
                {
                    times[i] = await TraceAsync(client, NextCode(), ct);
                }

                Array.Sort(times);
                var p50 = Percentile(times, 0.50);
                var p99 = Percentile(times, 0.99);
                p50s.Add(p50);
                p99s.Add(p99);
                means.Add(times.Average());
                BenchSupport.Line($"run {run}: {s.Traces:N0} traces, p50 {p50:F2} ms, p99 {p99:F2} ms, mean {times.Average():F2} ms, max {times[^1]:F2} ms");
            }

            // The same look-ups in-process, without HTTP or the audit write: MarkingRegistry.FindAsync (registration, programme
            // and owner by the unique code index, then the crimes' stolen-property scan) — and, separately, the audited commit
            // every trace ends with, which on SQLite waits for the WAL's fsync (synchronous=FULL, the default).
            var lookups = new List<double>();
            var lookups99 = new List<double>();
            var commits = new List<double>();
            var commits99 = new List<double>();
            await using (var services = MapBench.BuildServices(dataDir))
            {
                using var index = new StolenCodeIndex(services.GetRequiredService<IServiceScopeFactory>(), TimeProvider.System, NullLogger<StolenCodeIndex>.Instance);
                for (var run = 0; run <= s.Runs; run++)
                {
                    BenchSupport.Settle();
                    var look = new double[run == 0 ? s.Warmup : s.Traces];
                    var commit = new double[Math.Min(look.Length, 500)];
                    await using var scope = services.CreateAsyncScope();
                    var registry = new MarkingRegistry(scope.ServiceProvider.GetRequiredService<WaymarkDb>(), index);
                    for (var i = 0; i < look.Length; i++)
                    {
                        var code = NextCode();
                        var clock = Stopwatch.StartNew();
                        var found = await registry.FindAsync(code, ct) ?? throw new InvalidOperationException($"{code} not found in-process");
                        look[i] = clock.Elapsed.TotalMilliseconds;
                    }

                    for (var i = 0; i < commit.Length; i++)
                    {
                        await using var writeScope = services.CreateAsyncScope();
                        var audit = writeScope.ServiceProvider.GetRequiredService<AuditLog>();
                        var clock = Stopwatch.StartNew();
                        audit.Record(Caller.System("bench"), "marking.trace", "marking-code", NextCode(), "bench", "commit only");
                        await audit.SaveChangesAsync(ct);
                        commit[i] = clock.Elapsed.TotalMilliseconds;
                    }

                    if (run == 0)
                    {
                        continue;
                    }

                    Array.Sort(look);
                    Array.Sort(commit);
                    lookups.Add(Percentile(look, 0.5));
                    lookups99.Add(Percentile(look, 0.99));
                    commits.Add(Percentile(commit, 0.5));
                    commits99.Add(Percentile(commit, 0.99));
                    BenchSupport.Line($"in-process run {run}: FindAsync p50 {Percentile(look, 0.5):F3} ms, p99 {Percentile(look, 0.99):F3} ms; audited commit p50 {Percentile(commit, 0.5):F2} ms, p99 {Percentile(commit, 0.99):F2} ms");
                }
            }

            BenchSupport.Line($"{registered:N0} registered codes, {crimes:N0} crimes in the database ({s.StolenCrimes:N0} listing a bench code as stolen; 1 trace in 10 is of such a code)");
            Console.WriteLine();
            Console.WriteLine("| measure | runs | median | min | max |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, values) in new[]
            {
                ("HTTP trace p50", p50s), ("HTTP trace p99", p99s), ("HTTP trace mean", means),
                ("FindAsync p50", lookups), ("FindAsync p99", lookups99), ("audited commit p50", commits), ("audited commit p99", commits99),
            })
            {
                var t = Timing.Of(values);
                BenchSupport.Line($"| {name} | {t.Runs} | {t.MedianMs:F3} ms | {t.MinMs:F3} ms | {t.MaxMs:F3} ms |");
            }

            return 0;
        }
        finally
        {
            if (s.DataDir is null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<double> TraceAsync(HttpClient client, string code, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync($"/api/marking/trace/{code}?purpose=bench&context=custody", ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        clock.Stop();
        if (response.StatusCode != HttpStatusCode.OK || body.Length < 100)
        {
            throw new InvalidOperationException($"trace {code}: {response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    private static async Task<HttpClient> LoginAsync(string baseUrl, CancellationToken ct)
    {
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { email = Officer, password = DemoSeed.Password }, ct);
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>The bench programme and its codes (reused when present), and crimes listing some of them as stolen.</summary>
    private static async Task<(long Registered, List<string> StolenCodes, int Crimes)> PrepareAsync(string dataDir, MarkingBenchSettings s, CancellationToken ct)
    {
        await using var services = MapBench.BuildServices(dataDir);
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var programme = await MarkingCodeSeed.FindAsync(db, Prefix, ct);
        var stolenCodes = Enumerable.Range(0, s.StolenCrimes).Select(i => MarkingCode.Issue(Prefix, (long)i * (s.Codes / Math.Max(1, s.StolenCrimes))).Display).ToList();
        if (programme is not null)
        {
            var existing = await db.Set<MarkingRegistration>().LongCountAsync(r => r.ProgrammeId == programme.Id, ct);
            BenchSupport.Line($"reusing {existing:N0} registered codes in {dataDir}");
            return (existing, stolenCodes, await db.Crimes.CountAsync(ct));
        }

        var police = await db.Organisations.FirstAsync(o => o.Name == "Lincolnshire Police", ct);
        var clock = Stopwatch.StartNew();
        await MarkingCodeSeed.RegisterAsync(db, audit, Prefix, "Benchmark household marking", HolderKinds.Household, police.Id, s.Codes, ct);
        var random = new Random(6);
        var now = DateTime.UtcNow;
        await audit.InTransactionAsync(async token =>
        {
            await using var writer = new CrimeBulkWriter(db);
            var crimes = stolenCodes.Select((code, i) => new Crime
            {
                Id = Guid.CreateVersion7(),
                Reference = string.Create(BenchSupport.Inv, $"MARKBENCH-{i}"),
                OwnerOrganisationId = police.Id,
                Source = "bench",
                ImportKey = string.Create(BenchSupport.Inv, $"markbench-{i}"),
                Category = "burglary-residential",
                PoliceUkCategory = "burglary",
                OccurredFrom = now.AddDays(-random.Next(1, 300)),
                OccurredTo = now.AddDays(-1),
                ReportedAt = now,
                Visibility = Visibility.Partnership,
                PropertyStolen = [new PropertyItem { Type = "laptop", Description = "Dell laptop", MarkingCode = code }],
                RecordedAt = now,
                UpdatedAt = now,
            }).ToList();
            return await writer.WriteAsync(crimes, token);
        }, ct);

        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        var fileMb = new FileInfo(Path.Combine(dataDir, "waymark.db")).Length / (1024.0 * 1024);
        BenchSupport.Line($"codes and stolen-property crimes written in {clock.Elapsed.TotalSeconds:F1} s, database {fileMb:N0} MB");
        return (s.Codes, stolenCodes, await db.Crimes.CountAsync(ct));
    }
}
