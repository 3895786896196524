using System.Globalization;
using Waymark.Bench;

// Whole-run benchmarks (not timed tests). See bench/README.md.
//   dotnet run -c Release --project bench/Waymark.Bench -- import [--runs N] [--warmup N] [--postgres CONNECTION] [--only sqlite|postgres]
//   dotnet run -c Release --project bench/Waymark.Bench -- analytics [--runs N] [--warmup N] [--only grid,kde,gi,nearrepeat,knox,scan]
//   dotnet run -c Release --project bench/Waymark.Bench -- map [--crimes N] [--runs N] [--data-dir DIR] (more: map --help)
//   dotnet run -c Release --project bench/Waymark.Bench -- firstview [--runs N] [--warmup N]
//   dotnet run -c Release --project bench/Waymark.Bench -- anpr [--reads N] [--stored N] [--runs N] (more: anpr --help)
//   dotnet run -c Release --project bench/Waymark.Bench -- marking [--codes N] [--traces N] [--runs N] (more: marking --help)
//   dotnet run -c Release --project bench/Waymark.Bench -- scrap [--crimes N] [--codes N] [--receipts N] [--runs N] [--data-dir DIR] [--keep]
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    return Usage(0);
}

switch (args[0])
{
    case "analytics":
        return AnalyticsBench.Run(args);
    case "map":
        return await MapBench.RunAsync(args, CancellationToken.None);
    case "alerts":
        return await AlertsBench.RunAsync(args, CancellationToken.None);
    case "firstview":
        return await FirstViewBench.RunAsync(args, CancellationToken.None);
    case "anpr":
        return await AnprBench.RunAsync(args, CancellationToken.None);
    case "marking":
        return await MarkingBench.RunAsync(args, CancellationToken.None);
    case "scrap":
        return await ScrapBench.RunAsync(args, CancellationToken.None);
}

if (args[0] != "import")
{
    await Console.Error.WriteLineAsync($"unknown benchmark '{args[0]}'.");
    return Usage(2);
}

var settings = new ImportBenchSettings { CommandLine = args };
for (var i = 1; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--runs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0:
            settings.Runs = runs;
            i++;
            break;
        case "--warmup" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var warmup):
            settings.Warmup = warmup;
            i++;
            break;
        case "--postgres" when !string.IsNullOrWhiteSpace(value):
            settings.Postgres = value;
            i++;
            break;
        case "--only" when value is "sqlite" or "postgres":
            settings.Only = value;
            i++;
            break;
        default:
            await Console.Error.WriteLineAsync($"bad argument '{args[i]}'.");
            return Usage(2);
    }
}

if (settings.Postgres is null && Environment.GetEnvironmentVariable("WAYMARK_TEST_POSTGRES") is { Length: > 0 } env)
{
    settings.Postgres = env;
    settings.PostgresFromEnvironment = true;
}

return await ImportBench.RunAsync(settings, CancellationToken.None);

static int Usage(int code)
{
    Console.WriteLine("""
        usage: dotnet run -c Release --project bench/Waymark.Bench -- import [options]

        Times CrimeImporter.ImportPoliceUkAsync over the police.uk test files (first import, then re-import
        of the same files, all duplicates) on a fresh database per run, and reports rows/s (median, min, max).

          --runs N                measured runs per provider (default 7)
          --warmup N              warm-up runs per provider, not counted (default 1)
          --postgres CONNECTION   PostgreSQL server to use (default: $WAYMARK_TEST_POSTGRES; without either,
                                  PostgreSQL is skipped). The user must be allowed to create databases: each run
                                  creates its own waymark_bench_* database and drops it afterwards.
          --only sqlite|postgres  run one provider only

        Other benchmarks (each takes --help): analytics (the analytics algorithms at the issue's sizes), map (the web
        map's data endpoints at national zoom over 1,000,000 stored crimes, through HTTP), firstview (a new user's
        login until the map shows crimes, in Chromium), alerts (a crime recorded → its webhook received, with 100,000
        assets of 1,000 subscribers), anpr (read ingestion with hotlist matching, and a plate's movements over 30 days
        among stored reads, through HTTP), marking (trace by code through HTTP over
        10,000,000 registered codes), scrap (scrap-metal receipts checked and recorded per second over
        1,000,000 stored crimes).
        """);
    return code;
}
