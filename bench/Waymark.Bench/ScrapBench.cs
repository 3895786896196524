using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Waymark.Core.Crimes;
using Waymark.Core.Geo;
using Waymark.Core.Marking;
using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Imports;
using Waymark.Server.Features.Marking;
using Waymark.Server.Features.ScrapMetal;
using Waymark.Server.Infrastructure;

namespace Waymark.Bench;

internal sealed class ScrapBenchSettings
{
    public int Crimes { get; set; } = 1_000_000;

    /// <summary>Forensic marking codes registered (one programme, the rail partner's cable marking).</summary>
    public int Codes { get; set; } = 10_000_000;

    /// <summary>Receipts per measured run.</summary>
    public int Receipts { get; set; } = 2_000;

    public int Runs { get; set; } = 5;

    public string? DataDir { get; set; }

    public bool Keep { get; set; }
}

/// <summary>
/// Receipts checked per second over a million stored crimes and ten million registered marking codes (SQLite, in-process,
/// the server's own services): first the checks alone (<see cref="ReceiptRecorder.RunChecksAsync"/>: licence, s.11, s.12,
/// stolen metal nearby, watchlist, forensic marking; 1 receipt in 20 carries a registered code), then
/// whole recordings (<see cref="ReceiptRecorder.RecordAsync"/>: validation, checks, the receipt, its audit row and any
/// alert saved in one transaction per receipt), one after another as a yard's requests would arrive.
/// </summary>
internal static class ScrapBench
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        var settings = Parse(args);
        if (settings is null)
        {
            return 2;
        }

        Console.WriteLine(BenchSupport.Header("Waymark scrap-metal receipt checks", args, DateTimeOffset.UtcNow));
        var dataDir = settings.DataDir ?? Path.Combine(Path.GetTempPath(), "waymark-scrapbench-" + Guid.NewGuid().ToString("N"));
        var reuse = File.Exists(Path.Combine(dataDir, "waymark.db"));
        Directory.CreateDirectory(dataDir);
        BenchSupport.Line($"  data dir {dataDir} (SQLite, WAL){(reuse ? ", reused" : "")}");
        Console.WriteLine();
        try
        {
            await using var services = BuildServices(dataDir);
            var (_, sites) = reuse ? await LoadAsync(services, ct) : await SeedAsync(services, settings.Crimes, ct);
            var codes = await CodesAsync(services, settings.Codes, ct);
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
                var metal = await db.Crimes.CountAsync(c => c.Category.StartsWith("metal-theft"), ct);
                BenchSupport.Line($"{await db.Crimes.CountAsync(ct):N0} crimes stored, {metal:N0} of them metal thefts; {codes:N0} registered marking codes; {sites.Count} dealer sites; {await db.Set<WatchlistEntry>().CountAsync(ct):N0} watchlist entries");
            }

            var random = new Random(20131201);
            var dealer = await DealerAsync(services, ct);
            var checks = new List<double>();
            var records = new List<double>();
            var breakdown = new List<(string Check, double MicrosecondsEach, double CpuMicrosecondsEach)>();
            var checksPerCpuSecond = new List<double>();
            var recordsPerCpuSecond = new List<double>();
            var flagged = 0;
            var total = 0;
            for (var run = -1; run < settings.Runs; run++)
            {
                var requests = Enumerable.Range(0, settings.Receipts).Select(_ => MakeRequest(random, sites, codes)).ToList();

                // Checks only: the receipts as the recorder would build them, checked, not saved.
                await using (var scope = services.CreateAsyncScope())
                {
                    var sp = scope.ServiceProvider;
                    var recorder = sp.GetRequiredService<ReceiptRecorder>();
                    var db = sp.GetRequiredService<WaymarkDb>();
                    var licence = await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).ToDictionaryAsync(l => l.LicenceNumber, ct);
                    var receipts = requests.Select(r => ToReceipt(r, licence[r.LicenceNumber!])).ToList();
                    if (run < 0)
                    {
                        // The first check of a receipt with a marking code loads the in-memory indexes of metal thefts and
                        // stolen codes from the crimes table: the one full read a request waits for.
                        var first = receipts.First(x => x.Receipt.Items.Any(i => i.MarkingCode is not null));
                        var load = Stopwatch.StartNew();
                        await recorder.RunChecksAsync(first.Receipt, first.Licence, first.Site, DateTime.UtcNow, ct);
                        BenchSupport.Line($"first receipt checked (loads the stolen-metal and stolen-code indexes) in {load.Elapsed.TotalMilliseconds:N0} ms");
                    }

                    BenchSupport.Settle();
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    var hits = 0;
                    foreach (var (receipt, l, site) in receipts)
                    {
                        await recorder.RunChecksAsync(receipt, l, site, DateTime.UtcNow, ct);
                        hits += receipt.Flagged ? 1 : 0;
                    }

                    clock.Stop();
                    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                    if (run >= 0)
                    {
                        checksPerCpuSecond.Add(receipts.Count / cpuSeconds);
                        checks.Add(receipts.Count / clock.Elapsed.TotalSeconds);
                        flagged += hits;
                        total += receipts.Count;
                    }

                    // Each check on its own, over the same receipts: where the time goes.
                    if (run == settings.Runs - 1)
                    {
                        foreach (var check in sp.GetServices<Waymark.Server.Features.ScrapMetal.Checks.IReceiptCheck>())
                        {
                            var eachCpu = Process.GetCurrentProcess().TotalProcessorTime;
                            var each = Stopwatch.StartNew();
                            foreach (var (receipt, l, site) in receipts)
                            {
                                await check.RunAsync(new Waymark.Server.Features.ScrapMetal.Checks.ReceiptCheckContext(receipt, l, site, ScrapPlaces.UkDate(receipt.ReceivedAt), db, DateTime.UtcNow), ct);
                            }

                            breakdown.Add((check.Name, each.Elapsed.TotalMilliseconds * 1000 / receipts.Count,
                                (Process.GetCurrentProcess().TotalProcessorTime - eachCpu).TotalMilliseconds * 1000 / receipts.Count));
                        }
                    }
                }

                // Whole recordings, each in its own scope and transaction as a request would be.
                BenchSupport.Settle();
                var wholeCpu = Process.GetCurrentProcess().TotalProcessorTime;
                var whole = Stopwatch.StartNew();
                foreach (var request in requests)
                {
                    await using var scope = services.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<ReceiptRecorder>().RecordAsync(request, dealer, "api", ct);
                    if (result.Receipt is null)
                    {
                        throw new InvalidOperationException("bench receipt refused: " + string.Join("; ", result.Errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
                    }
                }

                whole.Stop();
                if (run >= 0)
                {
                    records.Add(requests.Count / whole.Elapsed.TotalSeconds);
                    recordsPerCpuSecond.Add(requests.Count / (Process.GetCurrentProcess().TotalProcessorTime - wholeCpu).TotalSeconds);
                }

                BenchSupport.Line($"{(run < 0 ? "warm-up" : $"run {run + 1}")}: checks {(run >= 0 ? checks[^1] : double.NaN):N0}/s, recorded {requests.Count / whole.Elapsed.TotalSeconds:N0}/s");
            }

            Console.WriteLine();
            BenchSupport.Line($"load average while measured: {File.ReadAllText("/proc/loadavg").Split(' ')[0]} (per CPU-second figures are what one core gives when the machine is shared)");
            Console.WriteLine("| measured                                                    | runs | receipts/run | median receipts/s | min/s | max/s |");
            Console.WriteLine("|-------------------------------------------------------------|-----:|-------------:|------------------:|------:|------:|");
            foreach (var (name, rates) in new[]
            {
                ("checks only (6 checks, no write), wall clock", checks), ("checks only, per CPU-second of this process", checksPerCpuSecond),
                ("recorded (validate, check, save, audit, alert), wall clock", records), ("recorded, per CPU-second of this process", recordsPerCpuSecond),
            })
            {
                var sorted = rates.Order().ToArray();
                var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
                BenchSupport.Line($"| {name,-59} | {sorted.Length,4} | {settings.Receipts,12:N0} | {median,17:N0} | {sorted[0],5:N0} | {sorted[^1],5:N0} |");
            }

            BenchSupport.Line($"per check (last run, mean per receipt, wall clock / CPU of this process): {string.Join(", ", breakdown.Select(b => BenchSupport.F($"{b.Check} {b.MicrosecondsEach:N0} / {b.CpuMicrosecondsEach:N0} µs")))}");
            BenchSupport.Line($"{flagged:N0} of {total:N0} checked receipts flagged ({(double)flagged / Math.Max(1, total):P1}); receipts are copper/lead/aluminium/steel/brass of 10–400 kg at random dealer sites, 1 in 50 in cash, 1 in 20 carrying a registered marking code.");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (!settings.Keep && settings.DataDir is null && Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    private static readonly string[] Metals = [MetalTypes.Copper, MetalTypes.Copper, MetalTypes.Lead, MetalTypes.Aluminium, MetalTypes.Steel, MetalTypes.Brass];

    private const string CodePrefix = "SBRC";

    private static ReceiptRequest MakeRequest(Random random, List<(string Licence, string Site)> sites, long codes)
    {
        var (licence, site) = sites[random.Next(sites.Count)];
        // A code read off the metal, as a dealer's scanner would record it: a registered one, so the check finds its holder.
        var code = codes > 0 && random.Next(20) == 0 ? MarkingCode.Issue(CodePrefix, random.NextInt64(codes)).Display : null;
        return new ReceiptRequest
        {
            LicenceNumber = licence,
            SiteName = site,
            ReceivedAt = DateTimeOffset.UtcNow.AddMinutes(-random.Next(0, 60 * 24 * 20)),
            Items = [new ReceiptItemDto(Metals[random.Next(Metals.Length)], "cable", "used", Math.Round(10 + (random.NextDouble() * 390), 1), null, code)],
            VehicleRegistration = Plate(random),
            SellerName = "Seller " + Letters(random.Next(100_000)),
            SellerAddress = "1 Bench Street",
            IdDocument = IdDocumentType.PhotocardDrivingLicence,
            IdCopyReference = "scan.pdf",
            PaidBy = "Bench",
            Payment = random.Next(50) == 0 ? PaymentMethod.Cash : PaymentMethod.ElectronicTransfer,
            PaymentReference = "BACS",
            AmountPounds = 10,
        };
    }

    private static (ScrapReceipt Receipt, ScrapLicence Licence, ScrapSite Site) ToReceipt(ReceiptRequest r, ScrapLicence licence)
    {
        var site = licence.Sites.Single(s => s.Name == r.SiteName);
        var receipt = new ScrapReceipt
        {
            Id = Guid.CreateVersion7(),
            Reference = "bench",
            DealerOrganisationId = licence.DealerOrganisationId!.Value,
            LicenceId = licence.Id,
            SiteId = site.Id,
            PoliceForceOrganisationId = licence.PoliceForceOrganisationId,
            ReceivedAt = r.ReceivedAt!.Value.UtcDateTime,
            Items = r.Items!.Select(i => new ReceiptItem { MetalType = i.MetalType!, Form = i.Form, Condition = i.Condition, WeightKg = i.WeightKg!.Value, MarkingCode = i.MarkingCode }).ToList(),
            VehicleRegistration = RegistrationMark.Normalise(r.VehicleRegistration!),
            SellerName = r.SellerName!,
            SellerAddress = r.SellerAddress!,
            IdDocument = r.IdDocument!.Value,
            IdCopyReference = r.IdCopyReference,
            PaidBy = r.PaidBy!,
            Payment = r.Payment!.Value,
            PaymentReference = r.PaymentReference,
            Latitude = site.Latitude,
            Longitude = site.Longitude,
            Easting = site.Easting,
            Northing = site.Northing,
            Source = "bench",
        };
        return (receipt, licence, site);
    }

    private static async Task<Caller> DealerAsync(ServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var dealer = await db.Organisations.AsNoTracking().SingleAsync(o => o.Kind == OrganisationKind.Dealer, ct);
        return new Caller(null, "bench-yard", dealer.Id, OrganisationKind.Dealer, Roles.Dealer);
    }

    private static async Task<(List<string> Licences, List<(string Licence, string Site)> Sites)> LoadAsync(ServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var licences = await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).ToListAsync(ct);
        return (licences.Select(l => l.LicenceNumber).ToList(), licences.SelectMany(l => l.Sites.Select(s => (l.LicenceNumber, s.Name))).ToList());
    }

    /// <summary>
    /// A police force, a rail partner, a dealer with 20 site licences of 5 sites each in the crime hotspots, 1,000
    /// watchlist entries, and the crimes: the map benchmark's hotspot model over two years, 5% of them metal thefts
    /// with their stolen property itemised (copper cable, lead, bronze; 20–500 kg) — more than the real share, so the
    /// stolen-metal check has more candidates to read than it would.
    /// </summary>
    private static async Task<(List<string>, List<(string, string)>)> SeedAsync(ServiceProvider services, int count, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        await DatabaseSetup.MigrateAsync(db, ct);
        var now = DateTime.UtcNow;
        Organisation Org(string name, OrganisationKind kind) => new() { Id = Guid.NewGuid(), Name = name, Kind = kind, CreatedAt = now };
        var force = Org("Bench Constabulary", OrganisationKind.PoliceForce);
        var rail = Org("Bench Rail", OrganisationKind.InfrastructurePartner);
        var dealer = Org("Bench Metals", OrganisationKind.Dealer);
        db.Organisations.AddRange(force, rail, dealer);
        await db.SaveChangesAsync(ct);

        var random = new Random(20260404);
        var model = HotspotModel.Create(random);
        var organisations = new Dictionary<Guid, Organisation> { [force.Id] = force, [rail.Id] = rail, [dealer.Id] = dealer };
        var sites = new List<(string, string)>();
        for (var l = 0; l < 20; l++)
        {
            var siteRequests = new List<LicenceEndpoints.SiteRequest>();
            for (var s = 0; s < 5; s++)
            {
                var (lat, lon) = LandPoint(model, random);
                siteRequests.Add(new LicenceEndpoints.SiteRequest($"Site {s + 1}", "Bench", null, "Manager", lat, lon, null));
            }

            var (licence, errors) = LicenceEndpoints.Build(new LicenceEndpoints.LicenceRequest
            {
                LicenceNumber = $"BENCH/{l + 1:000}", Type = LicenceType.Site, HolderName = "Bench Metals", DealerOrganisationId = dealer.Id,
                IssuingCouncil = "Bench Council", PoliceForceOrganisationId = force.Id, IssuedOn = DateOnly.FromDateTime(now).AddYears(-1), Sites = siteRequests,
            }, organisations, now);
            if (licence is null)
            {
                throw new InvalidOperationException(string.Join("; ", errors.Select(e => e.Key + " " + string.Join(" ", e.Value))));
            }

            db.Add(licence);
            sites.AddRange(licence.Sites.Select(s => (licence.LicenceNumber, s.Name)));
        }

        // Three people to one vehicle, as a force's list would mix them. With no vehicles at all, SQLite's statistics would
        // call the registration index useless (every key NULL) and the check's OR would read the whole list instead.
        var plates = new Random(7);
        for (var w = 0; w < 1_000; w++)
        {
            db.Add(w % 4 == 3
                ? new WatchlistEntry { Id = Guid.NewGuid(), OwnerOrganisationId = force.Id, Subject = WatchlistSubject.Vehicle, Registration = RegistrationMark.Normalise(Plate(plates)), Reason = "bench", CreatedAt = now }
                : new WatchlistEntry { Id = Guid.NewGuid(), OwnerOrganisationId = force.Id, Subject = WatchlistSubject.Person, Name = "Seller " + Letters(w * 97), NameKey = NameKey.Of("Seller " + Letters(w * 97)), Reason = "bench", CreatedAt = now });
        }

        await db.SaveChangesAsync(ct);

        var metalCategories = CrimeCategories.All.Select(c => c.Slug).Where(c => c.StartsWith("metal-theft", StringComparison.Ordinal)).ToArray();
        var categories = CrimeCategories.All.Select(c => c.Slug).Except(metalCategories).ToArray();
        string[] stolen = ["copper signalling cable", "copper earth tape", "lead roof sheet", "bronze plaque", "copper telecoms cable"];
        var clock = Stopwatch.StartNew();
        var written = await audit.InTransactionAsync(async token =>
        {
            await using var writer = new CrimeBulkWriter(db);
            var batch = new List<Crime>(20_000);
            var inserted = 0;
            for (var i = 0; i < count; i++)
            {
                var metal = random.NextDouble() < 0.05;
                var category = metal ? metalCategories[random.Next(metalCategories.Length)] : categories[random.Next(categories.Length)];
                CrimeCategories.TryGet(category, out var c);
                var from = now - TimeSpan.FromMinutes(random.NextDouble() * 730 * 24 * 60);
                var crime = new Crime
                {
                    Id = Guid.CreateVersion7(), Reference = $"SB-{i + 1}", OwnerOrganisationId = random.Next(2) == 0 ? force.Id : rail.Id, Source = "bench",
                    ImportKey = $"sb-{i + 1}", Category = category, PoliceUkCategory = c!.PoliceUkSlug, Sector = c.Sector,
                    OccurredFrom = from, OccurredTo = from + TimeSpan.FromHours(random.Next(0, 12)), ReportedAt = from + TimeSpan.FromHours(13),
                    Visibility = random.NextDouble() < 0.1 ? Visibility.Organisation : Visibility.Partnership, RecordedAt = now, UpdatedAt = now,
                };
                if (metal)
                {
                    crime.PropertyStolen = [new PropertyItem { Type = stolen[random.Next(stolen.Length)], Quantity = 1, WeightKg = Math.Round(20 + (random.NextDouble() * 480), 1) }];
                }

                var (lat, lon) = LandPoint(model, random);
                CrimeLocation.TryApply(crime, lat, lon);
                batch.Add(crime);
                if (batch.Count == batch.Capacity || i == count - 1)
                {
                    inserted += await writer.WriteAsync(batch, token);
                    batch.Clear();
                }
            }

            audit.Record(Caller.System("bench"), "crime.bench-seed", "crime", null, detail: $"{inserted} synthetic crimes for the scrap benchmark");
            return inserted;
        }, ct);
        BenchSupport.Line($"seeded {written:N0} crimes in {clock.Elapsed.TotalSeconds:F0} s");
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", ct);
        await db.Database.CloseConnectionAsync();
        return (Enumerable.Range(1, 20).Select(l => $"BENCH/{l:000}").ToList(), sites);
    }

    /// <summary>
    /// The rail partner's cable-marking programme with <paramref name="count"/> registered codes: reused when the data
    /// directory already holds it, registered otherwise (also into a database seeded before codes were part of the bench).
    /// </summary>
    private static async Task<long> CodesAsync(ServiceProvider services, int count, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        if (await MarkingCodeSeed.FindAsync(db, CodePrefix, ct) is { } programme)
        {
            return await db.Set<MarkingRegistration>().LongCountAsync(r => r.ProgrammeId == programme.Id, ct);
        }

        if (count == 0)
        {
            return 0;
        }

        var rail = await db.Organisations.AsNoTracking().SingleAsync(o => o.Kind == OrganisationKind.InfrastructurePartner, ct);
        await MarkingCodeSeed.RegisterAsync(db, scope.ServiceProvider.GetRequiredService<AuditLog>(), CodePrefix, "Bench Rail cable marking", HolderKinds.Infrastructure, rail.Id, count, ct);
        await db.Database.OpenConnectionAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;", ct);
        await db.Database.CloseConnectionAsync();
        return count;
    }

    /// <summary>A current-style registration mark from a small alphabet, so that receipts now and then bring a listed vehicle.</summary>
    private static string Plate(Random random) =>
        $"{(char)('A' + random.Next(8))}{(char)('A' + random.Next(8))}{random.Next(10, 25)} {(char)('A' + random.Next(8))}{(char)('A' + random.Next(8))}{(char)('A' + random.Next(8))}";

    /// <summary>A number as letters (0 = a, 26 = ba): names carry no digits, which the name key drops.</summary>
    private static string Letters(int n)
    {
        var s = "";
        do
        {
            s = (char)('a' + (n % 26)) + s;
            n /= 26;
        }
        while (n > 0);
        return s;
    }

    private static (double Lat, double Lon) LandPoint(HotspotModel model, Random random)
    {
        while (true)
        {
            var (e, n) = model.Next(random);
            if (Ostn15.TryToWgs84(e, n, out var lat, out var lon) && GeoArea.Classify(lat, lon) == Jurisdiction.GreatBritain)
            {
                return (lat, lon);
            }
        }
    }

    private static ServiceProvider BuildServices(string dataDir)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(new WaymarkOptions { Database = "sqlite", DataDir = dataDir, SeedDemo = false }));
        services.AddSingleton(TimeProvider.System);
        services.AddWaymarkDatabase();
        services.AddScoped<AuditLog>();
        services.AddScrapMetal(new ConfigurationBuilder().Build());
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    private static ScrapBenchSettings? Parse(string[] args)
    {
        var settings = new ScrapBenchSettings();
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--crimes" when BenchSupport.TryCount(value, out var crimes) && crimes > 0:
                    settings.Crimes = crimes;
                    i++;
                    break;
                case "--codes" when BenchSupport.TryCount(value, out var codes):
                    settings.Codes = codes;
                    i++;
                    break;
                case "--receipts" when BenchSupport.TryCount(value, out var receipts) && receipts > 0:
                    settings.Receipts = receipts;
                    i++;
                    break;
                case "--runs" when BenchSupport.TryCount(value, out var runs) && runs > 0:
                    settings.Runs = runs;
                    i++;
                    break;
                case "--data-dir" when !string.IsNullOrWhiteSpace(value):
                    settings.DataDir = Path.GetFullPath(value);
                    i++;
                    break;
                case "--keep":
                    settings.Keep = true;
                    break;
                default:
                    Console.Error.WriteLine($"bad argument '{args[i]}'. usage: scrap [--crimes N] [--codes N] [--receipts N] [--runs N] [--data-dir DIR] [--keep]");
                    return null;
            }
        }

        return settings;
    }
}
