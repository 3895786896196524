using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Audit;

public static class AuditEndpoints
{
    public sealed record AuditPage(int Total, IReadOnlyList<AuditEntry> Items);

    public sealed record VerifyResult(bool Intact, long Rows, long? BrokenAt, string? Reason);

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/audit").WithTags("Audit").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("", ListAsync).WithName("ListAudit").WithSummary("Audit log, newest first; filter by user, organisation, action, record and time.");
        group.MapGet("/verify", VerifyAsync).WithName("VerifyAudit").WithSummary("Check the hash chain; names the first broken row.");
        return group;
    }

    private static async Task<Ok<AuditPage>> ListAsync(
        WaymarkDb db, string? action, Guid? organisation, Guid? user, string? record, DateTimeOffset? from, DateTimeOffset? to,
        int page = 1, int pageSize = 100, CancellationToken ct = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 1000);
        page = Math.Max(page, 1);
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(action))
        {
            q = q.Where(a => a.Action.StartsWith(action));
        }

        if (organisation is { } org)
        {
            q = q.Where(a => a.OrganisationId == org);
        }

        if (user is { } u)
        {
            q = q.Where(a => a.UserId == u);
        }

        if (!string.IsNullOrWhiteSpace(record))
        {
            q = q.Where(a => a.RecordId == record);
        }

        if (from is { } f)
        {
            q = q.Where(a => a.At >= f.UtcDateTime);
        }

        if (to is { } t)
        {
            q = q.Where(a => a.At <= t.UtcDateTime);
        }

        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(a => a.Sequence).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return TypedResults.Ok(new AuditPage(total, items));
    }

    private static async Task<Ok<VerifyResult>> VerifyAsync(WaymarkDb db, CancellationToken ct) =>
        TypedResults.Ok(await VerifyChainAsync(db, ct));

    public static async Task<VerifyResult> VerifyChainAsync(WaymarkDb db, CancellationToken ct)
    {
        var head = await db.AuditHeads.AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);
        var rows = 0L;
        var entries = db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).AsAsyncEnumerable();
        var list = new List<AuditEntry>();
        await foreach (var e in entries.WithCancellation(ct))
        {
            list.Add(e);
            rows++;
        }

        var broken = AuditChain.Verify(list, head);
        return new VerifyResult(broken is null, rows, broken?.Sequence, broken?.Reason);
    }
}
