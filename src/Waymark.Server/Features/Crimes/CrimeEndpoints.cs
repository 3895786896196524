using System.Globalization;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

using Waymark.Server.Features.Partners;

namespace Waymark.Server.Features.Crimes;

public static class CrimeEndpoints
{
    public const string PurposeHeader = "X-Waymark-Purpose";

    /// <summary>Whether a search's total and page order came from the in-memory snapshot or from SQL; for diagnosis and benchmarks.</summary>
    public const string AnsweredFromHeader = "X-Waymark-Answered-From";

    public sealed record CrimePage(int Total, int Page, int PageSize, IReadOnlyList<CrimeResponse> Items);

    public sealed record CategoryInfo(string Slug, string Name, string PoliceUkSlug, string? Sector);

    public sealed record CrimeSearchBody
    {
        public string? Bbox { get; init; }
        public JsonElement? Polygon { get; init; }
        public double? Lat { get; init; }
        public double? Lon { get; init; }
        public double? Radius { get; init; }
        public DateTimeOffset? From { get; init; }
        public DateTimeOffset? To { get; init; }
        public string[]? Category { get; init; }
        public string[]? Sector { get; init; }
        public string[]? Owner { get; init; }
        public string? Q { get; init; }
        public int? Page { get; init; }
        public int? PageSize { get; init; }
        public string? Purpose { get; init; }
    }

    public static RouteGroupBuilder MapCrimes(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/categories", () => TypedResults.Ok(CrimeCategories.All.Select(c => new CategoryInfo(c.Slug, c.Name, c.PoliceUkSlug, c.Sector))))
            .WithTags("Crimes").WithName("ListCategories").WithSummary("The crime categories: police.uk's 14 and the partnership's finer ones.");
        app.MapGet("/api/sectors", () => TypedResults.Ok(Sector.All))
            .WithTags("Crimes").WithName("ListSectors").WithSummary("The sectors the partnership protects.");

        var group = app.MapGroup("/api/crimes").WithTags("Crimes").RequireAuthorization();
        group.MapPost("", RecordAsync).WithName("RecordCrime").WithSummary("Record a crime. Answers 201 with the stored crime, including its grid position.");
        group.MapPut("/{id:guid}", UpdateAsync).WithName("UpdateCrime").WithSummary("Replace a crime's details (owner, or police for outcomes).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetCrime").WithSummary("One crime, as the caller may see it. 404 when it does not exist or is not shared with the caller.");
        group.MapGet("", SearchAsync).WithName("SearchCrimes").WithSummary("Search crimes visible to the caller, newest first, paged.");
        group.MapPost("/search", SearchByBodyAsync).WithName("SearchCrimesByBody").WithSummary("Search with a GeoJSON polygon in the body.");
        group.MapGet("/export", ExportAsync).WithName("ExportCrimes").WithSummary("Export a search as CSV (format=csv) or GeoJSON (format=geojson).");
        return group;
    }

    private static string? PurposeOf(HttpContext http, string? purpose) =>
        CrimeRules.Clean(purpose) ?? CrimeRules.Clean(http.Request.Headers[PurposeHeader].ToString());

    private static async Task<Results<Created<CrimeResponse>, ValidationProblem, ForbidHttpResult>> RecordAsync(
        CrimeRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CrimeSnapshot snapshot, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var now = clock.GetUtcNow().UtcDateTime;
        var id = Guid.CreateVersion7();
        var crime = new Crime
        {
            Id = id,
            Reference = CrimeRules.Clean(request.Reference) ?? $"WM-{now:yyyyMM}-{id.ToString("N")[^8..].ToUpperInvariant()}",
            OwnerOrganisationId = caller.OrganisationId,
            Source = "api",
            Category = "",
            PoliceUkCategory = "",
            RecordedAt = now,
        };
        var errors = CrimeRules.Apply(request, crime, now);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The crime was not recorded: some fields are invalid.");
        }

        db.Crimes.Add(crime);
        db.RaiseCrimeRecorded(crime.Id, now);
        audit.Record(caller, "crime.record", "crime", crime.Id.ToString(), detail: $"{crime.Reference} {crime.Category} {crime.Visibility}");
        await audit.SaveChangesAsync(ct);
        await snapshot.ApplyAsync(crime, isNew: true, ct);
        var names = await db.OrganisationNamesAsync([crime.OwnerOrganisationId], ct);
        return TypedResults.Created($"/api/crimes/{crime.Id}", CrimeResponse.From(crime, caller, purposeStated: false, names));
    }

    private static async Task<Results<Ok<CrimeResponse>, ProblemHttpResult, ValidationProblem, ForbidHttpResult>> UpdateAsync(
        Guid id, CrimeRequest request, HttpContext http, WaymarkDb db, AuditLog audit, TimeProvider clock, CrimeSnapshot snapshot, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var crime = await db.Crimes.FirstOrDefaultAsync(c => c.Id == id, ct);
        if (crime is null || !SharingRules.CanSee(crime, caller))
        {
            return NotFound(id);
        }

        if (!SharingRules.CanEdit(crime, caller))
        {
            return TypedResults.Forbid();
        }

        var errors = CrimeRules.Apply(request, crime, clock.GetUtcNow().UtcDateTime);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The crime was not updated: some fields are invalid.");
        }

        if (CrimeRules.Clean(request.Reference) is { } reference)
        {
            crime.Reference = reference;
        }

        audit.Record(caller, "crime.update", "crime", crime.Id.ToString(), detail: $"{crime.Reference} {crime.Category} {crime.Visibility}");
        await audit.SaveChangesAsync(ct);
        await snapshot.ApplyAsync(crime, isNew: false, ct);
        return TypedResults.Ok(CrimeResponse.From(crime, caller, purposeStated: false, await db.OrganisationNamesAsync([crime.OwnerOrganisationId], ct)));
    }

    private static async Task<Results<Ok<CrimeResponse>, ProblemHttpResult>> GetAsync(
        Guid id, string? purpose, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var crime = await db.Crimes.AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (crime is null)
        {
            return NotFound(id);
        }

        var stated = PurposeOf(http, purpose);
        var response = CrimeResponse.From(crime, caller, stated is not null, await db.OrganisationNamesAsync([crime.OwnerOrganisationId], ct));
        if (response.DisclosesPersonalData)
        {
            audit.Record(caller, "crime.read-personal", "crime", crime.Id.ToString(), stated ?? "own record");
            await audit.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(response);
    }

    private static Task<Results<Ok<CrimePage>, ValidationProblem>> SearchAsync([AsParameters] CrimeSearch search, HttpContext http, WaymarkDb db, AuditLog audit, CrimeSnapshot snapshot, CancellationToken ct) =>
        RunSearchAsync(search, http, db, audit, snapshot, ct);

    private static Task<Results<Ok<CrimePage>, ValidationProblem>> SearchByBodyAsync(CrimeSearchBody body, HttpContext http, WaymarkDb db, AuditLog audit, CrimeSnapshot snapshot, CancellationToken ct) =>
        RunSearchAsync(new CrimeSearch
        {
            Bbox = body.Bbox,
            Polygon = body.Polygon is { ValueKind: JsonValueKind.Object } p ? p.GetRawText() : body.Polygon?.ValueKind == JsonValueKind.String ? body.Polygon.Value.GetString() : null,
            Lat = body.Lat,
            Lon = body.Lon,
            Radius = body.Radius,
            From = body.From,
            To = body.To,
            Category = body.Category,
            Sector = body.Sector,
            Owner = body.Owner,
            Q = body.Q,
            Page = body.Page,
            PageSize = body.PageSize,
            Purpose = body.Purpose,
        }, http, db, audit, snapshot, ct);

    private static async Task<Results<Ok<CrimePage>, ValidationProblem>> RunSearchAsync(CrimeSearch search, HttpContext http, WaymarkDb db, AuditLog audit, CrimeSnapshot snapshot, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var (compiled, errors) = search.Compile(db.Crimes.AsNoTracking(), caller);
        if (compiled is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The search has invalid filters.");
        }

        var page = search.Page ?? 1;
        var pageSize = search.PageSize ?? 100;
        var fromSnapshot = await SnapshotSearch.TryPageAsync(snapshot, search, compiled, caller, page, pageSize, ct);
        var (total, items) = fromSnapshot ?? await CrimeSearch.PageAsync(compiled, page, pageSize, ct);
        http.Response.Headers[AnsweredFromHeader] = fromSnapshot is null ? "database" : "snapshot";
        var stated = PurposeOf(http, search.Purpose);
        var names = await db.OrganisationNamesAsync(items.Select(c => c.OwnerOrganisationId), ct);
        var shaped = items.Select(c => CrimeResponse.From(c, caller, stated is not null, names)).ToList();
        await AuditPersonalReadsAsync(audit, caller, shaped, stated, "crime.search-personal", ct);
        return TypedResults.Ok(new CrimePage(total, page, pageSize, shaped));
    }

    private static async Task<IResult> ExportAsync([AsParameters] CrimeSearch search, string? format, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        format = (format ?? "csv").ToLowerInvariant();
        if (format is not ("csv" or "geojson"))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["format"] = ["is csv or geojson."] });
        }

        var (compiled, errors) = search.Compile(db.Crimes.AsNoTracking(), caller);
        if (compiled is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The export has invalid filters.");
        }

        var stated = PurposeOf(http, search.Purpose);
        var crimes = new List<Crime>();
        await foreach (var c in CrimeSearch.AllAsync(compiled, ct))
        {
            crimes.Add(c);
        }

        var names = await db.OrganisationNamesAsync(crimes.Select(c => c.OwnerOrganisationId), ct);
        var shaped = crimes.Select(c => CrimeResponse.From(c, caller, stated is not null, names)).ToList();

        await AuditPersonalReadsAsync(audit, caller, shaped, stated, "crime.export-personal", ct);
        audit.Record(caller, "crime.export", "crime", null, stated, $"{shaped.Count} crimes as {format}");
        await audit.SaveChangesAsync(ct);

        var stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        if (format == "geojson")
        {
            return TypedResults.File(CrimeExport.ToGeoJson(shaped), "application/geo+json", $"waymark-crimes-{stamp}.geojson");
        }

        return TypedResults.File(CrimeExport.ToCsv(shaped), "text/csv", $"waymark-crimes-{stamp}.csv");
    }

    private static async Task AuditPersonalReadsAsync(AuditLog audit, Caller caller, List<CrimeResponse> shaped, string? purpose, string action, CancellationToken ct)
    {
        var disclosed = shaped.Where(c => c.DisclosesPersonalData).Select(c => c.Id.ToString()).ToList();
        if (disclosed.Count == 0)
        {
            return;
        }

        audit.Record(caller, action, "crime", disclosed.Count == 1 ? disclosed[0] : null, purpose ?? "own records",
            $"{disclosed.Count} records: {string.Join(',', disclosed)}");
        await audit.SaveChangesAsync(ct);
    }


    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"No crime {id} is visible to you.", title: "Crime not found", statusCode: StatusCodes.Status404NotFound);
}
