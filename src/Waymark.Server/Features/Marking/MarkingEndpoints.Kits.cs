using System.Globalization;
using System.Text;
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
    public sealed record KitRequest(string? DeliveredBy, DateTimeOffset? DeliveredAt, string? Address, string? Postcode, string? LsoaCode, string? Code);

    public sealed record KitResponse(Guid Id, string? Code, string DeliveredBy, DateTime DeliveredAt, string? Address, string? Postcode, string? LsoaCode);

    public sealed record AreaSaturation(
        string AreaCode, string? Name, string? Ward, bool IsTarget, DateOnly? MarkingStarted, int Households, int RegisteredHouseholds,
        int KitsDelivered, double Saturation, bool MeetsTarget, int KitsToTarget, double? Latitude, double? Longitude);

    public sealed record SaturationResponse(
        Guid ProgrammeId, DateTime At, double Target, int TargetAreas, int TargetHouseholds, int RegisteredHouseholds, double Saturation,
        int AreasMeetingTarget, int KitsDelivered, IReadOnlyList<AreaSaturation> Areas);

    public sealed record ProgressPoint(string Month, int RegisteredHouseholds, int KitsDelivered, double Saturation);

    public sealed record ProgressResponse(Guid ProgrammeId, double Target, int TargetHouseholds, IReadOnlyList<ProgressPoint> Months);

    public sealed record ProposalResponse(Guid ProgrammeId, int Kits, int Months, DateTime From, DateTime To, double Target, int KitsAllocated,
        IReadOnlyList<string> Categories, IReadOnlyList<ProposedArea> Areas);

    /// <summary>The categories counted as residential burglary: the partnership's own, and police.uk's burglary (mostly residential; police.uk does not split it).</summary>
    public static readonly IReadOnlyList<string> ResidentialBurglaryCategories = ["burglary-residential", "burglary"];

    private static void MapKits(RouteGroupBuilder group)
    {
        group.MapPost("/programmes/{id:guid}/kits", RecordKitAsync).WithName("RecordMarkingKit").WithSummary("Record a kit delivered to an address.");
        group.MapPost("/programmes/{id:guid}/kits/import", ImportKitsAsync).WithName("ImportMarkingKits").DisableAntiforgery()
            .WithSummary("Record kits from CSV (delivered_by, delivered_at, address, postcode, lsoa_code, code). All rows or none.");
        group.MapGet("/programmes/{id:guid}/kits", ListKitsAsync).WithName("ListMarkingKits")
            .WithSummary("Kits delivered; addresses shown as holders are (police with a purpose, the owner's analysts), audited.");
        group.MapGet("/programmes/{id:guid}/saturation", SaturationAsync).WithName("GetMarkingSaturation")
            .WithSummary("Registered households / households per area, against the programme's target, at a date (default now).");
        group.MapGet("/programmes/{id:guid}/saturation.geojson", SaturationGeoJsonAsync).WithName("GetMarkingSaturationGeoJson")
            .WithSummary("Saturation per area as GeoJSON (area boundaries where uploaded, else centre points) for the choropleth.");
        group.MapGet("/programmes/{id:guid}/saturation.csv", SaturationCsvAsync).WithName("GetMarkingSaturationCsv").WithSummary("Saturation per area as CSV.");
        group.MapGet("/programmes/{id:guid}/progress", ProgressAsync).WithName("GetMarkingProgress")
            .WithSummary("Month by month: households registered and kits delivered in the target areas, and saturation against the target.");
        group.MapGet("/programmes/{id:guid}/proposals", ProposeAsync).WithName("ProposeMarkingAreas")
            .WithSummary("The programme's areas ranked by residential burglary per 1,000 households over the last months (default 12), and which the given number of kits would bring to the target.");
    }

    private static async Task<IResult> RecordKitAsync(Guid id, KitRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        if (!SharingRules.CanManageProgramme(programme, caller))
        {
            return TypedResults.Forbid();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var (kit, errors) = ValidateKit(request, programme, now);
        if (kit is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The kit was not recorded: some fields are invalid.");
        }

        db.Set<KitIssue>().Add(kit);
        audit.Record(caller, "marking.kit.deliver", "marking-programme", id.ToString(), detail: $"kit in {kit.LsoaCode ?? "no area"} by {kit.DeliveredBy}");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/marking/programmes/{id}/kits", new KitResponse(kit.Id, kit.Code is null ? null : Display(kit.Code), kit.DeliveredBy, kit.DeliveredAt, kit.Address, kit.Postcode, kit.LsoaCode));
    }

    internal static (KitIssue? Kit, Dictionary<string, string[]> Errors) ValidateKit(KitRequest r, MarkingProgramme programme, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (CrimeRules.Clean(r.DeliveredBy) is null)
        {
            errors["deliveredBy"] = ["is required: who delivered the kit (name or collar number)."];
        }

        if (r.DeliveredAt is not { } at)
        {
            errors["deliveredAt"] = ["is required (ISO 8601, e.g. 2026-03-01T14:00:00Z)."];
        }
        else if (at.UtcDateTime > now.AddMinutes(5))
        {
            errors["deliveredAt"] = ["is in the future."];
        }

        if (CrimeRules.Clean(r.Address) is null)
        {
            errors["address"] = ["is required: where the kit was delivered."];
        }

        if (CrimeRules.Clean(r.Postcode) is { } pc && !IsPostcode(pc))
        {
            errors["postcode"] = [$"'{pc}' is not a UK postcode."];
        }

        string? code = null;
        if (CrimeRules.Clean(r.Code) is { } typed)
        {
            if (!MarkingCode.TryParse(typed, out var c))
            {
                errors["code"] = [$"'{typed}' is not a valid code."];
            }
            else if (c.Prefix != programme.Prefix || c.Serial >= programme.NextSerial)
            {
                errors["code"] = [$"{c.Display} is not a code this programme has issued."];
            }
            else
            {
                code = c.Value;
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new KitIssue
        {
            Id = Guid.CreateVersion7(),
            ProgrammeId = programme.Id,
            Code = code,
            DeliveredBy = CrimeRules.Clean(r.DeliveredBy)!,
            DeliveredAt = r.DeliveredAt!.Value.UtcDateTime,
            Address = CrimeRules.Clean(r.Address)!,
            Postcode = NormalisePostcode(r.Postcode),
            LsoaCode = CrimeRules.Clean(r.LsoaCode)?.ToUpperInvariant(),
            RecordedAt = now,
        }, errors);
    }

    private static async Task<IResult> ImportKitsAsync(Guid id, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var upload = await ProgrammeUploadAsync(id, http, db, caller, "kits CSV", ct);
        if (upload.Refusal is not null)
        {
            return upload.Refusal;
        }

        var (programme, text) = (upload.Programme!, upload.Text!);

        var now = clock.GetUtcNow().UtcDateTime;
        var rejected = new List<RejectedRow>();
        var kits = new List<KitIssue>();
        var rows = ReadCsv(text);
        foreach (var (line, f) in rows)
        {
            DateTimeOffset? at = DateTimeOffset.TryParse(f.GetValueOrDefault("delivered_at"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
            var (kit, errors) = ValidateKit(new KitRequest(f.GetValueOrDefault("delivered_by"), at, f.GetValueOrDefault("address"), f.GetValueOrDefault("postcode"),
                f.GetValueOrDefault("lsoa_code"), f.GetValueOrDefault("code")), programme, now);
            if (kit is null)
            {
                rejected.Add(new RejectedRow(line, string.Join(" ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))));
            }
            else
            {
                kits.Add(kit);
            }
        }

        if (rows.Count == 0)
        {
            return Invalid("file", "has no rows under its header.");
        }

        if (rejected.Count > 0)
        {
            return Rejected("The kits were not saved: some rows are invalid.", rejected);
        }

        db.Set<KitIssue>().AddRange(kits);
        audit.Record(caller, "marking.kit.import", "marking-programme", id.ToString(), detail: $"{kits.Count} kits");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(new { recorded = kits.Count, rejected = Array.Empty<RejectedRow>() });
    }

    private static async Task<IResult> ListKitsAsync(Guid id, string? area, string? purpose, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        var (show, stated, problem) = HolderAccess(programme, caller, PurposeOf(http, purpose));
        if (problem is not null)
        {
            return problem;
        }

        var q = db.Set<KitIssue>().AsNoTracking().Where(k => k.ProgrammeId == id);
        if (CrimeRules.Clean(area)?.ToUpperInvariant() is { } a)
        {
            q = q.Where(k => k.LsoaCode == a);
        }

        var kits = await q.OrderByDescending(k => k.DeliveredAt).Take(5000).ToListAsync(ct);
        if (show && kits.Count > 0)
        {
            audit.Record(caller, "marking.kits.read", "marking-programme", id.ToString(), stated, $"{kits.Count} kit addresses");
            await audit.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(kits.Select(k => new KitResponse(k.Id, k.Code is null ? null : Display(k.Code), k.DeliveredBy, k.DeliveredAt,
            show ? k.Address : null, show ? k.Postcode : null, k.LsoaCode)).ToList());
    }

    /// <summary>Saturation of every area of the programme at <paramref name="at"/>.</summary>
    internal static async Task<SaturationResponse> ComputeSaturationAsync(WaymarkDb db, MarkingProgramme programme, DateTime at, CancellationToken ct)
    {
        var areas = await db.Set<MarkingArea>().AsNoTracking().Where(a => a.ProgrammeId == programme.Id).OrderBy(a => a.AreaCode).ToListAsync(ct);
        var registered = await db.Set<MarkingRegistration>().AsNoTracking()
            .Where(r => r.ProgrammeId == programme.Id && r.HolderKind == HolderKinds.Household && r.LsoaCode != null && r.RegisteredAt <= at)
            .GroupBy(r => r.LsoaCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var kits = await db.Set<KitIssue>().AsNoTracking()
            .Where(k => k.ProgrammeId == programme.Id && k.LsoaCode != null && k.DeliveredAt <= at)
            .GroupBy(k => k.LsoaCode!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var rows = areas.Select(a =>
        {
            var reg = registered.GetValueOrDefault(a.AreaCode);
            var share = (double)reg / a.Households;
            var toTarget = Math.Max(0, (int)Math.Ceiling(programme.SaturationTarget * a.Households - 1e-9) - reg);
            return new AreaSaturation(a.AreaCode, a.Name, a.Ward, a.IsTarget, a.MarkingStarted, a.Households, reg, kits.GetValueOrDefault(a.AreaCode),
                share, share + 1e-12 >= programme.SaturationTarget, toTarget, a.Latitude, a.Longitude);
        }).ToList();
        var targets = rows.Where(r => r.IsTarget).ToList();
        var households = targets.Sum(r => r.Households);
        var reached = targets.Sum(r => r.RegisteredHouseholds);
        return new SaturationResponse(programme.Id, at, programme.SaturationTarget, targets.Count, households, reached,
            households == 0 ? 0 : (double)reached / households, targets.Count(r => r.MeetsTarget), targets.Sum(r => r.KitsDelivered), rows);
    }

    private static async Task<IResult> SaturationAsync(Guid id, DateTimeOffset? at, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        return programme is null ? ProgrammeNotFound(id)
            : TypedResults.Ok(await ComputeSaturationAsync(db, programme, at?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime, ct));
    }

    private static async Task<IResult> SaturationGeoJsonAsync(Guid id, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        var saturation = await ComputeSaturationAsync(db, programme, clock.GetUtcNow().UtcDateTime, ct);
        var boundaries = await db.Set<MarkingArea>().AsNoTracking().Where(a => a.ProgrammeId == id && a.Boundary != null)
            .ToDictionaryAsync(a => a.AreaCode, a => a.Boundary!, ct);
        var features = saturation.Areas.Select(a => MarkingGeoJson.Feature(boundaries.GetValueOrDefault(a.AreaCode), a.Latitude, a.Longitude, new JsonObject
        {
            ["code"] = a.AreaCode,
            ["name"] = a.Name,
            ["ward"] = a.Ward,
            ["target"] = a.IsTarget,
            ["households"] = a.Households,
            ["registered"] = a.RegisteredHouseholds,
            ["kits"] = a.KitsDelivered,
            ["saturation"] = Math.Round(a.Saturation, 4),
            ["meetsTarget"] = a.MeetsTarget,
            ["kitsToTarget"] = a.KitsToTarget,
        }));
        return TypedResults.File(MarkingGeoJson.Collection(features), "application/geo+json", $"{programme.Prefix}-saturation.geojson");
    }

    private static async Task<IResult> SaturationCsvAsync(Guid id, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        var s = await ComputeSaturationAsync(db, programme, clock.GetUtcNow().UtcDateTime, ct);
        var sb = new StringBuilder("area_code,area_name,ward,target,households,registered_households,kits_delivered,saturation,meets_target,kits_to_target\n");
        foreach (var a in s.Areas)
        {
            sb.AppendJoin(',', new[]
            {
                a.AreaCode, a.Name ?? "", a.Ward ?? "", a.IsTarget ? "yes" : "no", a.Households.ToString(CultureInfo.InvariantCulture),
                a.RegisteredHouseholds.ToString(CultureInfo.InvariantCulture), a.KitsDelivered.ToString(CultureInfo.InvariantCulture),
                a.Saturation.ToString("0.0000", CultureInfo.InvariantCulture), a.MeetsTarget ? "yes" : "no", a.KitsToTarget.ToString(CultureInfo.InvariantCulture),
            }.Select(Csv)).Append('\n');
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(sb.ToString()), "text/csv", $"{programme.Prefix}-saturation.csv");
    }

    private static async Task<IResult> ProgressAsync(Guid id, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        var targets = await db.Set<MarkingArea>().AsNoTracking().Where(a => a.ProgrammeId == id && a.IsTarget)
            .Select(a => new { a.AreaCode, a.Households }).ToListAsync(ct);
        var codes = targets.Select(t => t.AreaCode).ToList();
        var households = targets.Sum(t => t.Households);
        var registered = await db.Set<MarkingRegistration>().AsNoTracking()
            .Where(r => r.ProgrammeId == id && r.HolderKind == HolderKinds.Household && codes.Contains(r.LsoaCode!))
            .Select(r => r.RegisteredAt).ToListAsync(ct);
        var kits = await db.Set<KitIssue>().AsNoTracking().Where(k => k.ProgrammeId == id && codes.Contains(k.LsoaCode!))
            .Select(k => k.DeliveredAt).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var first = registered.Concat(kits).DefaultIfEmpty(now).Min();
        var months = new List<ProgressPoint>();
        for (var m = new DateTime(first.Year, first.Month, 1, 0, 0, 0, DateTimeKind.Utc); m <= now; m = m.AddMonths(1))
        {
            var end = m.AddMonths(1);
            var reg = registered.Count(t => t < end);
            months.Add(new ProgressPoint(m.ToString("yyyy-MM", CultureInfo.InvariantCulture), reg, kits.Count(t => t < end), households == 0 ? 0 : (double)reg / households));
        }

        return TypedResults.Ok(new ProgressResponse(id, programme.SaturationTarget, households, months));
    }

    private static async Task<IResult> ProposeAsync(Guid id, int? kits, int? months, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        if (kits is not (>= 0 and <= 10_000_000))
        {
            return Invalid("kits", "is the number of kits available, 0 to 10,000,000.");
        }

        var span = months ?? 12;
        if (span is < 1 or > 60)
        {
            return Invalid("months", "is the look-back in months, 1 to 60 (default 12).");
        }

        var to = clock.GetUtcNow().UtcDateTime;
        var from = to.AddMonths(-span);
        var saturation = await ComputeSaturationAsync(db, programme, to, ct);
        var codes = saturation.Areas.Select(a => a.AreaCode).ToList();
        var counts = await BurglaryCountsAsync(db, caller, codes, from, to, ct);
        var plan = TargetAreaPlanner.Propose(
            saturation.Areas.Select(a => new CandidateArea(a.AreaCode, a.Name, counts.GetValueOrDefault(a.AreaCode), a.Households, a.RegisteredHouseholds)),
            kits.Value, programme.SaturationTarget);
        return TypedResults.Ok(new ProposalResponse(id, kits.Value, span, from, to, programme.SaturationTarget,
            plan.Where(p => p.Proposed).Sum(p => p.KitsNeeded), ResidentialBurglaryCategories, plan));
    }

    /// <summary>Residential burglaries the caller may see, per LSOA in <paramref name="areas"/>, that occurred in [from, to).</summary>
    internal static async Task<Dictionary<string, int>> BurglaryCountsAsync(WaymarkDb db, Caller caller, List<string> areas, DateTime from, DateTime to, CancellationToken ct)
    {
        var result = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in areas.Chunk(500))
        {
            var list = chunk.ToList();
            var rows = await db.Crimes.AsNoTracking().VisibleTo(caller)
                .Where(c => ResidentialBurglaryCategories.Contains(c.Category) && c.LsoaCode != null && list.Contains(c.LsoaCode) && c.OccurredFrom >= from && c.OccurredFrom < to)
                .GroupBy(c => c.LsoaCode!).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            foreach (var r in rows)
            {
                result[r.Key] = r.Count;
            }
        }

        return result;
    }
}
