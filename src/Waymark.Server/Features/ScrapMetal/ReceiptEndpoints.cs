using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Receipts of scrap metal (s.13): recorded by dealers through the API, the web app and CSV; read by dealers, police and councils.</summary>
public static class ReceiptEndpoints
{
    public sealed record ReceiptPage(int Total, int Page, int PageSize, IReadOnlyList<ReceiptResponse> Items);

    public sealed record UploadReport(int Rows, int Receipts, int Recorded, int Flagged, int Rejected, IReadOnlyList<RejectedLine> RejectedRows, IReadOnlyList<string> References);

    public static void MapReceipts(this RouteGroupBuilder scrap)
    {
        var group = scrap.MapGroup("/receipts");
        group.MapPost("", RecordAsync).WithName("RecordScrapReceipt")
            .WithSummary("Record a receipt of metal (s.13). Every check runs in the same request; the receipt is saved with its results, or not at all.")
            .RequireAuthorization(p => p.RequireRole(Roles.Dealer, Roles.Machine));
        group.MapPost("/upload", UploadAsync).WithName("UploadScrapReceipts").DisableAntiforgery()
            .WithSummary("Record receipts from a CSV file (multipart or a text/csv body); rows sharing a reference are one mixed receipt. Reports each rejected row.")
            .RequireAuthorization(p => p.RequireRole(Roles.Dealer, Roles.Machine));
        group.MapGet("/template", () => TypedResults.Text(ReceiptCsv.Text, "text/csv")).WithName("GetScrapReceiptTemplate")
            .WithSummary("The receipts CSV template, with one example row.");
        group.MapGet("", ListAsync).WithName("ListScrapReceipts")
            .WithSummary("Receipts the caller may see, newest first: a dealer its own; police all; a council its licensees'. Personal data with a stated purpose, audited.");
        group.MapGet("/{id:guid}", GetAsync).WithName("GetScrapReceipt")
            .WithSummary("One receipt as the caller may see it: police see the checks' detail; a dealer what to do.");
    }

    internal static string? PurposeOf(HttpContext http, string? purpose) =>
        ScrapPlaces.Clean(purpose) ?? ScrapPlaces.Clean(http.Request.Headers[CrimeEndpoints.PurposeHeader].ToString());

    private static async Task<Results<Created<ReceiptResponse>, ValidationProblem>> RecordAsync(
        ReceiptRequest request, string? source, HttpContext http, ReceiptRecorder recorder, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var recorded = await recorder.RecordAsync(request, caller, source == "web" ? "web" : "api", ct);
        if (recorded.Receipt is not { } receipt)
        {
            return TypedResults.ValidationProblem(recorded.Errors, title: "The receipt was not recorded: some fields are invalid.");
        }

        var (orgs, licences) = await NamesAsync(db, ct);
        return TypedResults.Created($"/api/scrap/receipts/{receipt.Id}", ReceiptView.From(receipt, caller, purposeStated: false, orgs, licences));
    }

    private static async Task<IResult> UploadAsync(HttpContext http, ReceiptRecorder recorder, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        List<CsvRow> rows;
        string fileName;
        try
        {
            (rows, fileName) = await ScrapUploads.ReadAsync(http, ReceiptCsv.Columns, ReceiptCsv.Required, ct);
        }
        catch (ScrapCsvFormatException e)
        {
            return TypedResults.Problem(e.Message, title: "The file cannot be read; nothing was recorded.", statusCode: StatusCodes.Status400BadRequest);
        }

        var rejected = new List<RejectedLine>();
        var recorded = new List<ScrapReceipt>();
        var rejectedReceipts = 0;
        var groups = rows.Where(r => r["reference"] is null).Select(r => new[] { r })
            .Concat(rows.Where(r => r["reference"] is not null).GroupBy(r => r["reference"]!, StringComparer.Ordinal).Select(g => g.ToArray()))
            .OrderBy(g => g[0].Line);
        foreach (var group in groups)
        {
            if (group[0]["reference"] is null)
            {
                rejectedReceipts++;
                rejected.Add(new RejectedLine(group[0].Line, "reference is required: your ticket number, which groups the lots of one receipt and makes re-uploads safe."));
                continue;
            }

            var (request, parseErrors) = ReceiptCsv.ToRequest(group);
            var reasons = parseErrors;
            if (reasons.Count == 0)
            {
                var result = await recorder.PrepareAsync(request, caller, "csv", ct);
                if (result.Receipt is { } receipt)
                {
                    recorded.Add(receipt);
                    continue;
                }

                reasons = result.Errors.Select(e => $"{ReceiptCsv.ColumnOf(e.Key)} {string.Join(" ", e.Value)}").ToList();
            }

            rejectedReceipts++;
            rejected.AddRange(group.Select(row => new RejectedLine(row.Line, $"receipt {group[0]["reference"]}: {string.Join("; ", reasons)}")));
        }

        audit.Record(caller, "scrap.receipt.upload", "scrap-receipt", null,
            detail: $"{fileName}: {rows.Count} rows, {recorded.Count} receipts recorded ({recorded.Count(r => r.Flagged)} flagged), {rejected.Count} rows rejected");
        await audit.SaveChangesAsync(ct);
        return TypedResults.Ok(new UploadReport(rows.Count, recorded.Count + rejectedReceipts, recorded.Count, recorded.Count(r => r.Flagged),
            rejected.Count, rejected, recorded.Select(r => r.Reference).ToList()));
    }

    private static async Task<Results<Ok<ReceiptPage>, ForbidHttpResult>> ListAsync(
        DateTimeOffset? from, DateTimeOffset? to, bool? flagged, Guid? dealer, int? page, int? pageSize, string? purpose,
        HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (caller.OrganisationKind is OrganisationKind.InfrastructurePartner or OrganisationKind.Business && !caller.IsAdmin)
        {
            return TypedResults.Forbid();
        }

        var q = db.Set<ScrapReceipt>().AsNoTracking().VisibleTo(caller);
        if (from is { } f)
        {
            q = q.Where(r => r.ReceivedAt >= f.UtcDateTime);
        }

        if (to is { } t)
        {
            q = q.Where(r => r.ReceivedAt < t.UtcDateTime);
        }

        if (flagged is { } fl)
        {
            q = q.Where(r => r.Flagged == fl);
        }

        if (dealer is { } d)
        {
            q = q.Where(r => r.DealerOrganisationId == d);
        }

        var p = Math.Max(1, page ?? 1);
        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(r => r.ReceivedAt).ThenByDescending(r => r.Id).Skip((p - 1) * size).Take(size).ToListAsync(ct);
        var stated = PurposeOf(http, purpose);
        var (orgs, licences) = await NamesAsync(db, ct);
        var shaped = items.Select(r => ReceiptView.From(r, caller, stated is not null, orgs, licences)).ToList();
        var disclosed = shaped.Where(s => s.DisclosesPersonalData).Select(s => s.Id.ToString()).ToList();
        if (disclosed.Count > 0)
        {
            audit.Record(caller, "scrap.receipt.search-personal", "scrap-receipt", disclosed.Count == 1 ? disclosed[0] : null, stated ?? "own records",
                $"{disclosed.Count} receipts: {string.Join(',', disclosed)}");
            await audit.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(new ReceiptPage(total, p, size, shaped));
    }

    private static async Task<Results<Ok<ReceiptResponse>, ProblemHttpResult>> GetAsync(
        Guid id, string? purpose, HttpContext http, WaymarkDb db, AuditLog audit, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var receipt = await db.Set<ScrapReceipt>().AsNoTracking().VisibleTo(caller).FirstOrDefaultAsync(r => r.Id == id, ct);
        if (receipt is null)
        {
            return TypedResults.Problem($"No receipt {id} is visible to you.", title: "Receipt not found", statusCode: StatusCodes.Status404NotFound);
        }

        var stated = PurposeOf(http, purpose);
        var (orgs, licences) = await NamesAsync(db, ct);
        var response = ReceiptView.From(receipt, caller, stated is not null, orgs, licences);
        if (response.DisclosesPersonalData)
        {
            audit.Record(caller, "scrap.receipt.read-personal", "scrap-receipt", receipt.Id.ToString(), stated ?? "own record");
            await audit.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(response);
    }

    internal static async Task<(Dictionary<Guid, string> Organisations, Dictionary<Guid, string> Licences)> NamesAsync(WaymarkDb db, CancellationToken ct) =>
        (await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, o => o.Name, ct),
         await db.Set<ScrapLicence>().AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.LicenceNumber, ct));
}
