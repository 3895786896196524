using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Imports;
using Waymark.Server.Infrastructure;

namespace Waymark.Bench;

internal sealed class ImportBenchSettings
{
    public required string[] CommandLine { get; init; }

    public int Runs { get; set; } = 7;

    public int Warmup { get; set; } = 1;

    public string? Postgres { get; set; }

    public string? Only { get; set; }

    /// <summary>The connection came from WAYMARK_TEST_POSTGRES rather than --postgres.</summary>
    public bool PostgresFromEnvironment { get; set; }
}

/// <summary>One police.uk file, held in memory so that disk reads are not part of the timing.</summary>
internal sealed record PoliceUkFile(string Name, byte[] Content, int Rows);

/// <summary>What importing every file once did, and how long it took.</summary>
internal sealed record Pass(TimeSpan Elapsed, int Rows, int Imported, int Duplicates, int Rejected, int Unlocated)
{
    public double RowsPerSecond => Rows / Elapsed.TotalSeconds;
}

/// <summary>
/// The police.uk import benchmark. Per provider: warm-up run(s), then N measured runs, each on a fresh database:
/// migrate (not timed), import every file (timed: "first import"), import them all again (timed: "re-import",
/// every row a duplicate). Each file is imported the way the CLI and the upload endpoint do it: its own DI scope
/// (own WaymarkDb, AuditLog, CrimeImporter), one transaction, audited.
/// </summary>
internal static class ImportBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Caller Caller = Caller.System("bench");

    public static async Task<int> RunAsync(ImportBenchSettings settings, CancellationToken ct)
    {
        var files = LoadFiles();
        var totalRows = files.Sum(f => f.Rows);
        var started = DateTimeOffset.UtcNow;

        var targets = new List<IBenchDatabase>();
        var notes = new List<string>();
        if (settings.Only is null or "sqlite")
        {
            targets.Add(new SqliteBenchDatabase());
            notes.Add($"SQLite {SqliteVersion()}, WAL, file under {Path.GetTempPath()}");
        }

        if (settings.Only is null or "postgres")
        {
            if (settings.Postgres is null)
            {
                notes.Add("PostgreSQL skipped: give --postgres CONNECTION or set WAYMARK_TEST_POSTGRES.");
            }
            else
            {
                var pg = new PostgresBenchDatabase(settings.Postgres);
                try
                {
                    var source = settings.PostgresFromEnvironment ? " (connection from WAYMARK_TEST_POSTGRES)" : "";
                    notes.Add(await pg.ServerVersionAsync(ct) + source + ", a fresh database per run");
                    targets.Add(pg);
                }
                catch (NpgsqlException e)
                {
                    notes.Add($"PostgreSQL skipped: cannot connect ({e.Message}).");
                }
            }
        }

        var header = Header(settings, files, started);
        Console.WriteLine(header);
        foreach (var note in notes)
        {
            Console.WriteLine("  " + note);
        }

        Console.WriteLine();

        var results = new List<(string Provider, List<Pass> First, List<Pass> Again)>();
        var problems = new List<string>();
        foreach (var target in targets)
        {
            var first = new List<Pass>();
            var again = new List<Pass>();
            for (var run = 1 - settings.Warmup; run <= settings.Runs; run++)
            {
                var (f, a) = await RunOnceAsync(target, files, ct);
                var label = run <= 0 ? "warm-up" : $"run {run}/{settings.Runs}";
                Console.WriteLine(string.Create(Inv,
                    $"{target.Name,-10} {label,-9}  first import {f.RowsPerSecond,9:N0} rows/s ({f.Elapsed.TotalSeconds:F3} s)   re-import {a.RowsPerSecond,9:N0} rows/s ({a.Elapsed.TotalSeconds:F3} s)"));
                problems.AddRange(Check(target.Name, f, a, totalRows));
                if (run > 0)
                {
                    first.Add(f);
                    again.Add(a);
                }
            }

            results.Add((target.Name, first, again));
        }

        if (results.Count == 0)
        {
            Console.WriteLine("No provider was measured.");
            return 1;
        }

        var last = results[0].First[^1];
        Console.WriteLine();
        Console.WriteLine(string.Create(Inv,
            $"Each pass: {last.Rows:N0} rows read, {last.Imported:N0} imported ({last.Unlocated:N0} of them unlocated), {last.Rejected:N0} rejected; re-import: every row a duplicate."));
        Console.WriteLine();
        Console.WriteLine(Table(results));
        foreach (var problem in problems.Distinct())
        {
            Console.WriteLine("WARNING: " + problem);
        }

        return problems.Count == 0 ? 0 : 1;
    }

    private static async Task<(Pass First, Pass Again)> RunOnceAsync(IBenchDatabase target, List<PoliceUkFile> files, CancellationToken ct)
    {
        var options = await target.CreateAsync(ct);
        try
        {
            await using var services = BuildServices(options);
            await using (var scope = services.CreateAsyncScope())
            {
                await DatabaseSetup.MigrateAsync(scope.ServiceProvider.GetRequiredService<WaymarkDb>(), ct);
            }

            var first = await ImportAllAsync(services, files, ct);
            var again = await ImportAllAsync(services, files, ct);
            return (first, again);
        }
        finally
        {
            await target.DropAsync();
        }
    }

    private static ServiceProvider BuildServices(WaymarkOptions options)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddWaymarkDatabase();
        services.AddScoped<AuditLog>();
        services.AddScoped<CrimeImporter>();
        services.AddSingleton<Waymark.Server.Features.Analytics.CrimeSnapshot>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Imports every file once, each in its own scope as the CLI does, and times the lot.</summary>
    private static async Task<Pass> ImportAllAsync(ServiceProvider services, List<PoliceUkFile> files, CancellationToken ct)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        int rows = 0, imported = 0, duplicates = 0, rejected = 0, unlocated = 0;
        var clock = Stopwatch.StartNew();
        foreach (var file in files)
        {
            await using var scope = services.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<CrimeImporter>();
            await using var stream = new MemoryStream(file.Content, writable: false);
            var report = await importer.ImportPoliceUkAsync(stream, file.Name, Caller, progress: null, ct);
            rows += report.Rows;
            imported += report.Imported;
            duplicates += report.Duplicates;
            rejected += report.Rejected;
            unlocated += report.Unlocated;
        }

        clock.Stop();
        return new Pass(clock.Elapsed, rows, imported, duplicates, rejected, unlocated);
    }

    private static IEnumerable<string> Check(string provider, Pass first, Pass again, int expectedRows)
    {
        if (first.Rows != expectedRows || again.Rows != expectedRows)
        {
            yield return $"{provider}: read {first.Rows}/{again.Rows} rows, expected {expectedRows}.";
        }

        if (first.Duplicates != 0 || first.Imported + first.Rejected != first.Rows)
        {
            yield return $"{provider}: first import into an empty database reported {first.Duplicates} duplicates.";
        }

        if (again.Imported != 0 || again.Duplicates != first.Imported)
        {
            yield return $"{provider}: re-import imported {again.Imported} rows and found {again.Duplicates} duplicates; expected 0 and {first.Imported}.";
        }
    }

    private static List<PoliceUkFile> LoadFiles()
    {
        var dir = Path.Combine(RepoRoot(), "tests", "Waymark.Server.Tests", "TestData", "policeuk");
        var files = Directory.GetFiles(dir, "*-street.csv").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new FileNotFoundException($"no police.uk street files in {dir}.");
        }

        return files.Select(path =>
        {
            var content = File.ReadAllBytes(path);
            var lines = content.Count(b => b == (byte)'\n') + (content.Length > 0 && content[^1] != (byte)'\n' ? 1 : 0);
            return new PoliceUkFile(Path.GetFileName(path), content, lines - 1);
        }).ToList();
    }

    /// <summary>The directory holding Waymark.slnx, found from the working directory or from the bench's own binaries.</summary>
    internal static string RepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Waymark.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("cannot find the repository root (the directory holding Waymark.slnx).");
    }

    private static string Header(ImportBenchSettings settings, List<PoliceUkFile> files, DateTimeOffset started)
    {
        var sb = new StringBuilder();
        sb.AppendLine("Waymark police.uk import benchmark");
        sb.AppendLine(Inv, $"  date     {started:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine(Inv, $"  command  {Command(settings.CommandLine)}");
        sb.AppendLine(Inv, $"  machine  {Environment.ProcessorCount} logical cores ({CpuModel()}), {OsName()}, {RuntimeInformation.RuntimeIdentifier}");
        sb.AppendLine(Inv, $"  runtime  {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC, {Configuration}");
        sb.AppendLine(Inv, $"  data     {files.Sum(f => f.Rows):N0} rows in {files.Count} files: {string.Join(", ", files.Select(f => string.Create(Inv, $"{f.Name} ({f.Rows:N0})")))}");
        sb.Append(Inv, $"  runs     {settings.Runs} measured + {settings.Warmup} warm-up per provider; fresh database each run; migration not timed");
        return sb.ToString();
    }

    private static string Table(List<(string Provider, List<Pass> First, List<Pass> Again)> results)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| provider   | phase        | runs | median rows/s |  min rows/s |  max rows/s | median time |");
        sb.AppendLine("|------------|--------------|-----:|--------------:|------------:|------------:|------------:|");
        foreach (var (provider, first, again) in results)
        {
            foreach (var (phase, passes) in new[] { ("first import", first), ("re-import", again) })
            {
                var rates = passes.Select(p => p.RowsPerSecond).ToList();
                var seconds = passes.Select(p => p.Elapsed.TotalSeconds).ToList();
                sb.AppendLine(string.Create(Inv,
                    $"| {provider,-10} | {phase,-12} | {passes.Count,4} | {Median(rates),13:N0} | {rates.Min(),11:N0} | {rates.Max(),11:N0} | {Median(seconds),9:F3} s |"));
            }
        }

        return sb.ToString();
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The command as typed, with any password in a connection string masked.</summary>
    private static string Command(string[] args)
    {
        var shown = args.Select((a, i) => i > 0 && args[i - 1] == "--postgres" ? Quote(MaskPassword(a)) : Quote(a));
        return "dotnet run -c Release --project bench/Waymark.Bench -- " + string.Join(' ', shown);
    }

    private static string MaskPassword(string connection)
    {
        try
        {
            var b = new NpgsqlConnectionStringBuilder(connection);
            if (!string.IsNullOrEmpty(b.Password))
            {
                b.Password = "***";
            }

            return b.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "***";
        }
    }

    private static string Quote(string arg) => arg.Any(c => char.IsWhiteSpace(c) || c is ';' or '"' or '\'') ? $"\"{arg}\"" : arg;

    private static string SqliteVersion()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (UnauthorizedAccessException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>The distribution (or OS) name and the kernel version, e.g. "Debian GNU/Linux 12 (bookworm), Unix 6.18.44".</summary>
    private static string OsName()
    {
        var version = Environment.OSVersion.Version;
        return $"{RuntimeInformation.OSDescription}, {Environment.OSVersion.Platform} {version.Major}.{version.Minor}.{version.Build}";
    }

#if DEBUG
    private const string Configuration = "Debug build (figures not representative: use -c Release)";
#else
    private const string Configuration = "Release build";
#endif
}
