using Waymark.Core.Anpr;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// The demo's ANPR picture: Lincolnshire Police and BTP cameras on the A1 around Tuxford, the A57, Retford, Newark,
/// Lincoln, Gainsborough and the Scunthorpe scrap yards; two weeks of background traffic; a hotlist; and the van behind
/// the Tuxford cable thefts — seen on the A1 near each theft with a pick-up travelling alongside, and at Scunthorpe the
/// next morning. An analyst who runs "vehicles near crimes" on the Tuxford thefts finds it at the top.
/// </summary>
public static class AnprDemoSeed
{
    public const string Van = "YK19VNX";
    public const string Companion = "YK17CRW";

    private sealed record Site(string Code, string Name, string Owner, double Lat, double Lon, int Bearing, CameraStatus Status = CameraStatus.Active);

    private static readonly Site[] Sites =
    [
        new("LIN-A1-TUX-N", "A1 Tuxford northbound", "Lincolnshire Police", 53.2365, -0.9055, 355),
        new("LIN-A1-TUX-S", "A1 Tuxford southbound", "Lincolnshire Police", 53.2240, -0.9085, 175),
        new("LIN-A57-MKM", "A57 Markham Moor", "Lincolnshire Police", 53.2555, -0.9010, 60),
        new("LIN-A638-RET", "A638 Retford", "Lincolnshire Police", 53.3190, -0.9420, 10),
        new("LIN-A46-NWK", "A46 Newark bypass", "Lincolnshire Police", 53.0800, -0.7950, 40),
        new("LIN-A46-LIN", "A46 Lincoln western relief road", "Lincolnshire Police", 53.2450, -0.5900, 20),
        new("LIN-A631-GBR", "A631 Gainsborough bridge", "Lincolnshire Police", 53.3990, -0.7850, 80),
        new("LIN-A18-SCU", "A18 Scunthorpe (industrial estate)", "Lincolnshire Police", 53.5750, -0.6200, 270),
        new("LIN-M180-J4", "M180 junction 4", "Lincolnshire Police", 53.5550, -0.5500, 90, CameraStatus.Faulty),
        new("BTP-DON-STN", "Doncaster station forecourt", "British Transport Police", 53.5225, -1.1390, 200),
        new("BTP-NWK-NG", "Newark North Gate station approach", "British Transport Police", 53.0805, -0.8080, 150),
        new("BTP-RET-STN", "Retford station approach", "British Transport Police", 53.3150, -0.9470, 270),
    ];

    public static async Task SeedAsync(WaymarkDb db, AuditLog audit, IReadOnlyDictionary<string, Organisation> orgs, IReadOnlyList<Crime> crimes, DateTime now, CancellationToken ct)
    {
        var random = new Random(19);
        var system = Caller.System("demo-seed");
        var cameras = Sites.Select(s =>
        {
            var camera = new AnprCamera
            {
                Code = s.Code, Name = s.Name, OwnerOrganisationId = orgs[s.Owner].Id, Latitude = s.Lat, Longitude = s.Lon, Bearing = s.Bearing,
                Direction = AnprCamera.DirectionOf(s.Bearing), Lanes = 2, Status = s.Status, CreatedAt = now, UpdatedAt = now,
            };
            if (Ostn15.TryToBng(s.Lat, s.Lon, out var bng))
            {
                camera.Easting = Math.Round(bng.Easting, 1);
                camera.Northing = Math.Round(bng.Northing, 1);
            }

            return camera;
        }).ToList();
        db.Set<AnprCamera>().AddRange(cameras);

        HotlistEntry Entry(string plate, string reason, string action, string source, string owner, int? days) => new()
        {
            Id = Guid.CreateVersion7(), Plate = plate, Format = Vrm.Recognise(plate), Reason = reason, Action = action, Source = source,
            OwnerOrganisationId = orgs[owner].Id, CreatedAt = now.AddDays(-20), UpdatedAt = now.AddDays(-20), CreatedBy = "demo-seed",
            ExpiresAt = days is { } d ? now.AddDays(d) : null,
        };
        db.Set<HotlistEntry>().AddRange(
            Entry(Van, HotlistReasons.Intelligence, "Do not stop. Note occupants and direction; inform DC Walsh (Op Tuxford).", "BTP intelligence report 26/4471", "British Transport Police", 60),
            Entry("LN68KPT", HotlistReasons.Stolen, "Stop and arrest: taken in a dwelling burglary, Lincoln.", "PNC", "Lincolnshire Police", null),
            Entry("FD15XRT", HotlistReasons.NoInsurance, "Stop; seize under s.165A RTA 1988 if confirmed.", "Motor Insurance Database", "Lincolnshire Police", 30),
            Entry("S847BKP", HotlistReasons.Wanted, "Driver wanted on warrant; stop with caution.", "Warrant 2026/118", "Lincolnshire Police", 90));
        audit.Record(system, "anpr.seed-demo", "anpr-camera", null, detail: $"{cameras.Count} demo cameras, 4 hotlist entries");
        await audit.SaveChangesAsync(ct);

        var id = cameras.ToDictionary(c => c.Code, c => c.Id);
        var batch = new ReadBatch(40_000);
        void Read(string camera, DateTime at, string plate, int confidence = 95)
        {
            if (at <= now && at > now.AddDays(-365))
            {
                batch.Add(new IncomingRead { CameraId = id[camera], AtMs = AnprReadStore.ToMs(at), Format = Vrm.Recognise(plate), Confidence = (short)confidence, Lane = (short)(1 + (plate[^1] % 2)) }, plate);
            }
        }

        // Background traffic: a pool of local vehicles passing the cameras through the day, two weeks of it.
        const string letters = "ABCDEFGHJKLMNOPRSTUVWXY";
        string[] tags = ["FD", "FE", "FG", "FH", "FJ", "FK", "FL", "FM", "YK", "YA", "YB", "YC", "NX", "NV", "LN", "HK", "PO"];
        var pool = Enumerable.Range(0, 3000).Select(_ =>
            $"{tags[random.Next(tags.Length)]}{random.Next(10, 26):00}{letters[random.Next(23)]}{letters[random.Next(23)]}{letters[random.Next(23)]}").ToArray();
        var today = now.Date;
        foreach (var site in Sites.Where(s => s.Status == CameraStatus.Active))
        {
            for (var day = 14; day >= 0; day--)
            {
                for (var i = 0; i < 120; i++)
                {
                    // Daytime-heavy: hours drawn from a triangle peaking mid-afternoon.
                    var hour = (random.NextDouble() + random.NextDouble()) * 12;
                    Read(site.Code, today.AddDays(-day).AddHours(hour).AddSeconds(random.Next(3600)), pool[random.Next(pool.Length)], 80 + random.Next(20));
                }
            }
        }

        // The van and its companion near the Tuxford thefts (the demo's developing cable-theft cluster).
        var tuxford = crimes.Where(c => c.LocationDescription == "Near Tuxford").OrderBy(c => c.OccurredFrom).ToList();
        var first = true;
        foreach (var crime in tuxford.Where((_, i) => i % 3 == 0))
        {
            // The pick-up joined the van after its first night.
            var withCompanion = !first;
            first = false;
            var t = crime.OccurredFrom.AddMinutes(20 + random.Next(40));
            Read("LIN-A1-TUX-S", t, Van);
            var back = crime.OccurredTo.AddMinutes(15 + random.Next(30));
            Read("LIN-A1-TUX-N", back, Van);
            Read("LIN-A57-MKM", back.AddMinutes(6), Van);
            if (withCompanion)
            {
                Read("LIN-A1-TUX-S", t.AddSeconds(25 + random.Next(30)), Companion);
                Read("LIN-A1-TUX-N", back.AddSeconds(20 + random.Next(30)), Companion);
                Read("LIN-A57-MKM", back.AddMinutes(6).AddSeconds(30), Companion);
            }

            Read("LIN-A18-SCU", crime.OccurredTo.Date.AddDays(crime.OccurredTo.Hour >= 12 ? 1 : 0).AddHours(8).AddMinutes(random.Next(50)), Van);
        }

        Read("LIN-A46-LIN", now.AddDays(-2).AddHours(-3), "LN68KPT");
        Read("LIN-A631-GBR", now.AddDays(-1).AddHours(-5), "LN68KPT");

        var store = new AnprReadStore(db);
        await audit.InTransactionAsync(async token =>
        {
            var stored = await store.WriteAsync(batch, token);
            audit.Record(system, "anpr.seed-demo", "anpr-batch", null, detail: $"{stored} demo reads");
            return stored;
        }, ct);
    }
}
