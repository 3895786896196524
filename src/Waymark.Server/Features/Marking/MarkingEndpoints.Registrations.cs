using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
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
    public sealed record MarkedItemDto(string? Description, string? Make, string? Serial, string? PhotoReference);

    public sealed record RegistrationRequest(
        string? Code, string? HolderKind, string? HolderName, string? Address, string? Postcode, string? LsoaCode, string? Ward,
        string? Contact, string? AssetReference, double? Latitude, double? Longitude, IReadOnlyList<MarkedItemDto>? Items);

    /// <summary>A registration as the caller may see it: holder fields are null unless <see cref="HolderShown"/>.</summary>
    public sealed record RegistrationResponse(
        Guid Id, string Code, Guid ProgrammeId, string HolderKind, bool HolderShown, string? HolderName, string? Address, string? Postcode,
        string? LsoaCode, string? Ward, string? Contact, string? AssetReference, double? Latitude, double? Longitude,
        IReadOnlyList<MarkedItem> Items, DateTime RegisteredAt)
    {
        public static RegistrationResponse From(MarkingRegistration r, bool showHolder) => new(
            r.Id, Display(r.Code), r.ProgrammeId, r.HolderKind, showHolder,
            showHolder ? r.HolderName : null, showHolder ? r.Address : null, showHolder ? r.Postcode : null, r.LsoaCode, r.Ward,
            showHolder ? r.Contact : null, r.AssetReference, showHolder ? r.Latitude : null, showHolder ? r.Longitude : null,
            showHolder ? r.Items : [], r.RegisteredAt);
    }

    public sealed record RegistrationPage(int Total, int Page, int PageSize, IReadOnlyList<RegistrationResponse> Items);

    private static void MapRegistrations(RouteGroupBuilder group)
    {
        group.MapPost("/programmes/{id:guid}/registrations", RegisterAsync).WithName("RegisterMarkingCode")
            .WithSummary("Register an issued code to its holder (household, business or infrastructure asset) with the items marked. 409 if the code is registered already.");
        group.MapPost("/programmes/{id:guid}/registrations/import", ImportRegistrationsAsync).WithName("ImportMarkingRegistrations").DisableAntiforgery()
            .WithSummary("Register codes from CSV (code, holder_kind, holder_name, address, postcode, lsoa_code, ward, contact, asset_reference, latitude, longitude, items — ';'-separated). All rows or none.");
        group.MapGet("/programmes/{id:guid}/registrations", ListRegistrationsAsync).WithName("ListMarkingRegistrations")
            .WithSummary("The programme's registrations, paged; holders shown to police roles with a purpose and to the owner's analysts, every such read audited.");
        group.MapGet("/programmes/{id:guid}/registrations.csv", ExportRegistrationsAsync).WithName("ExportMarkingRegistrations")
            .WithSummary("The programme's registrations as CSV, with holders for those who may see them (audited).");
    }

    private static async Task<IResult> RegisterAsync(Guid id, RegistrationRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
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

        var (registration, errors) = Validate(request, programme, clock.GetUtcNow().UtcDateTime, caller.Name);
        if (registration is null)
        {
            if (errors.ContainsKey("code") && request.Code is { } typed && !MarkingCode.TryParse(typed, out _))
            {
                var check = Check(typed, await IssuedFilterAsync(db, typed, ct));
                return TypedResults.Problem(title: "The code was not registered: some fields are invalid.", statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["errors"] = errors, ["likelyCodes"] = check.LikelyCodes });
            }

            return TypedResults.ValidationProblem(errors, title: "The code was not registered: some fields are invalid.");
        }

        if (await db.Set<MarkingRegistration>().AnyAsync(r => r.Code == registration.Code, ct))
        {
            return TypedResults.Problem($"{Display(registration.Code)} is registered to another holder already; a code belongs to one holder.",
                title: "Code already registered", statusCode: StatusCodes.Status409Conflict, extensions: new Dictionary<string, object?> { ["field"] = "code" });
        }

        db.Set<MarkingRegistration>().Add(registration);
        audit.Record(caller, "marking.register", "marking-code", registration.Code, detail: $"{registration.HolderKind} in {registration.LsoaCode ?? "no area"}");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/marking/trace/{registration.Code}", RegistrationResponse.From(registration, showHolder: true));
    }

    /// <summary>Checks a registration against its programme; the entity, or each bad field with its reason.</summary>
    internal static (MarkingRegistration? Registration, Dictionary<string, string[]> Errors) Validate(RegistrationRequest r, MarkingProgramme programme, DateTime now, string by)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        MarkingCode code = default;
        if (string.IsNullOrWhiteSpace(r.Code))
        {
            errors["code"] = ["is required: the code on the kit, PPPP-SSSSSS-C."];
        }
        else if (!MarkingCode.TryParse(r.Code, out code))
        {
            errors["code"] = [$"'{r.Code}' is not a valid code (wrong length, characters or check character)."];
        }
        else if (code.Prefix != programme.Prefix)
        {
            errors["code"] = [$"{code.Display} belongs to the programme with prefix {code.Prefix}, not {programme.Prefix}."];
        }
        else if (code.Serial >= programme.NextSerial)
        {
            errors["code"] = [$"{code.Display} has not been issued yet: the programme has issued serials below {programme.NextSerial}."];
        }

        var kind = CrimeRules.Clean(r.HolderKind)?.ToLowerInvariant() ?? programme.Kind;
        if (!HolderKinds.IsKnown(kind))
        {
            errors["holderKind"] = [$"is one of {string.Join(", ", HolderKinds.All)}."];
        }

        var name = CrimeRules.Clean(r.HolderName);
        if (name is null || name.Length > 200)
        {
            errors["holderName"] = ["is required (the household's or business's name, or the asset's owner), at most 200 characters."];
        }

        if (kind is HolderKinds.Household or HolderKinds.Business)
        {
            if (CrimeRules.Clean(r.Address) is null)
            {
                errors["address"] = [$"is required for a {kind}."];
            }

            if (CrimeRules.Clean(r.Postcode) is { } pc && !IsPostcode(pc))
            {
                errors["postcode"] = [$"'{pc}' is not a UK postcode (e.g. SW1A 1AA)."];
            }
            else if (kind == HolderKinds.Household && CrimeRules.Clean(r.Postcode) is null)
            {
                errors["postcode"] = ["is required for a household."];
            }
        }

        if (kind == HolderKinds.Infrastructure && CrimeRules.Clean(r.AssetReference) is null)
        {
            errors["assetReference"] = ["is required for infrastructure: the asset's identifier (e.g. a cable run or substation reference)."];
        }

        if ((r.Latitude is null) != (r.Longitude is null) || r.Latitude is < 49.8 or > 61 || r.Longitude is < -8.7 or > 2)
        {
            errors["latitude"] = ["latitude and longitude go together, in WGS84 degrees within the United Kingdom."];
        }

        var items = new List<MarkedItem>();
        foreach (var (item, i) in (r.Items ?? []).Select((x, i) => (x, i)))
        {
            if (CrimeRules.Clean(item.Description) is not { } d)
            {
                errors[$"items[{i}].description"] = ["is required (what the item is, e.g. 'laptop')."];
                continue;
            }

            items.Add(new MarkedItem { Description = d, Make = CrimeRules.Clean(item.Make), Serial = CrimeRules.Clean(item.Serial), PhotoReference = CrimeRules.Clean(item.PhotoReference) });
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new MarkingRegistration
        {
            Id = Guid.CreateVersion7(),
            Code = code.Value,
            ProgrammeId = programme.Id,
            OwnerOrganisationId = programme.OwnerOrganisationId,
            HolderKind = kind,
            HolderName = name!,
            Address = CrimeRules.Clean(r.Address),
            Postcode = NormalisePostcode(r.Postcode),
            LsoaCode = CrimeRules.Clean(r.LsoaCode)?.ToUpperInvariant(),
            Ward = CrimeRules.Clean(r.Ward),
            Contact = CrimeRules.Clean(r.Contact),
            AssetReference = CrimeRules.Clean(r.AssetReference),
            Latitude = r.Latitude,
            Longitude = r.Longitude,
            Items = items,
            RegisteredAt = now,
            RegisteredBy = by,
        }, errors);
    }

    /// <summary>The shape of a UK postcode (outward code, space optional, inward digit and two letters).</summary>
    internal static bool IsPostcode(string text) =>
        System.Text.RegularExpressions.Regex.IsMatch(text.Trim().ToUpperInvariant(), @"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$");

    internal static string? NormalisePostcode(string? text)
    {
        var s = CrimeRules.Clean(text)?.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        return s is null || s.Length < 5 ? s : $"{s[..^3]} {s[^3..]}";
    }

    private static async Task<IResult> ImportRegistrationsAsync(Guid id, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var upload = await ProgrammeUploadAsync(id, http, db, caller, "registrations CSV", ct);
        if (upload.Refusal is not null)
        {
            return upload.Refusal;
        }

        var (programme, text) = (upload.Programme!, upload.Text!);

        var now = clock.GetUtcNow().UtcDateTime;
        var rows = ReadCsv(text);
        var rejected = new List<RejectedRow>();
        var accepted = new List<(int Line, MarkingRegistration Registration)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, f) in rows)
        {
            double? lat = double.TryParse(f.GetValueOrDefault("latitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : null;
            double? lon = double.TryParse(f.GetValueOrDefault("longitude"), NumberStyles.Float, CultureInfo.InvariantCulture, out var o) ? o : null;
            var items = (f.GetValueOrDefault("items") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(d => new MarkedItemDto(d, null, null, null)).ToList();
            var request = new RegistrationRequest(f.GetValueOrDefault("code"), f.GetValueOrDefault("holder_kind"), f.GetValueOrDefault("holder_name"),
                f.GetValueOrDefault("address"), f.GetValueOrDefault("postcode"), f.GetValueOrDefault("lsoa_code"), f.GetValueOrDefault("ward"),
                f.GetValueOrDefault("contact"), f.GetValueOrDefault("asset_reference"), lat, lon, items);
            var (registration, errors) = Validate(request, programme, now, caller.Name);
            if (registration is null)
            {
                rejected.Add(new RejectedRow(line, string.Join(" ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}"))));
            }
            else if (seen.TryGetValue(registration.Code, out var first))
            {
                rejected.Add(new RejectedRow(line, $"code {request.Code} is also on line {first}: a code belongs to one holder."));
            }
            else
            {
                seen[registration.Code] = line;
                accepted.Add((line, registration));
            }
        }

        if (rows.Count == 0)
        {
            return Invalid("file", "has no rows under its header.");
        }

        // Codes registered already, looked up in chunks (a parameter list per query stays well under both databases' limits).
        foreach (var chunk in accepted.Chunk(500))
        {
            var codes = chunk.Select(x => x.Registration.Code).ToList();
            var taken = await db.Set<MarkingRegistration>().Where(r => codes.Contains(r.Code)).Select(r => r.Code).ToListAsync(ct);
            foreach (var t in taken)
            {
                var line = chunk.First(x => x.Registration.Code == t).Line;
                rejected.Add(new RejectedRow(line, $"code {Display(t)} is registered to another holder already."));
            }
        }

        if (rejected.Count > 0)
        {
            rejected.Sort((x, y) => x.Line.CompareTo(y.Line));
            return Rejected("The registrations were not saved: some rows are invalid.", rejected);
        }

        audit.Record(caller, "marking.register-import", "marking-programme", id.ToString(), detail: $"{accepted.Count} codes registered");
        await audit.InTransactionAsync(async token =>
        {
            using var writer = new RegistrationBulkWriter(db);
            foreach (var chunk in accepted.Chunk(5000))
            {
                await writer.WriteAsync(chunk.Select(x => x.Registration).ToList(), token);
            }

            return accepted.Count;
        }, ct);
        return TypedResults.Ok(new { registered = accepted.Count, rejected = Array.Empty<RejectedRow>() });
    }

    private static async Task<IResult> ListRegistrationsAsync(Guid id, string? area, string? purpose, int? page, int? pageSize, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
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

        var p = Math.Max(1, page ?? 1);
        var size = Math.Clamp(pageSize ?? 100, 1, 1000);
        var q = db.Set<MarkingRegistration>().AsNoTracking().Where(r => r.ProgrammeId == id);
        if (CrimeRules.Clean(area)?.ToUpperInvariant() is { } a)
        {
            q = q.Where(r => r.LsoaCode == a);
        }

        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(r => r.Code).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        if (show && items.Count > 0)
        {
            audit.Record(caller, "marking.holders.read", "marking-programme", id.ToString(), stated, $"{items.Count} holders: {string.Join(',', items.Select(r => r.Code).Take(200))}");
            await audit.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new RegistrationPage(total, p, size, items.Select(r => RegistrationResponse.From(r, show)).ToList()));
    }

    /// <summary>
    /// Whether holders are shown: to those the sharing rules allow, police of other organisations only with a stated
    /// purpose (400 without one); to everyone else, the registrations without holders.
    /// </summary>
    internal static (bool Show, string? Purpose, IResult? Problem) HolderAccess(MarkingProgramme programme, Caller caller, string? stated)
    {
        if (!SharingRules.MaySeeHolder(programme.OwnerOrganisationId, caller))
        {
            return (false, null, null);
        }

        if (programme.OwnerOrganisationId == caller.OrganisationId)
        {
            return (true, stated ?? "own programme", null);
        }

        return stated is null
            ? (false, null, Invalid("purpose", "is required to see holders of another organisation's programme (?purpose= or the X-Waymark-Purpose header); it is recorded in the audit log."))
            : (true, stated, null);
    }

    private static async Task<IResult> ExportRegistrationsAsync(Guid id, string? purpose, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
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

        var sb = new StringBuilder();
        sb.Append("code,holder_kind,holder_name,address,postcode,lsoa_code,ward,contact,asset_reference,latitude,longitude,items,registered_at\n");
        var count = 0;
        await foreach (var r in db.Set<MarkingRegistration>().AsNoTracking().Where(r => r.ProgrammeId == id).OrderBy(r => r.Code).AsAsyncEnumerable().WithCancellation(ct))
        {
            var x = RegistrationResponse.From(r, show);
            string[] fields =
            [
                x.Code, x.HolderKind, x.HolderName ?? "", x.Address ?? "", x.Postcode ?? "", x.LsoaCode ?? "", x.Ward ?? "", x.Contact ?? "",
                x.AssetReference ?? "", x.Latitude?.ToString("R", CultureInfo.InvariantCulture) ?? "", x.Longitude?.ToString("R", CultureInfo.InvariantCulture) ?? "",
                string.Join("; ", x.Items.Select(i => i.Description)), x.RegisteredAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ];
            sb.AppendJoin(',', fields.Select(Csv)).Append('\n');
            count++;
        }

        audit.Record(caller, show ? "marking.holders.export" : "marking.registrations.export", "marking-programme", id.ToString(), stated, $"{count} registrations");
        await audit.SaveChangesAsync(ct);
        return TypedResults.File(Encoding.UTF8.GetBytes(sb.ToString()), "text/csv", $"{programme.Prefix}-registrations.csv");
    }

    /// <summary>The printed form of a stored compact code.</summary>
    internal static string Display(string compact) => MarkingCode.TryParse(compact, out var c) ? c.Display : compact;

    internal static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
