using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Infrastructure;

namespace Waymark.Server.Features.Imports;

public static class ImportEndpoints
{
    /// <summary>Totals over the files of one upload, and each file's report.</summary>
    public sealed record ImportResponse(int Rows, int Imported, int Duplicates, int Rejected, int Unlocated, IReadOnlyList<ImportReport> Files);

    public static RouteGroupBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/imports").WithTags("Imports").RequireAuthorization();
        group.MapPost("/policeuk", ImportPoliceUkAsync).WithName("ImportPoliceUk").DisableAntiforgery()
            .WithSummary("Import police.uk street-level CSV files (multipart files, or one file as a text/csv body). Idempotent.")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.PoliceAnalyst));
        group.MapPost("/partner", ImportPartnerAsync).WithName("ImportPartnerCsv").DisableAntiforgery()
            .WithSummary("Import your organisation's crime reports in the partner CSV template. Idempotent by external_id.")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.PoliceAnalyst, Roles.PartnerAnalyst, Roles.Machine));
        group.MapGet("/partner/template", () => TypedResults.Text(PartnerCsvTemplate.Text, "text/csv"))
            .WithName("GetPartnerCsvTemplate").WithSummary("The partner CSV template, with one example row.");
        group.MapGet("", ListAsync).WithName("ListImports").WithSummary("Recent imports by your organisation (all, for admins).");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetImport").WithSummary("One import's report, with each rejected row's line and reason.");
        return group;
    }

    private static Task<IResult> ImportPoliceUkAsync(HttpContext http, CrimeImporter importer, IOptions<WaymarkOptions> options, CancellationToken ct) =>
        ReceiveAsync(http, options.Value, (stream, name) => importer.ImportPoliceUkAsync(stream, name, Caller.From(http.User)!, null, ct));

    private static Task<IResult> ImportPartnerAsync(HttpContext http, CrimeImporter importer, IOptions<WaymarkOptions> options, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        return ReceiveAsync(http, options.Value, (stream, name) => importer.ImportPartnerCsvAsync(stream, name, caller, caller.OrganisationId, ct));
    }

    private static async Task<IResult> ReceiveAsync(HttpContext http, WaymarkOptions options, Func<Stream, string, Task<ImportReport>> import)
    {
        if (http.Request.ContentLength > options.MaxUploadBytes)
        {
            return TooLarge(options);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        }

        var reports = new List<ImportReport>();
        try
        {
            if (http.Request.HasFormContentType)
            {
                var form = await http.Request.ReadFormAsync(http.RequestAborted);
                if (form.Files.Count == 0)
                {
                    return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["attach one or more CSV files."] });
                }

                foreach (var file in form.Files)
                {
                    await using var stream = file.OpenReadStream();
                    reports.Add(await import(stream, file.FileName));
                }
            }
            else
            {
                var name = http.Request.Query["fileName"].ToString();
                reports.Add(await import(http.Request.Body, string.IsNullOrWhiteSpace(name) ? "upload.csv" : name));
            }
        }
        catch (ImportFormatException e)
        {
            return TypedResults.Problem(e.Message, title: "The file cannot be imported; nothing was written.", statusCode: StatusCodes.Status400BadRequest);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options);
        }
        catch (InvalidDataException e) when (e.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(options);
        }

        return TypedResults.Ok(new ImportResponse(
            reports.Sum(r => r.Rows), reports.Sum(r => r.Imported), reports.Sum(r => r.Duplicates),
            reports.Sum(r => r.Rejected), reports.Sum(r => r.Unlocated), reports));
    }

    private static ProblemHttpResult TooLarge(WaymarkOptions options) => TypedResults.Problem(
        $"The upload is larger than the limit of {options.MaxUploadBytes:N0} bytes (Waymark:MaxUploadBytes); split the file.",
        title: "Upload too large", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static async Task<Ok<List<ImportReport>>> ListAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var q = db.ImportRuns.AsNoTracking();
        if (!caller.IsAdmin)
        {
            q = q.Where(r => r.OrganisationId == caller.OrganisationId);
        }

        var runs = await q.OrderByDescending(r => r.StartedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(runs.Select(ImportReport.From).ToList());
    }

    private static async Task<Results<Ok<ImportReport>, NotFound>> GetAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var run = await db.ImportRuns.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id && (caller.IsAdmin || r.OrganisationId == caller.OrganisationId), ct);
        return run is null ? TypedResults.NotFound() : TypedResults.Ok(ImportReport.From(run));
    }
}
