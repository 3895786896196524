using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// Forensic property marking: programmes, their areas and code batches. Registrations, kits, saturation, trace, returns,
/// visits and evaluation are in the other parts of this class.
/// </summary>
public static partial class MarkingEndpoints
{
    /// <summary>The MOPAC business case for MetTrace: 109,567 police hours for 7,652 burglaries (PCD 536).</summary>
    public const double DefaultHoursPerBurglary = 109_567.0 / 7_652.0;

    /// <summary>The largest batch issued at once (a print run of kits).</summary>
    public const int MaxBatch = 100_000;

    public sealed record ProgrammeRequest(string? Name, string? Prefix, string? Kind, double? SaturationTarget, string? Description);

    public sealed record ProgrammeResponse(
        Guid Id, string Name, string Prefix, string Kind, double SaturationTarget, string? Description, Guid OwnerOrganisationId,
        string OwnerOrganisation, long CodesIssued, int Registered, int TargetAreas, int PropertyReturned, DateTime CreatedAt, bool CanManage);

    public sealed record AreaResponse(
        string AreaCode, string? Name, string? Ward, int Households, bool IsTarget, DateOnly? MarkingStarted, double? Latitude, double? Longitude, bool HasBoundary);

    public sealed record BatchRequest(int? Count, string? Note);

    public sealed record BatchResponse(Guid Id, long FirstSerial, int Count, string FirstCode, string LastCode, DateTime IssuedAt, string IssuedBy, string? Note);

    public sealed record RejectedRow(int Line, string Reason);

    public static RouteGroupBuilder MapMarking(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/marking").WithTags("Marking").RequireAuthorization();
        group.MapPost("/programmes", CreateProgrammeAsync).WithName("CreateMarkingProgramme")
            .WithSummary("Start a marking programme owned by your organisation (prefix: four characters, a letter first; saturation target default 0.85).");
        group.MapGet("/programmes", ListProgrammesAsync).WithName("ListMarkingProgrammes").WithSummary("Programmes you may see: your own, or all for police forces.");
        group.MapGet("/programmes/{id:guid}", GetProgrammeAsync).WithName("GetMarkingProgramme").WithSummary("One programme with its totals.");
        group.MapGet("/programmes/{id:guid}/areas", ListAreasAsync).WithName("ListMarkingAreas").WithSummary("The programme's areas with households counts.");
        group.MapPost("/programmes/{id:guid}/areas", UploadAreasAsync).WithName("UploadMarkingAreas").DisableAntiforgery()
            .WithSummary("Upload areas as CSV (area_code, area_name, ward, households, target, marking_started, latitude, longitude). All rows or none: each rejected row is reported with its line and reason.");
        group.MapPost("/programmes/{id:guid}/boundaries", UploadBoundariesAsync).WithName("UploadMarkingBoundaries").DisableAntiforgery()
            .WithSummary("Upload area boundaries as a GeoJSON FeatureCollection (property code, LSOA21CD or LSOA11CD) for the saturation map.");
        group.MapPost("/programmes/{id:guid}/batches", IssueBatchAsync).WithName("IssueMarkingCodes").WithSummary("Issue a batch of codes to the programme.");
        group.MapGet("/programmes/{id:guid}/batches", ListBatchesAsync).WithName("ListMarkingBatches").WithSummary("The programme's code batches.");
        group.MapGet("/programmes/{id:guid}/batches/{batchId:guid}/codes.csv", ExportBatchAsync).WithName("ExportMarkingBatch")
            .WithSummary("A batch's codes as CSV (code, serial) for the kit printer.");
        group.MapGet("/codes/{code}/check", CheckCode).WithName("CheckMarkingCode")
            .WithSummary("Whether text is a valid code (format and check character); for a slip, the valid codes one character away.");
        MapRegistrations(group);
        MapKits(group);
        MapTrace(group);
        MapVisits(group);
        MapEvaluation(group);
        return group;
    }

    internal static string? PurposeOf(HttpContext http, string? purpose) =>
        CrimeRules.Clean(purpose) ?? CrimeRules.Clean(http.Request.Headers[CrimeEndpoints.PurposeHeader].ToString());

    internal static ProblemHttpResult ProgrammeNotFound(Guid id) =>
        TypedResults.Problem($"No marking programme {id} is visible to you.", title: "Programme not found", statusCode: StatusCodes.Status404NotFound);

    internal static ValidationProblem Invalid(string field, string reason, string? title = null) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [reason] }, title: title);

    internal static async Task<MarkingProgramme?> VisibleProgrammeAsync(WaymarkDb db, Guid id, Caller caller, CancellationToken ct)
    {
        var p = await db.Set<MarkingProgramme>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return p is not null && SharingRules.CanSeeProgramme(p, caller) ? p : null;
    }

    private static async Task<Results<Created<ProgrammeResponse>, ValidationProblem, ForbidHttpResult, Conflict<ProblemDetailsBody>>> CreateProgrammeAsync(
        ProgrammeRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanCreateProgramme(caller))
        {
            return TypedResults.Forbid();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = CrimeRules.Clean(request.Name);
        if (name is null || name.Length > 200)
        {
            errors["name"] = ["is required, at most 200 characters."];
        }

        var prefix = request.Prefix?.Trim().ToUpperInvariant();
        if (!MarkingCode.IsValidPrefix(prefix))
        {
            errors["prefix"] = ["is four characters, a letter then letters or digits (e.g. MET1): the start of every code the programme issues."];
        }

        var kind = CrimeRules.Clean(request.Kind)?.ToLowerInvariant() ?? HolderKinds.Household;
        if (!HolderKinds.IsKnown(kind))
        {
            errors["kind"] = [$"is one of {string.Join(", ", HolderKinds.All)}."];
        }

        var target = request.SaturationTarget ?? 0.85;
        if (target is <= 0 or > 1)
        {
            errors["saturationTarget"] = ["is a share of households above 0 and at most 1 (0.85 for 85%)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The programme was not created: some fields are invalid.");
        }

        if (await db.Set<MarkingProgramme>().AnyAsync(p => p.Prefix == prefix, ct))
        {
            return TypedResults.Conflict(new ProblemDetailsBody("Prefix in use", $"The prefix {prefix} belongs to another programme; codes must be unique nationally.", "prefix"));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var programme = new MarkingProgramme
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            Prefix = prefix!,
            Kind = kind,
            SaturationTarget = target,
            Description = CrimeRules.Clean(request.Description),
            OwnerOrganisationId = caller.OrganisationId,
            CreatedAt = now,
        };
        db.Set<MarkingProgramme>().Add(programme);
        audit.Record(caller, "marking.programme.create", "marking-programme", programme.Id.ToString(), detail: $"{programme.Prefix} {programme.Name}");
        await audit.SaveChangesAsync(ct);
        var owner = await db.Organisations.AsNoTracking().Where(o => o.Id == caller.OrganisationId).Select(o => o.Name).FirstAsync(ct);
        return TypedResults.Created($"/api/marking/programmes/{programme.Id}",
            new ProgrammeResponse(programme.Id, programme.Name, programme.Prefix, programme.Kind, programme.SaturationTarget, programme.Description,
                programme.OwnerOrganisationId, owner, 0, 0, 0, 0, programme.CreatedAt, true));
    }

    /// <summary>A 409's body: what clashed and which field to change.</summary>
    public sealed record ProblemDetailsBody(string Title, string Detail, string Field);

    private static async Task<Ok<List<ProgrammeResponse>>> ListProgrammesAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programmes = await db.Set<MarkingProgramme>().AsNoTracking().VisibleTo(caller).OrderBy(p => p.Name).ToListAsync(ct);
        var list = new List<ProgrammeResponse>(programmes.Count);
        foreach (var p in programmes)
        {
            list.Add(await DescribeAsync(db, p, caller, ct));
        }

        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<ProgrammeResponse>, ProblemHttpResult>> GetProgrammeAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var p = await VisibleProgrammeAsync(db, id, caller, ct);
        return p is null ? ProgrammeNotFound(id) : TypedResults.Ok(await DescribeAsync(db, p, caller, ct));
    }

    private static async Task<ProgrammeResponse> DescribeAsync(WaymarkDb db, MarkingProgramme p, Caller caller, CancellationToken ct)
    {
        var owner = await db.Organisations.AsNoTracking().Where(o => o.Id == p.OwnerOrganisationId).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        var registered = await db.Set<MarkingRegistration>().CountAsync(r => r.ProgrammeId == p.Id, ct);
        var targets = await db.Set<MarkingArea>().CountAsync(a => a.ProgrammeId == p.Id && a.IsTarget, ct);
        var returned = await db.Set<PropertyReturn>().CountAsync(r => r.ProgrammeId == p.Id, ct);
        return new ProgrammeResponse(p.Id, p.Name, p.Prefix, p.Kind, p.SaturationTarget, p.Description, p.OwnerOrganisationId, owner,
            p.NextSerial, registered, targets, returned, p.CreatedAt, SharingRules.CanManageProgramme(p, caller));
    }

    private static async Task<Results<Ok<List<AreaResponse>>, ProblemHttpResult>> ListAreasAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await VisibleProgrammeAsync(db, id, caller, ct) is null)
        {
            return ProgrammeNotFound(id);
        }

        var areas = await db.Set<MarkingArea>().AsNoTracking().Where(a => a.ProgrammeId == id).OrderBy(a => a.AreaCode)
            .Select(a => new AreaResponse(a.AreaCode, a.Name, a.Ward, a.Households, a.IsTarget, a.MarkingStarted, a.Latitude, a.Longitude, a.Boundary != null))
            .ToListAsync(ct);
        return TypedResults.Ok(areas);
    }

    /// <summary>A coordinator's upload to a programme: the programme the caller may manage and the file's text, or the refusal.</summary>
    internal sealed record ProgrammeUpload(MarkingProgramme? Programme, string? Text, IResult? Refusal);

    internal static async Task<ProgrammeUpload> ProgrammeUploadAsync(Guid id, HttpContext http, WaymarkDb db, Caller caller, string what, CancellationToken ct)
    {
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return new ProgrammeUpload(null, null, ProgrammeNotFound(id));
        }

        if (!SharingRules.CanManageProgramme(programme, caller))
        {
            return new ProgrammeUpload(null, null, TypedResults.Forbid());
        }

        return await ReadUploadAsync(http) is { } text
            ? new ProgrammeUpload(programme, text, null)
            : new ProgrammeUpload(null, null, Invalid("file", $"send the {what} as the body (text/csv) or as a multipart file."));
    }

    /// <summary>The upload's text: a multipart form's first file, or the request body (text/csv, application/geo+json).</summary>
    internal static async Task<string?> ReadUploadAsync(HttpContext http)
    {
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            if (form.Files.Count == 0)
            {
                return null;
            }

            using var reader = new StreamReader(form.Files[0].OpenReadStream(), Encoding.UTF8);
            return await reader.ReadToEndAsync(http.RequestAborted);
        }

        using var body = new StreamReader(http.Request.Body, Encoding.UTF8);
        var text = await body.ReadToEndAsync(http.RequestAborted);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    /// <summary>Reads CSV with a header row; each record as a case-insensitive field map with its 1-based line number.</summary>
    internal static List<(int Line, Dictionary<string, string> Fields)> ReadCsv(string text)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = null, MissingFieldFound = null, TrimOptions = TrimOptions.Trim };
        using var reader = new StringReader(text);
        using var csv = new CsvParser(reader, config);
        var rows = new List<(int, Dictionary<string, string>)>();
        string[]? header = null;
        while (csv.Read())
        {
            var record = csv.Record ?? [];
            if (header is null)
            {
                header = record.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant().Replace(' ', '_')).ToArray();
                continue;
            }

            if (record.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }

            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < header.Length && i < record.Length; i++)
            {
                fields[header[i]] = record[i].Trim();
            }

            rows.Add((csv.RawRow, fields));
        }

        return rows;
    }

    internal static IResult Rejected(string title, List<RejectedRow> rejected) =>
        TypedResults.Problem(
            title: title,
            detail: $"{rejected.Count} row(s) rejected; nothing was saved. Correct them and upload the file again.",
            statusCode: StatusCodes.Status400BadRequest,
            extensions: new Dictionary<string, object?> { ["rejected"] = rejected });

    private static async Task<IResult> UploadAreasAsync(Guid id, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var upload = await ProgrammeUploadAsync(id, http, db, caller, "areas CSV", ct);
        if (upload.Refusal is not null)
        {
            return upload.Refusal;
        }

        var (programme, text) = (upload.Programme!, upload.Text!);

        var rows = ReadCsv(text);
        var rejected = new List<RejectedRow>();
        var parsed = new Dictionary<string, MarkingArea>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, f) in rows)
        {
            var code = f.GetValueOrDefault("area_code")?.ToUpperInvariant();
            if (string.IsNullOrEmpty(code) || code.Length > 16)
            {
                rejected.Add(new RejectedRow(line, "area_code is required (an LSOA code such as E01000001)."));
                continue;
            }

            if (!int.TryParse(f.GetValueOrDefault("households"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var households))
            {
                rejected.Add(new RejectedRow(line, $"households for {code} is required: a whole number of households in the area."));
                continue;
            }

            if (households <= 0)
            {
                rejected.Add(new RejectedRow(line, $"households for {code} is {households}: an area has at least one household (saturation divides by it)."));
                continue;
            }

            DateOnly? started = null;
            if (f.GetValueOrDefault("marking_started") is { Length: > 0 } s)
            {
                if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    rejected.Add(new RejectedRow(line, $"marking_started '{s}' is a date as yyyy-MM-dd."));
                    continue;
                }

                started = d;
            }

            var target = f.GetValueOrDefault("target")?.ToLowerInvariant() is "yes" or "y" or "true" or "1" || started is not null;
            double? lat = null, lon = null;
            if (f.GetValueOrDefault("latitude") is { Length: > 0 } la || f.GetValueOrDefault("longitude") is { Length: > 0 })
            {
                if (!double.TryParse(f.GetValueOrDefault("latitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ||
                    !double.TryParse(f.GetValueOrDefault("longitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ||
                    a is < 49.8 or > 61 || o is < -8.7 or > 2)
                {
                    rejected.Add(new RejectedRow(line, "latitude and longitude go together, in WGS84 degrees within the United Kingdom."));
                    continue;
                }

                (lat, lon) = (a, o);
            }

            if (parsed.ContainsKey(code))
            {
                rejected.Add(new RejectedRow(line, $"{code} appears twice in the file."));
                continue;
            }

            parsed[code] = new MarkingArea
            {
                AreaCode = code,
                Name = CrimeRules.Clean(f.GetValueOrDefault("area_name")),
                Ward = CrimeRules.Clean(f.GetValueOrDefault("ward")),
                Households = households,
                IsTarget = target,
                MarkingStarted = started,
                Latitude = lat,
                Longitude = lon,
            };
        }

        if (rows.Count == 0)
        {
            return Invalid("file", "has no rows under its header (area_code, area_name, ward, households, target, marking_started, latitude, longitude).");
        }

        if (rejected.Count > 0)
        {
            return Rejected("The areas were not saved: some rows are invalid.", rejected);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Set<MarkingArea>().Where(a => a.ProgrammeId == id).ToDictionaryAsync(a => a.AreaCode, StringComparer.OrdinalIgnoreCase, ct);
        int added = 0, updated = 0;
        foreach (var area in parsed.Values)
        {
            if (existing.TryGetValue(area.AreaCode, out var e))
            {
                e.Name = area.Name ?? e.Name;
                e.Ward = area.Ward ?? e.Ward;
                e.Households = area.Households;
                e.IsTarget = area.IsTarget;
                e.MarkingStarted = area.MarkingStarted ?? e.MarkingStarted;
                e.Latitude = area.Latitude ?? e.Latitude;
                e.Longitude = area.Longitude ?? e.Longitude;
                e.UpdatedAt = now;
                updated++;
            }
            else
            {
                area.Id = Guid.CreateVersion7();
                area.ProgrammeId = id;
                area.UpdatedAt = now;
                db.Set<MarkingArea>().Add(area);
                added++;
            }
        }

        audit.Record(caller, "marking.areas.upload", "marking-programme", id.ToString(), detail: $"{added} added, {updated} updated");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(new { added, updated, rejected = Array.Empty<RejectedRow>() });
    }

    private static async Task<IResult> UploadBoundariesAsync(Guid id, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
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

        var text = await ReadUploadAsync(http);
        var features = text is null ? null : MarkingGeoJson.ReadBoundaries(text);
        if (features is null)
        {
            return Invalid("file", "is a GeoJSON FeatureCollection of Polygon or MultiPolygon features with the area code in a 'code', 'LSOA21CD' or 'LSOA11CD' property.");
        }

        var areas = await db.Set<MarkingArea>().Where(a => a.ProgrammeId == id).ToDictionaryAsync(a => a.AreaCode, StringComparer.OrdinalIgnoreCase, ct);
        var rejected = new List<RejectedRow>();
        foreach (var f in features)
        {
            if (f.Code is null || f.Geometry is null)
            {
                rejected.Add(new RejectedRow(f.Index + 1, f.Problem ?? "has no area code or no polygon."));
            }
            else if (!areas.ContainsKey(f.Code))
            {
                rejected.Add(new RejectedRow(f.Index + 1, $"{f.Code} is not one of the programme's areas: upload its households first."));
            }
        }

        if (rejected.Count > 0)
        {
            return Rejected("The boundaries were not saved: some features are invalid (line = feature number).", rejected);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var f in features)
        {
            var area = areas[f.Code!];
            area.Boundary = f.Geometry;
            area.Latitude ??= f.CentroidLatitude;
            area.Longitude ??= f.CentroidLongitude;
            area.UpdatedAt = now;
        }

        audit.Record(caller, "marking.boundaries.upload", "marking-programme", id.ToString(), detail: $"{features.Count} boundaries");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(new { updated = features.Count });
    }

    private static async Task<Results<Created<BatchResponse>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> IssueBatchAsync(
        Guid id, BatchRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await db.Set<MarkingProgramme>().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (programme is null || !SharingRules.CanSeeProgramme(programme, caller))
        {
            return ProgrammeNotFound(id);
        }

        if (!SharingRules.CanManageProgramme(programme, caller))
        {
            return TypedResults.Forbid();
        }

        if (request.Count is not (>= 1 and <= MaxBatch))
        {
            return Invalid("count", $"is the number of codes to issue, 1 to {MaxBatch:N0}.");
        }

        if (programme.NextSerial + request.Count.Value - 1 > MarkingCode.MaxSerial)
        {
            return Invalid("count", "would run past the programme's last serial; start a new programme with its own prefix.");
        }

        var batch = new MarkingCodeBatch
        {
            Id = Guid.CreateVersion7(),
            ProgrammeId = id,
            FirstSerial = programme.NextSerial,
            Count = request.Count.Value,
            IssuedAt = clock.GetUtcNow().UtcDateTime,
            IssuedBy = caller.Name,
            Note = CrimeRules.Clean(request.Note),
        };
        // The serials are claimed only if no other batch was issued since the programme was read: two coordinators issuing
        // at the same moment must never be given the same codes (kits would carry one owner's code on another's property).
        var claimed = await audit.InTransactionAsync(async c =>
        {
            var updated = await db.Set<MarkingProgramme>().Where(p => p.Id == id && p.NextSerial == batch.FirstSerial)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.NextSerial, batch.FirstSerial + batch.Count), c);
            if (updated == 1)
            {
                db.Set<MarkingCodeBatch>().Add(batch);
                audit.Record(caller, "marking.codes.issue", "marking-programme", id.ToString(), detail: $"{batch.Count} codes from serial {batch.FirstSerial}");
            }

            return updated == 1;
        }, ct);
        if (!claimed)
        {
            return TypedResults.Problem("Another batch of this programme was issued at the same moment; nothing was issued. Issue the batch again.",
                title: "Codes not issued", statusCode: StatusCodes.Status409Conflict);
        }

        return TypedResults.Created($"/api/marking/programmes/{id}/batches/{batch.Id}/codes.csv", Describe(programme, batch));
    }

    private static BatchResponse Describe(MarkingProgramme p, MarkingCodeBatch b) =>
        new(b.Id, b.FirstSerial, b.Count, MarkingCode.Issue(p.Prefix, b.FirstSerial).Display, MarkingCode.Issue(p.Prefix, b.FirstSerial + b.Count - 1).Display, b.IssuedAt, b.IssuedBy, b.Note);

    private static async Task<Results<Ok<List<BatchResponse>>, ProblemHttpResult>> ListBatchesAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var programme = await VisibleProgrammeAsync(db, id, caller, ct);
        if (programme is null)
        {
            return ProgrammeNotFound(id);
        }

        var batches = await db.Set<MarkingCodeBatch>().AsNoTracking().Where(b => b.ProgrammeId == id).OrderBy(b => b.FirstSerial).ToListAsync(ct);
        return TypedResults.Ok(batches.Select(b => Describe(programme, b)).ToList());
    }

    private static async Task<IResult> ExportBatchAsync(Guid id, Guid batchId, HttpContext http, WaymarkDb db, CancellationToken ct)
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

        var batch = await db.Set<MarkingCodeBatch>().AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId && b.ProgrammeId == id, ct);
        if (batch is null)
        {
            return TypedResults.Problem($"No batch {batchId} in this programme.", title: "Batch not found", statusCode: StatusCodes.Status404NotFound);
        }

        var sb = new StringBuilder(batch.Count * 24);
        sb.Append("code,serial\n");
        for (long s = batch.FirstSerial; s < batch.FirstSerial + batch.Count; s++)
        {
            sb.Append(MarkingCode.Issue(programme.Prefix, s).Display).Append(',').Append(s.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        return TypedResults.File(Encoding.UTF8.GetBytes(sb.ToString()), "text/csv", $"{programme.Prefix}-codes-{batch.FirstSerial}.csv");
    }

    public sealed record CodeCheck(string Input, bool Valid, string? Code, string? Reason, IReadOnlyList<string> LikelyCodes);

    private static async Task<Ok<CodeCheck>> CheckCode(string code, WaymarkDb db, CancellationToken ct) =>
        TypedResults.Ok(Check(code, await IssuedFilterAsync(db, code, ct)));

    /// <summary>Of the valid codes near <paramref name="input"/>, those some programme has issued (prefix known, serial issued).</summary>
    internal static async Task<ISet<string>> IssuedFilterAsync(WaymarkDb db, string input, CancellationToken ct)
    {
        var nearby = MarkingCode.NearbyValidCodes(input);
        if (nearby.Count == 0)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }

        var prefixes = nearby.Select(c => c.Prefix).Distinct().ToList();
        var issued = await db.Set<MarkingProgramme>().AsNoTracking().Where(p => prefixes.Contains(p.Prefix))
            .ToDictionaryAsync(p => p.Prefix, p => p.NextSerial, StringComparer.Ordinal, ct);
        return nearby.Where(c => issued.TryGetValue(c.Prefix, out var next) && c.Serial < next).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Validates typed text as a code; for a slip, the valid codes one character (or one adjacent swap) away, narrowed to <paramref name="known"/> when given.</summary>
    internal static CodeCheck Check(string input, ISet<string>? known)
    {
        if (MarkingCode.TryParse(input, out var code))
        {
            return new CodeCheck(input, true, code.Display, null, []);
        }

        var s = MarkingCode.Normalise(input);
        if (s.Length != MarkingCode.Length || !s.All(c => Mod37_36.ValueOf(c) >= 0))
        {
            return new CodeCheck(input, false, null,
                $"not a valid code: a code is {MarkingCode.Length} letters and digits, written PPPP-SSSSSS-C (e.g. MET1-0004ZK-7).", []);
        }

        var nearby = MarkingCode.NearbyValidCodes(s).Where(c => known is null || known.Contains(c.Value)).Select(c => c.Display).ToList();
        return new CodeCheck(input, false, null,
            "not a valid code: the check character does not match, so a character was probably misread or mistyped.", nearby);
    }
}
