using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Licences under s.2: the public register for every member; issued and imported by councils (and admins).</summary>
public static class LicenceEndpoints
{
    public sealed record SiteRequest(string? Name, string? Address, string? Postcode, string? SiteManager, double? Latitude, double? Longitude, Guid? PoliceForceOrganisationId);

    public sealed record LicenceRequest
    {
        public string? LicenceNumber { get; init; }
        public LicenceType? Type { get; init; }
        public string? HolderName { get; init; }
        public Guid? DealerOrganisationId { get; init; }
        public string? IssuingCouncil { get; init; }
        public Guid? CouncilOrganisationId { get; init; }
        public Guid? PoliceForceOrganisationId { get; init; }
        public DateOnly? IssuedOn { get; init; }
        public DateOnly? ExpiresOn { get; init; }
        public LicenceStatus? Status { get; init; }
        public IReadOnlyList<SiteRequest>? Sites { get; init; }
    }

    public sealed record StatusRequest(LicenceStatus? Status);

    /// <summary>A site as the public register shows it: name, address and position, no manager.</summary>
    public sealed record RegisterSite(Guid Id, string Name, string Address, string? Postcode, double Latitude, double Longitude);

    public sealed record SiteDetails(Guid Id, string Name, string Address, string? Postcode, string SiteManager, double Latitude, double Longitude, double Easting, double Northing, Guid PoliceForceOrganisationId, string? PoliceForce);

    /// <summary>A register entry; <see cref="Details"/> only for police, the council, the holder and admins.</summary>
    public sealed record LicenceResponse(
        Guid Id, string LicenceNumber, LicenceType Type, string HolderName, string IssuingCouncil, DateOnly IssuedOn, DateOnly ExpiresOn,
        string Status, IReadOnlyList<RegisterSite> Sites, LicenceDetails? Details);

    public sealed record LicenceDetails(Guid? DealerOrganisationId, string? Dealer, Guid? CouncilOrganisationId, Guid PoliceForceOrganisationId, string? PoliceForce, IReadOnlyList<SiteDetails> Sites);

    public sealed record ImportLicencesReport(int Rows, int Licences, int Imported, int Duplicates, int Rejected, IReadOnlyList<RejectedLine> RejectedRows);

    public static void MapLicences(this RouteGroupBuilder scrap)
    {
        var group = scrap.MapGroup("/licences");
        group.MapGet("", RegisterAsync).WithName("ListScrapLicences")
            .WithSummary("The public register of scrap metal dealers' licences: holder, type, council, sites, expiry, status. Filter by q (holder or number), council, status.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetScrapLicence").WithSummary("One licence; site managers and the covering force for police, the council, the holder and admins.");
        group.MapPost("", CreateAsync).WithName("CreateScrapLicence").WithSummary("Issue a licence (the issuing council's members, or admins).");
        group.MapPut("/{id:guid}/status", SetStatusAsync).WithName("SetScrapLicenceStatus").WithSummary("Revoke, suspend, surrender or reinstate a licence (the issuing council, or admins).");
        group.MapPost("/import", ImportAsync).WithName("ImportScrapLicences").DisableAntiforgery()
            .WithSummary("Import a council's licences CSV: one row per site (one row for a collector). Licences already on the register are skipped; a licence with a bad row is not imported.");
        group.MapGet("/template", () => TypedResults.Text(LicenceCsv.Text, "text/csv")).WithName("GetScrapLicenceTemplate").WithSummary("The licences CSV template.");
    }

    private static async Task<Ok<List<LicenceResponse>>> RegisterAsync(string? q, string? council, string? status, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var query = db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).AsQueryable();
        if (ScrapPlaces.Clean(q) is { } text)
        {
            var like = text.ToLowerInvariant();
            query = query.Where(l => l.HolderName.ToLower().Contains(like) || l.LicenceNumber.ToLower().Contains(like));
        }

        if (ScrapPlaces.Clean(council) is { } c)
        {
            query = query.Where(l => l.IssuingCouncil == c);
        }

        var today = ScrapPlaces.UkDate(clock.GetUtcNow().UtcDateTime);
        var licences = await query.OrderBy(l => l.HolderName).ThenBy(l => l.LicenceNumber).ToListAsync(ct);
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var shaped = licences.Select(l => Shape(l, caller, today, names))
            .Where(l => ScrapPlaces.Clean(status) is not { } s || string.Equals(l.Status, s, StringComparison.OrdinalIgnoreCase)).ToList();
        return TypedResults.Ok(shaped);
    }

    private static async Task<Results<Ok<LicenceResponse>, ProblemHttpResult>> GetAsync(Guid id, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var licence = await db.Set<ScrapLicence>().AsNoTracking().Include(l => l.Sites).FirstOrDefaultAsync(l => l.Id == id, ct);
        if (licence is null)
        {
            return TypedResults.Problem($"No licence {id} on the register.", title: "Licence not found", statusCode: StatusCodes.Status404NotFound);
        }

        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return TypedResults.Ok(Shape(licence, caller, ScrapPlaces.UkDate(clock.GetUtcNow().UtcDateTime), names));
    }

    internal static LicenceResponse Shape(ScrapLicence l, Caller caller, DateOnly today, IReadOnlyDictionary<Guid, string> names) => new(
        l.Id, l.LicenceNumber, l.Type, l.HolderName, l.IssuingCouncil, l.IssuedOn, l.ExpiresOn, l.StatusOn(today),
        l.Sites.OrderBy(s => s.Name).Select(s => new RegisterSite(s.Id, s.Name, s.Address, s.Postcode, s.Latitude, s.Longitude)).ToList(),
        SharingRules.MaySeeLicenceDetails(l, caller)
            ? new LicenceDetails(l.DealerOrganisationId, l.DealerOrganisationId is { } d ? names.GetValueOrDefault(d) : null, l.CouncilOrganisationId,
                l.PoliceForceOrganisationId, names.GetValueOrDefault(l.PoliceForceOrganisationId),
                l.Sites.OrderBy(s => s.Name).Select(s =>
                {
                    var force = s.PoliceForceOrganisationId ?? l.PoliceForceOrganisationId;
                    return new SiteDetails(s.Id, s.Name, s.Address, s.Postcode, s.SiteManager, s.Latitude, s.Longitude, s.Easting, s.Northing, force, names.GetValueOrDefault(force));
                }).ToList())
            : null);

    private static async Task<Results<Created<LicenceResponse>, ValidationProblem, ForbidHttpResult>> CreateAsync(
        LicenceRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var council = request.CouncilOrganisationId ?? (SharingRules.IsCouncil(caller) ? caller.OrganisationId : null);
        if (!SharingRules.CanManageLicence(caller, council))
        {
            return TypedResults.Forbid();
        }

        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, ct);
        var (licence, errors) = Build(request with { CouncilOrganisationId = council }, organisations, clock.GetUtcNow().UtcDateTime);
        if (licence is not null && await db.Set<ScrapLicence>().AnyAsync(l => l.LicenceNumber == licence.LicenceNumber, ct))
        {
            errors["licenceNumber"] = [$"'{licence.LicenceNumber}' is already on the register."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The licence was not issued: some fields are invalid.");
        }

        db.Set<ScrapLicence>().Add(licence!);
        audit.Record(caller, "scrap.licence.create", "scrap-licence", licence!.Id.ToString(), detail: $"{licence.LicenceNumber} {licence.Type} {licence.HolderName} ({licence.IssuingCouncil}), {licence.Sites.Count} sites");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/scrap/licences/{licence.Id}", Shape(licence, caller, ScrapPlaces.UkDate(clock.GetUtcNow().UtcDateTime), organisations.ToDictionary(o => o.Key, o => o.Value.Name)));
    }

    private static async Task<Results<Ok<LicenceResponse>, ValidationProblem, ForbidHttpResult, NotFound>> SetStatusAsync(
        Guid id, StatusRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var licence = await db.Set<ScrapLicence>().Include(l => l.Sites).FirstOrDefaultAsync(l => l.Id == id, ct);
        if (licence is null)
        {
            return TypedResults.NotFound();
        }

        if (!SharingRules.CanManageLicence(caller, licence.CouncilOrganisationId))
        {
            return TypedResults.Forbid();
        }

        if (request.Status is not { } status || !Enum.IsDefined(status))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["is Active, Revoked, Surrendered or Suspended."] });
        }

        var before = licence.Status;
        licence.Status = status;
        licence.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(caller, "scrap.licence.status", "scrap-licence", licence.Id.ToString(), detail: $"{licence.LicenceNumber}: {before} -> {status}");
        await audit.SaveChangesAsync(ct);
        var names = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        return TypedResults.Ok(Shape(licence, caller, ScrapPlaces.UkDate(licence.UpdatedAt), names));
    }

    /// <summary>Validates a licence request into a licence (not added). Errors name the camelCase field.</summary>
    internal static (ScrapLicence? Licence, Dictionary<string, string[]> Errors) Build(LicenceRequest r, IReadOnlyDictionary<Guid, Organisation> organisations, DateTime now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var number = ScrapPlaces.Clean(r.LicenceNumber);
        if (number is null)
        {
            errors["licenceNumber"] = ["is required: the council's licence number."];
        }
        else if (number.Length > 64)
        {
            errors["licenceNumber"] = ["is longer than 64 characters."];
        }

        if (r.Type is not { } type || !Enum.IsDefined(type))
        {
            errors["type"] = ["is Site or Collector."];
            type = LicenceType.Site;
        }

        var holder = ScrapPlaces.Clean(r.HolderName);
        if (holder is null)
        {
            errors["holderName"] = ["is required: the licensee as on the register."];
        }

        if (r.DealerOrganisationId is { } dealer && (!organisations.TryGetValue(dealer, out var d) || d.Kind != OrganisationKind.Dealer))
        {
            errors["dealerOrganisationId"] = ["is not a dealer organisation in Waymark."];
        }

        Organisation? councilOrg = null;
        if (r.CouncilOrganisationId is { } council && (!organisations.TryGetValue(council, out councilOrg) || councilOrg.Kind != OrganisationKind.LocalAuthority))
        {
            errors["councilOrganisationId"] = ["is not a local authority organisation in Waymark."];
        }

        var issuingCouncil = ScrapPlaces.Clean(r.IssuingCouncil) ?? councilOrg?.Name;
        if (issuingCouncil is null)
        {
            errors["issuingCouncil"] = ["is required: the council that issued the licence."];
        }

        if (r.PoliceForceOrganisationId is not { } force)
        {
            errors["policeForceOrganisationId"] = ["is required: the police force covering the council area, which is told of flagged receipts."];
        }
        else if (!organisations.TryGetValue(force, out var f) || f.Kind != OrganisationKind.PoliceForce)
        {
            errors["policeForceOrganisationId"] = ["is not a police force in Waymark."];
        }

        DateOnly expires = default;
        if (r.IssuedOn is not { } issued)
        {
            errors["issuedOn"] = ["is required (yyyy-MM-dd)."];
        }
        else
        {
            // s.8: a licence lasts three years from the day it is issued.
            expires = r.ExpiresOn ?? issued.AddYears(3).AddDays(-1);
            if (expires < issued)
            {
                errors["expiresOn"] = ["is before issuedOn."];
            }
            else if (expires > issued.AddYears(3))
            {
                errors["expiresOn"] = [$"is more than three years after issuedOn: a licence lasts three years (s.8), so it expires by {issued.AddYears(3):yyyy-MM-dd}."];
            }
        }

        var status = r.Status ?? LicenceStatus.Active;
        if (!Enum.IsDefined(status))
        {
            errors["status"] = ["is Active, Revoked, Surrendered or Suspended."];
        }

        var sites = new List<ScrapSite>();
        var requested = r.Sites ?? [];
        if (type == LicenceType.Site && requested.Count == 0)
        {
            errors["sites"] = ["a site licence names at least one site, each with its manager (s.2)."];
        }
        else if (type == LicenceType.Collector && requested.Count > 0)
        {
            errors["sites"] = ["a collector's licence names no sites."];
        }

        for (var i = 0; i < requested.Count; i++)
        {
            var s = requested[i];
            var name = ScrapPlaces.Clean(s.Name);
            var address = ScrapPlaces.Clean(s.Address);
            var manager = ScrapPlaces.Clean(s.SiteManager);
            if (name is null)
            {
                errors[$"sites[{i}].name"] = ["is required."];
            }
            else if (sites.Any(x => string.Equals(x.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                errors[$"sites[{i}].name"] = [$"'{name}' is named twice on the licence."];
            }

            if (address is null)
            {
                errors[$"sites[{i}].address"] = ["is required."];
            }

            if (manager is null)
            {
                errors[$"sites[{i}].siteManager"] = ["is required: each site names its manager (s.2)."];
            }

            double e = 0, n = 0;
            if (s.Latitude is not { } lat || s.Longitude is not { } lon)
            {
                errors[$"sites[{i}].latitude"] = ["latitude and longitude are required: the site's position for the checks and the map."];
            }
            else if (ScrapPlaces.TryBng(lat, lon, out e, out n) is { } reason)
            {
                errors[$"sites[{i}].latitude"] = [reason];
            }

            if (s.PoliceForceOrganisationId is { } siteForce && (!organisations.TryGetValue(siteForce, out var sf) || sf.Kind != OrganisationKind.PoliceForce))
            {
                errors[$"sites[{i}].policeForceOrganisationId"] = ["is not a police force in Waymark."];
            }

            sites.Add(new ScrapSite
            {
                Id = Guid.CreateVersion7(),
                Name = name ?? "",
                Address = address ?? "",
                Postcode = ScrapPlaces.Clean(s.Postcode)?.ToUpperInvariant(),
                SiteManager = manager ?? "",
                Latitude = Math.Round(s.Latitude ?? 0, 7),
                Longitude = Math.Round(s.Longitude ?? 0, 7),
                Easting = e,
                Northing = n,
                PoliceForceOrganisationId = s.PoliceForceOrganisationId,
            });
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var id = Guid.CreateVersion7();
        foreach (var site in sites)
        {
            site.LicenceId = id;
        }

        return (new ScrapLicence
        {
            Id = id,
            LicenceNumber = number!,
            Type = type,
            HolderName = holder!,
            DealerOrganisationId = r.DealerOrganisationId,
            IssuingCouncil = issuingCouncil!,
            CouncilOrganisationId = r.CouncilOrganisationId,
            PoliceForceOrganisationId = r.PoliceForceOrganisationId!.Value,
            IssuedOn = r.IssuedOn!.Value,
            ExpiresOn = expires,
            Status = status,
            Sites = sites,
            CreatedAt = now,
            UpdatedAt = now,
        }, errors);
    }

    private static async Task<IResult> ImportAsync(HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!caller.IsAdmin && !SharingRules.IsCouncil(caller))
        {
            return TypedResults.Forbid();
        }

        List<CsvRow> rows;
        string fileName;
        try
        {
            (rows, fileName) = await ScrapUploads.ReadAsync(http, LicenceCsv.Columns, LicenceCsv.Required, ct);
        }
        catch (ScrapCsvFormatException e)
        {
            return TypedResults.Problem(e.Message, title: "The file cannot be read; nothing was imported.", statusCode: StatusCodes.Status400BadRequest);
        }

        var organisations = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, ct);
        var byName = organisations.Values.ToDictionary(o => o.Name, StringComparer.OrdinalIgnoreCase);
        var existing = (await db.Set<ScrapLicence>().AsNoTracking().Select(l => l.LicenceNumber).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var rejected = new List<RejectedLine>();
        int imported = 0, duplicates = 0, licences = 0;
        foreach (var group in rows.GroupBy(r => r["licence_number"] ?? $"#line{r.Line}", StringComparer.Ordinal))
        {
            licences++;
            var lines = group.ToList();
            if (lines[0]["licence_number"] is null)
            {
                rejected.Add(new RejectedLine(lines[0].Line, "licence_number is required."));
                continue;
            }

            if (existing.Contains(group.Key))
            {
                duplicates++;
                continue;
            }

            var (request, parseErrors) = LicenceCsv.ToRequest(lines, byName, caller);
            var reasons = parseErrors;
            if (reasons.Count == 0)
            {
                if (!SharingRules.CanManageLicence(caller, request.CouncilOrganisationId))
                {
                    reasons = ["a council imports only the licences it issues (issuing_council must be your council)."];
                }
                else
                {
                    var (licence, errors) = Build(request, organisations, now);
                    if (licence is not null)
                    {
                        db.Set<ScrapLicence>().Add(licence);
                        existing.Add(licence.LicenceNumber);
                        imported++;
                        continue;
                    }

                    reasons = errors.Select(e => $"{LicenceCsv.ColumnOf(e.Key)} {string.Join(" ", e.Value)}").ToList();
                }
            }

            rejected.AddRange(lines.Select(l => new RejectedLine(l.Line, $"licence {group.Key}: {string.Join("; ", reasons)}")));
        }

        audit.Record(caller, "scrap.licence.import", "scrap-licence", null,
            detail: string.Create(CultureInfo.InvariantCulture, $"{fileName}: {rows.Count} rows, {imported} licences imported, {duplicates} already on the register, {rejected.Count} rows rejected"));
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(new ImportLicencesReport(rows.Count, licences, imported, duplicates, rejected.Count, rejected));
    }
}
