using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Anpr;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Imports;
using Waymark.Server.Features.Partners;
using Waymark.Server.Features.ScrapMetal;

namespace Waymark.Server.Features.Demo;

/// <summary>
/// The demo partnership: British Transport Police, a county force, rail, power and telecoms owners, a diocese for
/// heritage churches and a scrap-metal dealer, with a year and a half of crime against them at real places across
/// Great Britain (generated from a fixed seed, so every fresh install shows the same picture). Metal theft follows
/// the main lines, substations and rural churches, with a developing cluster of cable thefts on the East Coast Main
/// Line in the last three weeks.
/// </summary>
public sealed partial class DemoSeed(WaymarkDb db, PartnerDirectory directory, AuditLog audit, TimeProvider clock, ReceiptRecorder receipts)
{
    public const string Password = "Waymark-Demo-2026";

    public sealed record DemoLogin(string Email, string Role, string Organisation);

    public static readonly IReadOnlyList<(string Name, OrganisationKind Kind, string? Sector)> Organisations =
    [
        ("British Transport Police", OrganisationKind.PoliceForce, Sector.Rail),
        ("Lincolnshire Police", OrganisationKind.PoliceForce, null),
        ("Britannia Rail Infrastructure", OrganisationKind.InfrastructurePartner, Sector.Rail),
        ("Midlands & Northern Power Networks", OrganisationKind.InfrastructurePartner, Sector.Power),
        ("Openwire Telecoms", OrganisationKind.InfrastructurePartner, Sector.Telecoms),
        ("Diocese of Lincoln", OrganisationKind.InfrastructurePartner, Sector.Heritage),
        ("Humber Metals Recycling Ltd", OrganisationKind.Dealer, null),
        ("West Lindsey District Council", OrganisationKind.LocalAuthority, null),
    ];

    public static readonly IReadOnlyList<DemoLogin> Logins =
    [
        new("admin@waymark.demo", Roles.Admin, "British Transport Police"),
        new("analyst@btp.demo", Roles.PoliceAnalyst, "British Transport Police"),
        new("officer@btp.demo", Roles.PoliceOfficer, "British Transport Police"),
        new("analyst@lincs.demo", Roles.PoliceAnalyst, "Lincolnshire Police"),
        new("security@rail.demo", Roles.PartnerAnalyst, "Britannia Rail Infrastructure"),
        new("security@power.demo", Roles.PartnerAnalyst, "Midlands & Northern Power Networks"),
        new("security@telecoms.demo", Roles.PartnerAnalyst, "Openwire Telecoms"),
        new("fabric@diocese.demo", Roles.PartnerAnalyst, "Diocese of Lincoln"),
        new("yard@humbermetals.demo", Roles.Dealer, "Humber Metals Recycling Ltd"),
        new("licensing@westlindsey.demo", Roles.PartnerAnalyst, "West Lindsey District Council"),
    ];

    private sealed record Place(string Name, double Lat, double Lon);

    private static readonly Place[] RailPlaces =
    [
        new("Doncaster", 53.5228, -1.1397), new("Retford", 53.3150, -0.9480), new("Newark North Gate", 53.0800, -0.8090),
        new("Grantham", 52.9065, -0.6420), new("Peterborough", 52.5740, -0.2500), new("York", 53.9580, -1.0930),
        new("Darlington", 54.5200, -1.5470), new("Crewe", 53.0890, -2.4330), new("Stafford", 52.8040, -2.1220),
        new("Rugby", 52.3790, -1.2500), new("Warrington", 53.3920, -2.5900), new("Preston", 53.7560, -2.7080),
        new("Carlisle", 54.8910, -2.9330), new("Motherwell", 55.7900, -3.9940), new("Swindon", 51.5650, -1.7850),
        new("Didcot", 51.6110, -1.2430), new("Bristol Parkway", 51.5140, -2.5420), new("Newport", 51.5890, -2.9990),
    ];

    private static readonly Place[] PowerPlaces =
    [
        new("Sheffield", 53.3800, -1.4700), new("Leeds", 53.8000, -1.5500), new("Nottingham", 52.9500, -1.1500),
        new("Wolverhampton", 52.5900, -2.1300), new("Stoke-on-Trent", 53.0000, -2.1800), new("Manchester", 53.4800, -2.2400),
    ];

    private static readonly Place[] TelecomsPlaces =
    [
        new("Birmingham", 52.4800, -1.9000), new("Coventry", 52.4100, -1.5100), new("Leicester", 52.6400, -1.1300),
        new("Milton Keynes", 52.0400, -0.7600), new("Glasgow", 55.8600, -4.2500), new("Edinburgh", 55.9500, -3.1900),
    ];

    private static readonly Place[] ChurchPlaces =
    [
        new("Lincoln", 53.2307, -0.5406), new("Louth", 53.3670, -0.0060), new("Boston", 52.9789, -0.0266),
        new("Spalding", 52.7870, -0.1530), new("Sleaford", 52.9990, -0.4100), new("Gainsborough", 53.3990, -0.7760),
        new("Market Rasen", 53.3880, -0.3370), new("Horncastle", 53.2080, -0.1150), new("Stamford", 52.6520, -0.4800),
    ];

    private static readonly Place[] LincsTowns =
    [
        new("Lincoln", 53.2307, -0.5406), new("Grantham", 52.9110, -0.6410), new("Boston", 52.9789, -0.0266),
        new("Skegness", 53.1440, 0.3360), new("Spalding", 52.7870, -0.1530), new("Gainsborough", 53.3990, -0.7760),
    ];

    public async Task SeedIfEmptyAsync(TextWriter output, CancellationToken ct)
    {
        if (!await db.Organisations.AnyAsync(ct))
        {
            await SeedAsync(ct);
        }

        if (await db.Users.AnyAsync(u => u.Email == Logins[0].Email, ct))
        {
            await output.WriteLineAsync("Demo logins (password for all: " + Password + "):");
            foreach (var login in Logins)
            {
                await output.WriteLineAsync($"  {login.Email,-26} {login.Role,-16} {login.Organisation}");
            }
        }
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        var system = Caller.System("demo-seed");
        var orgs = new Dictionary<string, Organisation>();
        foreach (var (name, kind, sector) in Organisations)
        {
            orgs[name] = await directory.CreateOrganisationAsync(system, name, kind, sector, ct);
        }

        foreach (var login in Logins)
        {
            var display = login.Email.Split('@')[0] switch { "admin" => "Demo administrator", var local => char.ToUpperInvariant(local[0]) + local[1..] };
            await directory.CreateUserAsync(system, orgs[login.Organisation], login.Email, $"{display} ({login.Organisation})", login.Role, Password, ct);
        }

        var crimes = GenerateCrimes(orgs, clock.GetUtcNow().UtcDateTime);
        await audit.InTransactionAsync(async token =>
        {
            await using var writer = new CrimeBulkWriter(db);
            var written = await writer.WriteAsync(crimes, token);
            audit.Record(system, "crime.seed-demo", "crime", null, detail: $"{written} demo crimes");
            return written;
        }, ct);
        await SeedAlertingAsync(orgs, ct);
        await AnprDemoSeed.SeedAsync(db, audit, orgs, crimes, clock.GetUtcNow().UtcDateTime, ct);
        await Marking.MarkingDemoSeed.SeedAsync(db, audit, orgs, clock.GetUtcNow().UtcDateTime, ct);
        await SeedScrapMetalAsync(orgs, ct);
    }

    private static List<Crime> GenerateCrimes(Dictionary<string, Organisation> orgs, DateTime now)
    {
        var random = new Random(20130301); // fixed: the same demo picture on every install
        var crimes = new List<Crime>();
        var today = now.Date;

        void Add(string owner, Place place, double spreadKm, string category, DateTime from, TimeSpan window, Action<Crime>? detail = null)
        {
            var crime = new Crime
            {
                Id = Guid.CreateVersion7(),
                Reference = $"DEMO-{crimes.Count + 1:00000}",
                OwnerOrganisationId = orgs[owner].Id,
                Source = "demo",
                ImportKey = $"demo-{crimes.Count + 1}",
                Category = category,
                PoliceUkCategory = CrimeCategories.TryGet(category, out var c) ? c.PoliceUkSlug : category,
                Sector = c?.Sector ?? orgs[owner].Sector,
                OccurredFrom = from,
                OccurredTo = from + window,
                ReportedAt = from + window + TimeSpan.FromMinutes(random.Next(20, 600)),
                Visibility = random.NextDouble() switch { < 0.08 => Visibility.Organisation, < 0.2 => Visibility.LawEnforcement, _ => Visibility.Partnership },
                LocationDescription = $"Near {place.Name}",
                RecordedAt = now,
                UpdatedAt = now,
            };
            if (crime.ReportedAt > now)
            {
                crime.ReportedAt = now;
            }

            // Scatter around the place: a normal offset with the given spread (km), converted to degrees.
            var dy = Gaussian(random) * spreadKm / 111.32;
            var dx = Gaussian(random) * spreadKm / (111.32 * Math.Cos(place.Lat * Math.PI / 180));
            CrimeLocation.TryApply(crime, place.Lat + dy, place.Lon + dx);
            detail?.Invoke(crime);
            if (crime.Visibility == Visibility.LawEnforcement)
            {
                crime.OfficerInCharge = $"DC {Surnames[random.Next(Surnames.Length)]} ({owner})";
                crime.SuspectDescription = "Two males seen with a white Transit-type van";
                crime.VehiclesSeen = $"{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{random.Next(10, 75)} {(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}";
                crime.GradingSource = 2;
                crime.GradingIntelligence = "B";
                crime.GradingHandling = "P";
            }

            crimes.Add(crime);
        }

        DateTime NightIn(int daysAgoMax, int daysAgoMin = 1) =>
            today.AddDays(-random.Next(daysAgoMin, daysAgoMax)).AddHours(20 + random.Next(0, 6)).AddMinutes(random.Next(60));

        string[] railCategories = ["metal-theft-rail-signalling-cable", "metal-theft-rail-signalling-cable", "metal-theft-rail-power-cable", "metal-theft-rail-overhead-line"];
        for (var i = 0; i < 420; i++)
        {
            var place = RailPlaces[random.Next(RailPlaces.Length)];
            var owner = random.NextDouble() < 0.6 ? "British Transport Police" : "Britannia Rail Infrastructure";
            Add(owner, place, 3.5, railCategories[random.Next(railCategories.Length)], NightIn(540), TimeSpan.FromHours(random.Next(2, 9)), c => MetalDetail(c, "copper signalling cable", 40, 400, random, rail: true));
        }

        // The developing pattern: cable thefts on the East Coast Main Line at Tuxford, between Retford and Newark, in the
        // last fortnight — the emerging cluster the scan statistic should find.
        var tuxford = new Place("Tuxford", 53.2290, -0.8930);
        for (var i = 0; i < 30; i++)
        {
            Add("British Transport Police", tuxford, 1.2, "metal-theft-rail-signalling-cable", NightIn(14), TimeSpan.FromHours(random.Next(3, 8)), c =>
            {
                MetalDetail(c, "copper signalling cable", 80, 300, random, rail: true);
                c.ModusOperandi = "Cable cut at both ends and dragged to a vehicle on an adjacent farm track; trough lids lifted.";
                c.MoTags = "night;cable-cut;vehicle-used;farm-track";
            });
        }

        for (var i = 0; i < 230; i++)
        {
            var place = PowerPlaces[random.Next(PowerPlaces.Length)];
            var category = random.NextDouble() < 0.7 ? "metal-theft-substation-earthing" : "metal-theft-power-cable";
            Add("Midlands & Northern Power Networks", place, 6, category, NightIn(540), TimeSpan.FromHours(random.Next(4, 12)), c => MetalDetail(c, "copper earth tape", 10, 150, random, rail: false));
        }

        for (var i = 0; i < 210; i++)
        {
            var place = TelecomsPlaces[random.Next(TelecomsPlaces.Length)];
            Add("Openwire Telecoms", place, 5, "metal-theft-telecoms-cable", NightIn(540), TimeSpan.FromHours(random.Next(2, 10)), c => MetalDetail(c, "copper telecoms cable", 30, 250, random, rail: false));
        }

        for (var i = 0; i < 170; i++)
        {
            var place = ChurchPlaces[random.Next(ChurchPlaces.Length)];
            var category = random.NextDouble() < 0.8 ? "metal-theft-heritage-lead-roof" : "metal-theft-heritage-bronze";
            Add("Diocese of Lincoln", place, 9, category, NightIn(540), TimeSpan.FromDays(random.Next(1, 10)), c =>
            {
                var lead = category.EndsWith("roof", StringComparison.Ordinal);
                MetalDetail(c, lead ? "lead roof sheet" : "bronze plaque", 50, 900, random, rail: false);
                c.AssetAffected = $"Parish church, {c.LocationDescription![5..]}";
                c.CustomersAffected = null;
                c.DisruptionMinutes = null;
                c.ModusOperandi = lead ? "Lead stripped from the north aisle roof; scaffold tower left on site." : "Memorial plaque prised from its plinth overnight.";
                c.MoTags = lead ? "night;roof;scaffold" : "night;memorial";
            });
        }

        string[] countyCategories = ["burglary-residential", "burglary-residential", "burglary-business", "theft-of-vehicle", "theft-from-vehicle", "vehicle-interference", "shoplifting", "criminal-damage", "robbery", "theft-from-the-person", "fraud"];
        for (var i = 0; i < 700; i++)
        {
            var place = LincsTowns[random.Next(LincsTowns.Length)];
            var category = countyCategories[random.Next(countyCategories.Length)];
            Add("Lincolnshire Police", place, 2.5, category, today.AddDays(-random.Next(1, 540)).AddHours(random.Next(24)), TimeSpan.FromHours(random.Next(0, 14)), c =>
            {
                if (category == "robbery")
                {
                    c.KnifeEnabled = random.NextDouble() < 0.25;
                }

                c.OutcomeType = random.NextDouble() switch { < 0.45 => 18, < 0.6 => 14, < 0.7 => 1, < 0.8 => 8, _ => 0 };
            });
        }

        return crimes;
    }

    private static void MetalDetail(Crime c, string type, int minKg, int maxKg, Random random, bool rail)
    {
        var kg = Math.Round(minKg + (random.NextDouble() * (maxKg - minKg)), 1);
        c.PropertyStolen = [new PropertyItem { Type = type, Quantity = 1, WeightKg = kg, ValuePounds = Math.Round((decimal)kg * 6.8m, 2) }];
        c.RepairCostPounds = Math.Round((decimal)kg * (rail ? 95m : 40m), 0);
        c.DisruptionMinutes = rail ? random.Next(30, 900) : random.Next(0, 240);
        c.CustomersAffected = rail ? null : random.Next(0, 4000);
        c.AssetAffected ??= rail ? $"Lineside cable route near {c.LocationDescription![5..]}" : null;
        c.MoTags ??= "night;cable-cut";
    }

    private static readonly string[] Surnames = ["Hughes", "Patel", "Campbell", "Walsh", "Okafor", "Reid", "Sandhu", "Turner"];

    private static double Gaussian(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
