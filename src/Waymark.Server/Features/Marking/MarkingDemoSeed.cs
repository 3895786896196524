using Waymark.Core.Crimes;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Imports;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// The demo's marking: Lincolnshire Police's household programme in twelve Lincoln neighbourhoods (six marked eight months
/// ago, six comparison areas), with households, kits, registrations, residential burglary that falls where the marking
/// went, a stolen laptop whose code a trace finds, a return, shop and yard visits; and Britannia Rail's cable marking.
/// Area codes and names are illustrative (LSOA-style), not the real Lincoln LSOAs. Generated from a fixed seed.
/// </summary>
public static class MarkingDemoSeed
{
    public const string HouseholdPrefix = "LNC1";
    public const string CablePrefix = "BRC1";

    private sealed record Area(string Code, string Name, string Ward, double Lat, double Lon, int Households, bool Target, int BurglariesBefore);

    private static readonly Area[] Areas =
    [
        new("E01026150", "Lincoln 001A", "Abbey", 53.2335, -0.5280, 720, true, 19),
        new("E01026151", "Lincoln 001B", "Abbey", 53.2290, -0.5195, 655, true, 17),
        new("E01026158", "Lincoln 004C", "Carholme", 53.2360, -0.5560, 810, true, 21),
        new("E01026162", "Lincoln 006A", "Park", 53.2260, -0.5430, 760, true, 18),
        new("E01026166", "Lincoln 007B", "Glebe", 53.2480, -0.5330, 690, true, 16),
        new("E01026171", "Lincoln 009A", "Boultham", 53.2150, -0.5620, 840, true, 20),
        new("E01026180", "Lincoln 011C", "Birchwood", 53.2170, -0.6000, 700, false, 15),
        new("E01026183", "Lincoln 012A", "Hartsholme", 53.2050, -0.5850, 780, false, 14),
        new("E01026188", "Lincoln 013B", "Moorland", 53.2000, -0.5600, 730, false, 16),
        new("E01026193", "Lincoln 014A", "Witham", 53.2420, -0.5050, 650, false, 13),
        new("E01026197", "Lincoln 015C", "Minster", 53.2390, -0.5370, 600, false, 12),
        new("E01026201", "Lincoln 016A", "Castle", 53.2350, -0.5450, 620, false, 15),
    ];

    private static readonly string[] Streets = ["Mill Lane", "Carholme Road", "Newland", "Yarborough Road", "Burton Road", "Monks Road", "Wragby Road", "Boultham Park Road", "Skellingthorpe Road", "Doddington Road"];
    private static readonly string[] Surnames = ["Hughes", "Patel", "Campbell", "Walsh", "Okafor", "Reid", "Sandhu", "Turner", "Kowalski", "Ahmed", "Baker", "Clarke"];
    private static readonly string[] Items = ["Laptop", "Television", "Bicycle", "Games console", "Jewellery box", "Camera", "Tablet", "Power tools"];
    private static readonly string[] Makes = ["Dell", "Samsung", "Raleigh", "Sony", "Canon", "Apple", "Makita", "Lenovo"];

    public static async Task SeedAsync(WaymarkDb db, AuditLog audit, Dictionary<string, Organisation> orgs, DateTime now, CancellationToken ct)
    {
        var random = new Random(20260611);
        var lincs = orgs["Lincolnshire Police"];
        var rail = orgs["Britannia Rail Infrastructure"];
        var started = DateOnly.FromDateTime(now.AddMonths(-8));
        var start = started.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        var programme = new MarkingProgramme
        {
            Id = Guid.CreateVersion7(),
            Name = "LincsTrace household marking",
            Prefix = HouseholdPrefix,
            Kind = HolderKinds.Household,
            OwnerOrganisationId = lincs.Id,
            Description = "Forensic marking kits for households in Lincoln's highest-burglary neighbourhoods, delivered by neighbourhood teams.",
            NextSerial = 6_000,
            CreatedAt = start.AddDays(-30),
        };
        var cable = new MarkingProgramme
        {
            Id = Guid.CreateVersion7(),
            Name = "Britannia Rail cable marking",
            Prefix = CablePrefix,
            Kind = HolderKinds.Infrastructure,
            OwnerOrganisationId = rail.Id,
            Description = "Signalling and power cable marked at installation on the East Coast Main Line.",
            NextSerial = 200,
            CreatedAt = start.AddDays(-120),
        };
        db.Set<MarkingProgramme>().AddRange(programme, cable);
        db.Set<MarkingCodeBatch>().AddRange(
            new MarkingCodeBatch { Id = Guid.CreateVersion7(), ProgrammeId = programme.Id, FirstSerial = 0, Count = 6_000, IssuedAt = programme.CreatedAt, IssuedBy = "analyst@lincs.demo", Note = "First print run" },
            new MarkingCodeBatch { Id = Guid.CreateVersion7(), ProgrammeId = cable.Id, FirstSerial = 0, Count = 200, IssuedAt = cable.CreatedAt, IssuedBy = "security@rail.demo", Note = "ECML cable" });

        var registrations = new List<MarkingRegistration>();
        var kits = new List<KitIssue>();
        var crimes = new List<Crime>();
        long serial = 0;
        foreach (var a in Areas)
        {
            db.Set<MarkingArea>().Add(new MarkingArea
            {
                Id = Guid.CreateVersion7(), ProgrammeId = programme.Id, AreaCode = a.Code, Name = a.Name, Ward = a.Ward, Households = a.Households,
                IsTarget = a.Target, MarkingStarted = a.Target ? started : null, Latitude = a.Lat, Longitude = a.Lon, Boundary = Square(a.Lat, a.Lon), UpdatedAt = now,
            });

            // Target areas: kits to most households over the eight months, registrations from 62% to 91% of households.
            var share = a.Target ? 0.62 + random.NextDouble() * 0.29 : 0;
            var registered = (int)(share * a.Households);
            for (var i = 0; i < registered; i++)
            {
                var delivered = start.AddDays(Math.Pow(random.NextDouble(), 1.6) * (now - start).TotalDays * 0.95);
                var address = $"{random.Next(1, 240)} {Streets[random.Next(Streets.Length)]}, Lincoln";
                var code = MarkingCode.Issue(HouseholdPrefix, serial++);
                kits.Add(new KitIssue
                {
                    Id = Guid.CreateVersion7(), ProgrammeId = programme.Id, Code = code.Value, DeliveredBy = $"PCSO {random.Next(1000, 9999)}", DeliveredAt = delivered,
                    Address = address, Postcode = $"LN{random.Next(1, 7)} {random.Next(1, 9)}{(char)('A' + random.Next(26))}{(char)('A' + random.Next(26))}", LsoaCode = a.Code, RecordedAt = delivered,
                });
                registrations.Add(new MarkingRegistration
                {
                    Id = Guid.CreateVersion7(), Code = code.Value, ProgrammeId = programme.Id, OwnerOrganisationId = lincs.Id, HolderKind = HolderKinds.Household,
                    HolderName = $"{(char)('A' + random.Next(26))}. {Surnames[random.Next(Surnames.Length)]}", Address = address, Postcode = kits[^1].Postcode,
                    LsoaCode = a.Code, Ward = a.Ward, Latitude = a.Lat + (random.NextDouble() - 0.5) * 0.006, Longitude = a.Lon + (random.NextDouble() - 0.5) * 0.01,
                    Items = Enumerable.Range(0, random.Next(1, 4)).Select(_ => new MarkedItem { Description = Items[random.Next(Items.Length)], Make = Makes[random.Next(Makes.Length)] }).ToList(),
                    RegisteredAt = delivered.AddDays(random.Next(0, 12)) < now ? delivered.AddDays(random.Next(0, 12)) : delivered, RegisteredBy = "analyst@lincs.demo",
                });
            }

            // Kits delivered but not (yet) registered.
            for (var i = 0; i < (a.Target ? a.Households / 20 : 0); i++)
            {
                var delivered = start.AddDays(random.NextDouble() * (now - start).TotalDays * 0.95);
                kits.Add(new KitIssue
                {
                    Id = Guid.CreateVersion7(), ProgrammeId = programme.Id, DeliveredBy = $"PCSO {random.Next(1000, 9999)}", DeliveredAt = delivered,
                    Address = $"{random.Next(1, 240)} {Streets[random.Next(Streets.Length)]}, Lincoln", LsoaCode = a.Code, RecordedAt = delivered,
                });
            }

            // Residential burglary eight months either side of the start: down by about a third where marked, 5% elsewhere.
            var after = (int)Math.Round(a.BurglariesBefore * (a.Target ? 0.64 + random.NextDouble() * 0.1 : 0.9 + random.NextDouble() * 0.1));
            for (var i = 0; i < a.BurglariesBefore + after; i++)
            {
                var at = i < a.BurglariesBefore ? start.AddDays(-random.NextDouble() * 240) : start.AddDays(random.NextDouble() * Math.Min(240, (now - start).TotalDays - 1));
                crimes.Add(Burglary(lincs, a, at, crimes.Count, random, now));
            }
        }

        // A marked laptop stolen in a burglary three weeks ago: trace LNC1 serial 17 to see it.
        var stolenCode = MarkingCode.Issue(HouseholdPrefix, 17);
        var stolenFrom = registrations.Single(r => r.Code == stolenCode.Value);
        var burglary = Burglary(lincs, Areas.Single(x => x.Code == stolenFrom.LsoaCode), now.AddDays(-21), crimes.Count, random, now);
        burglary.PropertyStolen = [new PropertyItem { Type = "laptop", Description = "Dell laptop, forensically marked", ValuePounds = 650, MarkingCode = stolenCode.Display }];
        burglary.OfficerInCharge = "DC Okafor (Lincolnshire Police)";
        burglary.Visibility = Visibility.LawEnforcement;
        crimes.Add(burglary);

        // Britannia Rail's marked cable runs, and cable stolen from one of them.
        for (var i = 0; i < 60; i++)
        {
            var code = MarkingCode.Issue(CablePrefix, i);
            registrations.Add(new MarkingRegistration
            {
                Id = Guid.CreateVersion7(), Code = code.Value, ProgrammeId = cable.Id, OwnerOrganisationId = rail.Id, HolderKind = HolderKinds.Infrastructure,
                HolderName = "Britannia Rail signalling", AssetReference = $"ECML {140 + i}m {(i * 7) % 80}ch signalling cable",
                Latitude = 53.52 - i * 0.012, Longitude = -1.14 + i * 0.004, RegisteredAt = cable.CreatedAt.AddDays(i), RegisteredBy = "security@rail.demo",
                Items = [new MarkedItem { Description = "Copper signalling cable, 400 m", Make = "Prysmian" }],
            });
        }

        var cableTheft = Burglary(rail, new Area("", "", "", 53.40, -0.95, 1, false, 0), now.AddDays(-9), crimes.Count, random, now);
        cableTheft.Category = "metal-theft-rail-signalling-cable";
        cableTheft.PoliceUkCategory = "other-theft";
        cableTheft.Sector = Sector.Rail;
        cableTheft.LsoaCode = null;
        cableTheft.LocationDescription = "Lineside near Retford";
        cableTheft.PropertyStolen = [new PropertyItem { Type = "copper signalling cable", WeightKg = 180, ValuePounds = 2900, MarkingCode = MarkingCode.Issue(CablePrefix, 12).Display }];
        crimes.Add(cableTheft);

        db.Set<KitIssue>().AddRange(kits);
        db.Set<PropertyReturn>().Add(new PropertyReturn
        {
            Id = Guid.CreateVersion7(), Code = MarkingCode.Issue(HouseholdPrefix, 40).Value, RegistrationId = registrations.Single(r => r.Code == MarkingCode.Issue(HouseholdPrefix, 40).Value).Id,
            ProgrammeId = programme.Id, ItemDescription = "Games console recovered from a pawnbroker", ReturnedAt = now.AddDays(-12), ReturnedBy = "officer@btp.demo",
            RecordedByOrganisationId = lincs.Id, ValuePounds = 320,
        });
        db.Set<PremisesVisit>().AddRange(
            Visit("Cash Exchange, High Street", PremisesKinds.Pawnbroker, null, 53.2270, -0.5400, now.AddDays(-30), 46, 1, [MarkingCode.Issue(HouseholdPrefix, 40).Value], programme.Id, lincs.Id, now),
            Visit("Second Time Around", PremisesKinds.SecondHandShop, null, 53.2240, -0.5470, now.AddDays(-18), 31, 0, [], programme.Id, lincs.Id, now),
            Visit("Lincoln Trade Buyers", PremisesKinds.SecondHandShop, null, 53.2190, -0.5500, now.AddDays(-6), 22, 0, [], programme.Id, lincs.Id, now),
            Visit("Humber Metals Recycling Ltd", PremisesKinds.ScrapYard, "SMD/NLC/2023/0042", 53.5980, -0.6540, now.AddDays(-4), 12, 0, [], cable.Id, orgs["British Transport Police"].Id, now));

        var system = Caller.System("demo-seed");
        audit.Record(system, "marking.seed-demo", "marking-programme", programme.Id.ToString(), detail: $"{registrations.Count} registrations, {kits.Count} kits, {crimes.Count} crimes");
        await audit.InTransactionAsync(async token =>
        {
            using var writer = new RegistrationBulkWriter(db);
            await writer.WriteAsync(registrations, token);
            await using var crimeWriter = new CrimeBulkWriter(db);
            return await crimeWriter.WriteAsync(crimes, token);
        }, ct);
    }

    private static Crime Burglary(Organisation owner, Area a, DateTime at, int n, Random random, DateTime now)
    {
        var crime = new Crime
        {
            Id = Guid.CreateVersion7(),
            Reference = $"DEMO-MK-{n + 1:0000}",
            OwnerOrganisationId = owner.Id,
            Source = "demo",
            ImportKey = $"demo-marking-{n + 1}",
            Category = "burglary-residential",
            PoliceUkCategory = "burglary",
            Sector = Sector.Residential,
            OccurredFrom = at,
            OccurredTo = at.AddHours(random.Next(1, 10)),
            ReportedAt = at.AddHours(11) < now ? at.AddHours(11) : now,
            LocationDescription = $"Dwelling, {a.Name}",
            LsoaCode = a.Code.Length > 0 ? a.Code : null,
            LsoaName = a.Name.Length > 0 ? a.Name : null,
            Visibility = Visibility.Partnership,
            RecordedAt = now,
            UpdatedAt = now,
        };
        CrimeLocation.TryApply(crime, a.Lat + (random.NextDouble() - 0.5) * 0.006, a.Lon + (random.NextDouble() - 0.5) * 0.01);
        return crime;
    }

    private static PremisesVisit Visit(string name, string kind, string? licence, double lat, double lon, DateTime on, int scanned, int positives, string[] codes, Guid programme, Guid org, DateTime now) => new()
    {
        Id = Guid.CreateVersion7(), PremisesKind = kind, PremisesName = name, LicenceNumber = licence, Latitude = lat, Longitude = lon,
        VisitedOn = DateOnly.FromDateTime(on), Officers = "PC 1187 Walsh;PCSO 4410 Reid", Purpose = kind == PremisesKinds.ScrapYard ? VisitPurposes.ScrapInspection : VisitPurposes.MarkingScan,
        ItemsScanned = scanned, Positives = positives, CodesFound = codes.Length == 0 ? null : string.Join(';', codes), ProgrammeId = programme,
        OrganisationId = org, RecordedBy = "officer@btp.demo", RecordedAt = now,
    };

    /// <summary>An illustrative area outline: a square of about 700 m around the centre (WGS84 GeoJSON).</summary>
    private static string Square(double lat, double lon)
    {
        const double dLat = 0.0032;
        var dLon = dLat / Math.Cos(lat * Math.PI / 180);
        FormattableString f = $"{{\"type\":\"Polygon\",\"coordinates\":[[[{lon - dLon},{lat - dLat}],[{lon + dLon},{lat - dLat}],[{lon + dLon},{lat + dLat}],[{lon - dLon},{lat + dLat}],[{lon - dLon},{lat - dLat}]]]}}";
        return f.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
