using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Core.Anpr;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// The investigation queries of ANPR reads. Each needs a purpose and an investigation reference; each is written to the
/// audit log and to the query register (monthly figures) in one transaction before its answer is sent. A range reaching
/// further back than the open period is a restricted query: a police analyst with a written justification only.
/// </summary>
public static class Investigations
{
    public sealed record Ask
    {
        public string? Purpose { get; init; }
        public string? Reference { get; init; }
        public string? Justification { get; init; }
        public DateTimeOffset? From { get; init; }
        public DateTimeOffset? To { get; init; }
    }

    public sealed record CameraInfo(int Id, string Code, string Name, double Latitude, double Longitude, string Direction, int Bearing);

    public sealed record ReadView(string Plate, DateTime At, CameraInfo Camera, PlateFormat Format, int? Lane, int? Confidence, string? ImageRef);

    public sealed record Movements(string Plate, PlateFormat Format, DateTime From, DateTime To, bool Restricted, int Count, IReadOnlyList<ReadView> Reads, JsonElement Trail);

    public sealed record FirstLast(string Plate, DateTime From, DateTime To, bool Restricted, int Count, int Cameras, ReadView? First, ReadView? Last);

    public sealed record ConvoyPairing(CameraInfo Camera, DateTime TargetAt, DateTime CompanionAt, double GapSeconds);

    public sealed record ConvoyCompanion(string Plate, int Cameras, int Pairings, IReadOnlyList<ConvoyPairing> Evidence);

    public sealed record Convoy(string Plate, DateTime From, DateTime To, bool Restricted, int WindowSeconds, int MinCameras, int TargetReads, IReadOnlyList<ConvoyCompanion> Companions);

    public sealed record CrimeUsed(Guid Id, string Reference, DateTime WindowFrom, DateTime WindowTo, IReadOnlyList<CameraInfo> Cameras, int Reads);

    public sealed record NearVehicle(string Plate, int CrimeCount, IReadOnlyList<Guid> Crimes, int Reads);

    public sealed record NearCrimes(bool Restricted, int Radius, int BeforeMinutes, int AfterMinutes, IReadOnlyList<CrimeUsed> Crimes, IReadOnlyList<NearVehicle> Vehicles);

    public sealed record HourCount(int CameraId, string Camera, DateTime Hour, long Count);

    public sealed record Counts(DateTime From, DateTime To, bool Restricted, long Total, IReadOnlyList<HourCount> Hours);

    private sealed record Checked(Caller Caller, DateTime From, DateTime To, bool Restricted, string Purpose, string Reference, string? Justification);

    /// <summary>The checks every query shares: role, purpose, reference, range, and the restricted period.</summary>
    private static (Checked? Ok, IResult? Refusal) Check(HttpContext http, Ask ask, AnprOptions options, DateTime now, Dictionary<string, string[]> errors,
        DateTime? defaultFrom = null, DateTime? earliest = null)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayQueryAnprReads(caller))
        {
            return (null, TypedResults.Problem("ANPR reads are queried by police analysts and officers only.", title: "Not allowed", statusCode: StatusCodes.Status403Forbidden));
        }

        var purpose = CrimeRules.Clean(ask.Purpose) ?? CrimeRules.Clean(http.Request.Headers[CrimeEndpoints.PurposeHeader].ToString());
        if (purpose is null)
        {
            errors["purpose"] = ["is required: why these reads are needed (e.g. \"identify vehicles at cable theft series\")."];
        }

        var reference = CrimeRules.Clean(ask.Reference);
        if (reference is null || reference.Length > 100)
        {
            errors["reference"] = ["is required: the investigation's reference (crime number or operation), up to 100 characters."];
        }

        var to = ask.To?.UtcDateTime ?? now;
        var from = ask.From?.UtcDateTime ?? defaultFrom ?? to.AddDays(-30);
        if (from > to)
        {
            errors["from"] = ["is after to."];
        }
        else if ((to - from).TotalDays > 366)
        {
            errors["to"] = ["the range is at most 366 days."];
        }

        var reach = earliest ?? from;
        var restricted = reach < now.AddDays(-options.OpenDays);
        var justification = CrimeRules.Clean(ask.Justification);
        if (restricted && SharingRules.MayQueryRestrictedAnprReads(caller) && (justification is null || justification.Length < 20))
        {
            errors["justification"] = [$"reads older than {options.OpenDays} days are restricted: state the justification (at least 20 characters), which is recorded."];
        }

        if (errors.Count > 0)
        {
            return (null, TypedResults.ValidationProblem(errors, title: "The ANPR query was not run."));
        }

        if (restricted && !SharingRules.MayQueryRestrictedAnprReads(caller))
        {
            return (null, TypedResults.Problem(
                $"Reads older than {options.OpenDays} days are restricted to police analysts with a recorded justification; ask for a range from {now.AddDays(-options.OpenDays):yyyy-MM-dd} or ask an analyst.",
                title: "Restricted ANPR period", statusCode: StatusCodes.Status403Forbidden));
        }

        return (new Checked(caller, from, to, restricted, purpose!, reference!, restricted ? justification : null), null);
    }

    private static async Task RegisterAsync(WaymarkDb db, AuditLog audit, Checked q, string kind, object parameters, int results, DateTime now, CancellationToken ct)
    {
        var json = JsonSerializer.Serialize(parameters, Json.Options);
        db.Set<AnprQuery>().Add(new AnprQuery
        {
            At = now,
            UserId = q.Caller.UserId,
            Actor = q.Caller.Name,
            OrganisationId = q.Caller.OrganisationId,
            Kind = kind,
            Reference = q.Reference,
            Purpose = q.Purpose,
            Justification = q.Justification,
            Restricted = q.Restricted,
            Parameters = json,
            Results = results,
        });
        audit.Record(q.Caller, $"anpr.query.{kind}", "anpr-investigation", q.Reference, q.Purpose,
            $"{json}; {results} results{(q.Restricted ? $"; restricted period, justification: {q.Justification}" : "")}");
        await audit.SaveChangesAsync(ct);
    }

    private static CameraInfo Info(CameraDirectory.Camera c) => new(c.Id, c.Code, c.Name, c.Latitude, c.Longitude, c.Direction, c.Bearing);

    private static ReadView View(AnprRead r, CameraDirectory cameras) =>
        new(r.Plate, r.At, Info(cameras.ById(r.CameraId) ?? new CameraDirectory.Camera(r.CameraId, $"#{r.CameraId}", "removed camera", Guid.Empty, 0, 0, null, null, 0, "?", CameraStatus.Decommissioned, null)),
            r.Format, r.Lane, r.Confidence, r.ImageRef);

    private static string? PlateOrError(string? plate, Dictionary<string, string[]> errors)
    {
        var normal = Vrm.Normalise(plate);
        if (normal is null)
        {
            errors["plate"] = ["is required: a number plate (letters and digits)."];
        }

        return normal;
    }

    public static async Task<IResult> MovementsAsync(string? plate, [AsParameters] Ask ask, HttpContext http, WaymarkDb db, AuditLog audit, AnprReadStore store,
        CameraDirectory cameras, IOptions<AnprOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var normal = PlateOrError(plate, errors);
        var (q, refusal) = Check(http, ask, options.Value, now, errors);
        if (q is null)
        {
            return refusal!;
        }

        await cameras.RefreshAsync(db, ct);
        var reads = await store.ByPlateAsync(normal!, q.From, q.To, ct);
        var views = reads.Select(r => View(r, cameras)).ToList();
        await RegisterAsync(db, audit, q, "movements", new { plate = normal, q.From, q.To }, views.Count, now, ct);
        var trail = JsonSerializer.SerializeToElement(new
        {
            type = "LineString",
            coordinates = views.Select(v => new[] { v.Camera.Longitude, v.Camera.Latitude }),
        });
        return TypedResults.Ok(new Movements(normal!, Vrm.Recognise(normal), q.From, q.To, q.Restricted, views.Count, views, trail));
    }

    public static async Task<IResult> FirstLastAsync(string? plate, [AsParameters] Ask ask, HttpContext http, WaymarkDb db, AuditLog audit, AnprReadStore store,
        CameraDirectory cameras, IOptions<AnprOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var normal = PlateOrError(plate, errors);
        // Without a range: the whole open period.
        var (q, refusal) = Check(http, ask, options.Value, now, errors, defaultFrom: now.AddDays(-options.Value.OpenDays));
        if (q is null)
        {
            return refusal!;
        }

        await cameras.RefreshAsync(db, ct);
        var reads = await store.ByPlateAsync(normal!, q.From, q.To, ct);
        await RegisterAsync(db, audit, q, "first-last", new { plate = normal, q.From, q.To }, reads.Count, now, ct);
        return TypedResults.Ok(new FirstLast(normal!, q.From, q.To, q.Restricted, reads.Count, reads.Select(r => r.CameraId).Distinct().Count(),
            reads.Count > 0 ? View(reads[0], cameras) : null, reads.Count > 0 ? View(reads[^1], cameras) : null));
    }

    public static async Task<IResult> ConvoyAsync(string? plate, int? window, int? minCameras, [AsParameters] Ask ask, HttpContext http, WaymarkDb db, AuditLog audit,
        AnprReadStore store, CameraDirectory cameras, IOptions<AnprOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var normal = PlateOrError(plate, errors);
        var seconds = window ?? 120;
        var min = minCameras ?? 3;
        if (seconds is < 1 or > 3600)
        {
            errors["window"] = ["is 1–3600 seconds: how close in time a companion must pass the same camera."];
        }

        if (min is < 2 or > 50)
        {
            errors["minCameras"] = ["is 2–50: how many different cameras a companion must share with the target."];
        }

        var (q, refusal) = Check(http, ask, options.Value, now, errors);
        if (q is null)
        {
            return refusal!;
        }

        await cameras.RefreshAsync(db, ct);
        var target = await store.ByPlateAsync(normal!, q.From, q.To, ct);
        var nearby = new List<Sighting>();
        // The reads at each of the target's cameras around each pass (windows merged per camera).
        foreach (var group in target.GroupBy(r => r.CameraId))
        {
            foreach (var (f, t) in Merge(group.Select(r => (r.At.AddSeconds(-seconds), r.At.AddSeconds(seconds)))))
            {
                nearby.AddRange((await store.AtCamerasAsync([group.Key], f, t, ct)).Select(r => new Sighting(r.Plate, AnprReadStore.ToMs(r.At), r.CameraId)));
            }
        }

        var companions = ConvoyAnalysis.Find(target.Select(r => new Sighting(r.Plate, AnprReadStore.ToMs(r.At), r.CameraId)).ToList(), nearby, seconds * 1000L, min)
            .Select(c => new ConvoyCompanion(c.Plate, c.Cameras, c.Pairings, c.Evidence.Select(p => new ConvoyPairing(
                Info(cameras.ById(p.CameraId)!), AnprReadStore.FromMs(p.TargetAtMs), AnprReadStore.FromMs(p.CompanionAtMs), (p.CompanionAtMs - p.TargetAtMs) / 1000.0)).ToList()))
            .ToList();
        await RegisterAsync(db, audit, q, "convoy", new { plate = normal, q.From, q.To, window = seconds, minCameras = min }, companions.Count, now, ct);
        return TypedResults.Ok(new Convoy(normal!, q.From, q.To, q.Restricted, seconds, min, target.Count, companions));
    }

    private static IEnumerable<(DateTime From, DateTime To)> Merge(IEnumerable<(DateTime From, DateTime To)> windows)
    {
        (DateTime From, DateTime To)? current = null;
        foreach (var w in windows.OrderBy(w => w.From))
        {
            if (current is { } c && w.From <= c.To)
            {
                current = (c.From, w.To > c.To ? w.To : c.To);
                continue;
            }

            if (current is { } done)
            {
                yield return done;
            }

            current = w;
        }

        if (current is { } last)
        {
            yield return last;
        }
    }

    public static async Task<IResult> NearCrimesAsync(string? crimes, int? radius, int? before, int? after, int? minCrimes, [AsParameters] Ask ask, HttpContext http,
        WaymarkDb db, AuditLog audit, AnprReadStore store, CameraDirectory cameras, IOptions<AnprOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        var ids = new List<Guid>();
        foreach (var part in (crimes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Guid.TryParse(part, out var id))
            {
                ids.Add(id);
            }
            else
            {
                errors["crimes"] = [$"'{part}' is not a crime id."];
            }
        }

        if (ids.Count is 0 or > 50 && !errors.ContainsKey("crimes"))
        {
            errors["crimes"] = ["name 1–50 crimes by id, separated by commas."];
        }

        var metres = radius ?? 500;
        var minutesBefore = before ?? 60;
        var minutesAfter = after ?? 60;
        if (metres is < 10 or > 20_000)
        {
            errors["radius"] = ["is 10–20,000 metres from the crime."];
        }

        if (minutesBefore is < 0 or > 1440 || minutesAfter is < 0 or > 1440)
        {
            errors[minutesBefore is < 0 or > 1440 ? "before" : "after"] = ["is 0–1440 minutes around the crime's window."];
        }

        var caller = Caller.From(http.User)!;
        var found = ids.Count == 0 ? [] : await db.Crimes.AsNoTracking().VisibleTo(caller).Where(c => ids.Contains(c.Id)).ToListAsync(ct);
        var missing = ids.Except(found.Select(c => c.Id)).ToList();
        if (missing.Count > 0)
        {
            errors["crimes"] = [$"not found or not visible to you: {string.Join(", ", missing)}."];
        }
        else if (found.FirstOrDefault(c => c.Latitude is null || c.Longitude is null) is { } unlocated)
        {
            errors["crimes"] = [$"crime {unlocated.Id} has no location."];
        }

        var earliest = found.Count > 0 ? found.Min(c => c.OccurredFrom).AddMinutes(-minutesBefore) : now;
        var latest = found.Count > 0 ? found.Max(c => c.OccurredTo).AddMinutes(minutesAfter) : now;
        var (q, refusal) = Check(http, ask with { From = earliest, To = latest > earliest ? latest : earliest }, options.Value, now, errors, earliest: earliest);
        if (q is null)
        {
            return refusal!;
        }

        await cameras.RefreshAsync(db, ct);
        var used = new List<CrimeUsed>();
        var perCrime = new List<(string, IEnumerable<Sighting>)>();
        foreach (var crime in found.OrderBy(c => c.OccurredFrom))
        {
            var near = cameras.All.Where(c => GreatCircle.Metres(crime.Latitude!.Value, crime.Longitude!.Value, c.Latitude, c.Longitude) <= metres).ToList();
            var from = crime.OccurredFrom.AddMinutes(-minutesBefore);
            var to = crime.OccurredTo.AddMinutes(minutesAfter);
            var reads = await store.AtCamerasAsync(near.Select(c => c.Id).ToList(), from, to, ct);
            used.Add(new CrimeUsed(crime.Id, crime.Reference, from, to, near.Select(Info).ToList(), reads.Count));
            perCrime.Add((crime.Id.ToString(), reads.Select(r => new Sighting(r.Plate, AnprReadStore.ToMs(r.At), r.CameraId))));
        }

        var vehicles = NearCrimesRanking.Rank(perCrime, minCrimes is > 0 ? minCrimes.Value : 1)
            .Take(500)
            .Select(v => new NearVehicle(v.Plate, v.Crimes.Count, v.Crimes.Select(Guid.Parse).ToList(), v.Reads)).ToList();
        await RegisterAsync(db, audit, q, "near-crimes", new { crimes = ids, radius = metres, before = minutesBefore, after = minutesAfter }, vehicles.Count, now, ct);
        return TypedResults.Ok(new NearCrimes(q.Restricted, metres, minutesBefore, minutesAfter, used, vehicles));
    }

    public static async Task<IResult> CountsAsync(string? cameras, [AsParameters] Ask ask, HttpContext http, WaymarkDb db, AuditLog audit, AnprReadStore store,
        CameraDirectory directory, IOptions<AnprOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        await directory.RefreshAsync(db, ct);
        var ids = new List<int>();
        foreach (var code in (cameras ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (directory.ByCode(code) is { } c)
            {
                ids.Add(c.Id);
            }
            else
            {
                errors["cameras"] = [$"'{code}' is not a camera code."];
            }
        }

        var (q, refusal) = Check(http, ask, options.Value, now, errors, defaultFrom: (ask.To?.UtcDateTime ?? now).AddDays(-1));
        if (q is null)
        {
            return refusal!;
        }

        if (ids.Count == 0 && (q.To - q.From).TotalDays > 31)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["counts at every camera cover at most 31 days; name cameras for longer."] });
        }

        var counts = await store.CountsAsync(ids, q.From, q.To, ct);
        var hours = counts.Select(c => new HourCount(c.CameraId, directory.ById(c.CameraId)?.Code ?? $"#{c.CameraId}", c.Hour, c.Count)).ToList();
        await RegisterAsync(db, audit, q, "counts", new { cameras = ids, q.From, q.To }, hours.Count, now, ct);
        return TypedResults.Ok(new Counts(q.From, q.To, q.Restricted, hours.Sum(h => h.Count), hours));
    }

    public sealed record MonthFigures(string Month, int Queries, int Investigations, int Restricted, int Users, IReadOnlyDictionary<string, int> ByKind);

    /// <summary>Monthly figures of ANPR use: queries, distinct investigations, restricted-period queries, users, by kind.</summary>
    public static async Task<IResult> FiguresAsync(int? months, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MaySeeAnprFigures(caller))
        {
            return TypedResults.Problem("Figures of ANPR use are for police analysts and admins.", title: "Not allowed", statusCode: StatusCodes.Status403Forbidden);
        }

        var count = months ?? 12;
        if (count is < 1 or > 60)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["months"] = ["is 1–60."] });
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-(count - 1));
        var rows = await db.Set<AnprQuery>().AsNoTracking()
            .Where(q => q.OrganisationId == caller.OrganisationId && q.At >= start)
            .Select(q => new { q.At, q.Kind, q.Reference, q.Restricted, q.Actor }).ToListAsync(ct);
        var figures = Enumerable.Range(0, count).Select(i => start.AddMonths(i)).Select(m =>
        {
            var inMonth = rows.Where(r => r.At.Year == m.Year && r.At.Month == m.Month).ToList();
            return new MonthFigures(m.ToString("yyyy-MM", CultureInfo.InvariantCulture), inMonth.Count,
                inMonth.Select(r => r.Reference).Distinct(StringComparer.OrdinalIgnoreCase).Count(), inMonth.Count(r => r.Restricted),
                inMonth.Select(r => r.Actor).Distinct(StringComparer.Ordinal).Count(),
                inMonth.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()));
        }).ToList();
        return TypedResults.Ok(figures);
    }
}
