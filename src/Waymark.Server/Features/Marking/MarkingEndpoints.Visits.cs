using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Marking;

public static partial class MarkingEndpoints
{
    public sealed record VisitRequest(
        string? PremisesKind, string? PremisesName, string? LicenceNumber, string? Address, string? Postcode, double? Latitude, double? Longitude,
        DateOnly? VisitedOn, IReadOnlyList<string>? Officers, string? Purpose, int? ItemsScanned, int? Positives, IReadOnlyList<string>? CodesFound,
        string? Notes, Guid? ProgrammeId);

    public sealed record VisitResponse(
        Guid Id, string PremisesKind, string PremisesName, string? LicenceNumber, string? Address, string? Postcode, double? Latitude, double? Longitude,
        DateOnly VisitedOn, IReadOnlyList<string> Officers, string Purpose, int ItemsScanned, int Positives, IReadOnlyList<string> CodesFound, string? Notes,
        Guid? ProgrammeId, string RecordedBy)
    {
        public static VisitResponse From(PremisesVisit v) => new(v.Id, v.PremisesKind, v.PremisesName, v.LicenceNumber, v.Address, v.Postcode, v.Latitude, v.Longitude,
            v.VisitedOn, Split(v.Officers), v.Purpose, v.ItemsScanned, v.Positives, Split(v.CodesFound).Select(Display).ToList(), v.Notes, v.ProgrammeId, v.RecordedBy);

        private static List<string> Split(string? s) => (s ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    private static void MapVisits(RouteGroupBuilder group)
    {
        group.MapPost("/visits", RecordVisitAsync).WithName("RecordPremisesVisit")
            .WithSummary("Record a visit to a second-hand shop, pawnbroker or scrap yard: premises, date, officers, items scanned, positives and the codes found.");
        group.MapGet("/visits", ListVisitsAsync).WithName("ListPremisesVisits").WithSummary("Visits (police forces only), newest first; filter by from/to/kind/licence.");
        group.MapGet("/visits.geojson", VisitsGeoJsonAsync).WithName("GetPremisesVisitsGeoJson").WithSummary("Visits with a location, as GeoJSON points for the map.");
    }

    /// <summary>
    /// Checks a visit and builds it: the same rules whether a marking officer records a shop scan or the scrap-metal feature
    /// records a yard inspection (purpose <see cref="VisitPurposes.ScrapInspection"/>, premises named by licence number).
    /// </summary>
    public static (PremisesVisit? Visit, Dictionary<string, string[]> Errors) ValidateVisit(VisitRequest r, Caller caller, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var kind = CrimeRules.Clean(r.PremisesKind)?.ToLowerInvariant();
        if (!PremisesKinds.IsKnown(kind))
        {
            errors["premisesKind"] = [$"is one of {string.Join(", ", PremisesKinds.All)}."];
        }

        var name = CrimeRules.Clean(r.PremisesName) ?? CrimeRules.Clean(r.LicenceNumber);
        if (name is null)
        {
            errors["premisesName"] = ["is required (the trading name, or give the dealer's licence number)."];
        }

        if (r.VisitedOn is not { } on)
        {
            errors["visitedOn"] = ["is required (yyyy-MM-dd)."];
        }
        else if (on > DateOnly.FromDateTime(now))
        {
            errors["visitedOn"] = ["is in the future."];
        }

        var officers = (r.Officers ?? []).Select(CrimeRules.Clean).OfType<string>().ToList();
        if (officers.Count == 0)
        {
            errors["officers"] = ["name at least one officer present (name or collar number)."];
        }

        var purpose = CrimeRules.Clean(r.Purpose)?.ToLowerInvariant() ?? VisitPurposes.MarkingScan;
        if (!VisitPurposes.IsKnown(purpose))
        {
            errors["purpose"] = [$"is one of {string.Join(", ", VisitPurposes.All)}."];
        }

        var scanned = r.ItemsScanned ?? 0;
        var positives = r.Positives ?? 0;
        if (scanned < 0 || positives < 0)
        {
            errors["itemsScanned"] = ["items scanned and positives cannot be negative."];
        }
        else if (positives > scanned)
        {
            errors["positives"] = [$"{positives} positives from {scanned} items scanned: positives are among the items scanned."];
        }

        var codes = new List<string>();
        foreach (var (typed, i) in (r.CodesFound ?? []).Select((c, i) => (c, i)))
        {
            if (!MarkingCode.TryParse(typed, out var c))
            {
                errors[$"codesFound[{i}]"] = [$"'{typed}' is not a valid code; trace it to see the likely codes."];
            }
            else
            {
                codes.Add(c.Value);
            }
        }

        if (codes.Count > positives && !errors.ContainsKey("positives"))
        {
            errors["codesFound"] = [$"{codes.Count} codes found but {positives} positives recorded."];
        }

        if ((r.Latitude is null) != (r.Longitude is null) || r.Latitude is < 49.8 or > 61 || r.Longitude is < -8.7 or > 2)
        {
            errors["latitude"] = ["latitude and longitude go together, in WGS84 degrees within the United Kingdom."];
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new PremisesVisit
        {
            Id = Guid.CreateVersion7(),
            PremisesKind = kind!,
            PremisesName = name!,
            LicenceNumber = CrimeRules.Clean(r.LicenceNumber),
            Address = CrimeRules.Clean(r.Address),
            Postcode = NormalisePostcode(r.Postcode),
            Latitude = r.Latitude,
            Longitude = r.Longitude,
            VisitedOn = r.VisitedOn!.Value,
            Officers = string.Join(';', officers),
            Purpose = purpose,
            ItemsScanned = scanned,
            Positives = positives,
            CodesFound = codes.Count == 0 ? null : string.Join(';', codes),
            Notes = CrimeRules.Clean(r.Notes),
            ProgrammeId = r.ProgrammeId,
            OrganisationId = caller.OrganisationId,
            RecordedBy = caller.Name,
            RecordedAt = now,
        }, errors);
    }

    private static async Task<IResult> RecordVisitAsync(VisitRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MayRecordVisit(caller))
        {
            return TypedResults.Problem("Recording visits is for police analysts and officers.", title: "Forbidden", statusCode: StatusCodes.Status403Forbidden);
        }

        var (visit, errors) = ValidateVisit(request, caller, clock.GetUtcNow().UtcDateTime);
        if (visit is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The visit was not recorded: some fields are invalid.");
        }

        if (visit.ProgrammeId is { } pid && await VisibleProgrammeAsync(db, pid, caller, ct) is null)
        {
            return Invalid("programmeId", $"no marking programme {pid} is visible to you.");
        }

        db.Set<PremisesVisit>().Add(visit);
        audit.Record(caller, "marking.visit.record", "premises-visit", visit.Id.ToString(), detail: $"{visit.PremisesKind} {visit.PremisesName}: {visit.Positives}/{visit.ItemsScanned}");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/marking/visits?licence={Uri.EscapeDataString(visit.LicenceNumber ?? "")}", VisitResponse.From(visit));
    }

    private static async Task<List<PremisesVisit>?> QueryVisitsAsync(WaymarkDb db, Caller caller, DateOnly? from, DateOnly? to, string? kind, string? licence, CancellationToken ct)
    {
        if (!SharingRules.MaySeeVisits(caller))
        {
            return null;
        }

        var q = db.Set<PremisesVisit>().AsNoTracking();
        if (from is { } f)
        {
            q = q.Where(v => v.VisitedOn >= f);
        }

        if (to is { } t)
        {
            q = q.Where(v => v.VisitedOn <= t);
        }

        if (CrimeRules.Clean(kind)?.ToLowerInvariant() is { } k)
        {
            q = q.Where(v => v.PremisesKind == k);
        }

        if (CrimeRules.Clean(licence) is { } l)
        {
            q = q.Where(v => v.LicenceNumber == l);
        }

        return await q.OrderByDescending(v => v.VisitedOn).ThenByDescending(v => v.RecordedAt).Take(5000).ToListAsync(ct);
    }

    private static async Task<IResult> ListVisitsAsync(DateOnly? from, DateOnly? to, string? kind, string? licence, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var visits = await QueryVisitsAsync(db, Caller.From(http.User)!, from, to, kind, licence, ct);
        return visits is null
            ? TypedResults.Problem("Visits are seen by police forces only.", title: "Forbidden", statusCode: StatusCodes.Status403Forbidden)
            : TypedResults.Ok(visits.Select(VisitResponse.From).ToList());
    }

    private static async Task<IResult> VisitsGeoJsonAsync(DateOnly? from, DateOnly? to, string? kind, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var visits = await QueryVisitsAsync(db, Caller.From(http.User)!, from, to, kind, null, ct);
        if (visits is null)
        {
            return TypedResults.Problem("Visits are seen by police forces only.", title: "Forbidden", statusCode: StatusCodes.Status403Forbidden);
        }

        var features = visits.Where(v => v.Latitude is not null).Select(v => MarkingGeoJson.Feature(null, v.Latitude, v.Longitude, new JsonObject
        {
            ["id"] = v.Id.ToString(),
            ["premisesKind"] = v.PremisesKind,
            ["premisesName"] = v.PremisesName,
            ["licenceNumber"] = v.LicenceNumber,
            ["visitedOn"] = v.VisitedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["purpose"] = v.Purpose,
            ["itemsScanned"] = v.ItemsScanned,
            ["positives"] = v.Positives,
        }));
        return TypedResults.File(MarkingGeoJson.Collection(features), "application/geo+json", "visits.geojson");
    }
}
