using Microsoft.EntityFrameworkCore;
using Spectre.Console;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Demo;
using Waymark.Server.Features.Imports;
using Waymark.Server.Features.Partners;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Infrastructure;

namespace Waymark.Server.Cli;

/// <summary>
/// The command line: the same executable and services as the server, run once and exit.
/// <c>waymark import policeuk FILE…</c>, <c>waymark import partner --organisation NAME FILE…</c>,
/// <c>waymark organisations create --name NAME --kind KIND</c>, <c>waymark users create …</c>,
/// <c>waymark apikeys create --organisation NAME --role ROLE</c>, <c>waymark audit verify</c>, <c>waymark seed --demo</c>.
/// </summary>
public static class Commands
{
    public static readonly string[] Names = ["import", "organisations", "users", "apikeys", "audit", "seed", "migrate", "scrap"];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<WaymarkDb>();
        await DatabaseSetup.MigrateAsync(db, ct);
        var options = Options(args);
        try
        {
            return (args[0], args.ElementAtOrDefault(1)) switch
            {
                ("migrate", _) => 0,
                ("import", "policeuk") => await ImportAsync(sp, Files(args), null, ct),
                ("import", "partner") => await ImportAsync(sp, Files(args), Require(options, "organisation"), ct),
                ("organisations", "create") => await CreateOrganisationAsync(sp, options, ct),
                ("organisations", "list") => await ListOrganisationsAsync(db, ct),
                ("users", "create") => await CreateUserAsync(sp, options, ct),
                ("apikeys", "create") => await CreateApiKeyAsync(sp, options, ct),
                ("audit", "verify") => await VerifyAuditAsync(db, ct),
                ("seed", _) => await SeedAsync(sp, ct),
                ("scrap", "purge") => await PurgeScrapAsync(sp, ct),
                _ => Usage(),
            };
        }
        catch (Exception e) when (e is PartnerException or UsageException or ImportFormatException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync("error: " + e.Message);
            return 2;
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider sp, List<string> files, string? organisation, CancellationToken ct)
    {
        if (files.Count == 0)
        {
            throw new UsageException("name one or more CSV files to import.");
        }

        Guid? owner = organisation is null ? null : (await sp.GetRequiredService<PartnerDirectory>().FindOrganisationAsync(organisation, ct)).Id;
        var caller = Caller.System("cli") with { OrganisationId = owner ?? Guid.Empty };
        int imported = 0, duplicates = 0, rejected = 0, unlocated = 0;
        foreach (var file in files)
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"no such file: {Path.GetFullPath(file)}");
            }

            // Each file gets its own scope: its own context and audit batch.
            await using var scope = sp.CreateAsyncScope();
            var importer = scope.ServiceProvider.GetRequiredService<CrimeImporter>();
            ImportReport report = null!;
            await using var stream = File.OpenRead(file);
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Path.GetFileName(file), maxValue: Math.Max(1, stream.Length));
                    var reporter = new Progress<long>(bytes => task.Value = bytes);
                    report = owner is { } org
                        ? await importer.ImportPartnerCsvAsync(stream, file, caller, org, ct)
                        : await importer.ImportPoliceUkAsync(stream, file, caller, reporter, ct);
                    task.Value = task.MaxValue;
                });

            Console.WriteLine($"{Path.GetFileName(file)}: rows {report.Rows}, {report.Summary}");
            foreach (var row in report.RejectedRows.Take(20))
            {
                Console.WriteLine($"  rejected line {row.Line}: {row.Reason}");
            }

            if (report.RejectedRows.Count > 20)
            {
                Console.WriteLine($"  … and {report.RejectedRows.Count - 20} more rejected rows (GET /api/imports/{report.Id})");
            }

            imported += report.Imported;
            duplicates += report.Duplicates;
            rejected += report.Rejected;
            unlocated += report.Unlocated;
        }

        Console.WriteLine($"imported: {imported}, duplicates: {duplicates}, rejected: {rejected}, unlocated: {unlocated}");
        return 0;
    }

    private static async Task<int> CreateOrganisationAsync(IServiceProvider sp, Dictionary<string, string> options, CancellationToken ct)
    {
        var kindSlug = Require(options, "kind");
        if (!PartnerDirectory.KindSlugs.TryGetValue(kindSlug, out var kind))
        {
            throw new UsageException($"--kind is one of {string.Join("|", PartnerDirectory.KindSlugs.Keys)}.");
        }

        var org = await sp.GetRequiredService<PartnerDirectory>().CreateOrganisationAsync(
            Caller.System("cli"), Require(options, "name"), kind, options.GetValueOrDefault("sector"), ct);
        Console.WriteLine($"created organisation {org.Name} ({org.Kind})");
        Console.WriteLine(org.Id);
        return 0;
    }

    private static async Task<int> ListOrganisationsAsync(WaymarkDb db, CancellationToken ct)
    {
        foreach (var o in await db.Organisations.AsNoTracking().OrderBy(o => o.Name).ToListAsync(ct))
        {
            Console.WriteLine($"{o.Id}  {o.Kind,-22} {o.Name}");
        }

        return 0;
    }

    private static async Task<int> CreateUserAsync(IServiceProvider sp, Dictionary<string, string> options, CancellationToken ct)
    {
        var directory = sp.GetRequiredService<PartnerDirectory>();
        var org = await directory.FindOrganisationAsync(Require(options, "organisation"), ct);
        var email = Require(options, "email");
        var user = await directory.CreateUserAsync(Caller.System("cli"), org, email, options.GetValueOrDefault("name") ?? email, Require(options, "role"), Require(options, "password"), ct);
        Console.WriteLine($"created user {user.Email} in {org.Name}");
        return 0;
    }

    private static async Task<int> CreateApiKeyAsync(IServiceProvider sp, Dictionary<string, string> options, CancellationToken ct)
    {
        var directory = sp.GetRequiredService<PartnerDirectory>();
        var org = await directory.FindOrganisationAsync(Require(options, "organisation"), ct);
        var (key, secret) = await directory.CreateApiKeyAsync(Caller.System("cli"), org, Require(options, "role"), options.GetValueOrDefault("name"), ct);
        Console.WriteLine($"created API key '{key.Name}' ({key.Role}) for {org.Name}; it is shown once, store it now:");
        Console.WriteLine(secret);
        return 0;
    }

    private static async Task<int> VerifyAuditAsync(WaymarkDb db, CancellationToken ct)
    {
        var result = await AuditEndpoints.VerifyChainAsync(db, ct);
        if (result.Intact)
        {
            Console.WriteLine($"audit log intact: {result.Rows} rows, hash chain verified");
            return 0;
        }

        Console.WriteLine($"audit log BROKEN at row {result.BrokenAt}: {result.Reason}");
        return 1;
    }

    private static async Task<int> SeedAsync(IServiceProvider sp, CancellationToken ct)
    {
        await sp.GetRequiredService<DemoSeed>().SeedIfEmptyAsync(Console.Out, ct);
        return 0;
    }

    private static async Task<int> PurgeScrapAsync(IServiceProvider sp, CancellationToken ct)
    {
        var result = await sp.GetRequiredService<ScrapRetention>().PurgeAsync(Caller.System("cli"), ct);
        Console.WriteLine($"scrap-metal retention: deleted {result.Receipts} receipts and {result.Disposals} disposals dated before {result.Cutoff:yyyy-MM-dd HH:mm}Z");
        return 0;
    }

    private static int Usage()
    {
        Console.Error.WriteLine("""
            usage: waymark [serve]                                  run the server (default)
                   waymark import policeuk FILE...                  import police.uk street-level CSV files
                   waymark import partner --organisation NAME FILE...  import a partner's CSV crime reports
                   waymark organisations create --name NAME --kind police|partner|business|dealer|local-authority [--sector SECTOR]
                   waymark organisations list
                   waymark users create --organisation NAME --email EMAIL --role ROLE --password PASSWORD [--name NAME]
                   waymark apikeys create --organisation NAME --role ROLE [--name NAME]
                   waymark audit verify                             check the audit log's hash chain
                   waymark seed --demo                              seed the demo partnership into an empty database
                   waymark migrate                                  apply database migrations and exit
                   waymark scrap purge                              delete scrap-metal receipts and disposals past their three years (s.15)
            options: --data-dir DIR, --database sqlite|postgres, --connection CONNECTION-STRING
            """);
        return 2;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options[args[i][2..]] = args[++i];
            }
        }

        return options;
    }

    /// <summary>Positional arguments after the sub-command, skipping options and their values.</summary>
    private static List<string> Files(string[] args)
    {
        var files = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                i++;
                continue;
            }

            files.Add(args[i]);
        }

        return files;
    }

    private static string Require(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : throw new UsageException($"--{name} is required.");

    private sealed class UsageException(string message) : Exception(message);
}
