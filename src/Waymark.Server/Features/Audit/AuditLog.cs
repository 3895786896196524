using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Audit;

/// <summary>
/// Appends to the audit log in the same transaction as the change it records, so nothing is written unaudited
/// and no audit row claims a change that was rolled back. Scoped: one per request.
/// </summary>
public sealed class AuditLog(WaymarkDb db, TimeProvider clock)
{
    // Appends are serialised: in-process by this gate, across processes by the database
    // (a PostgreSQL advisory lock; SQLite allows one writer at a time).
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private const long PostgresLockKey = 0x5741594d41524b; // "WAYMARK"

    private readonly List<AuditEntry> _pending = [];

    public void Record(Caller caller, string action, string? recordType = null, string? recordId = null, string? purpose = null, string? detail = null) =>
        _pending.Add(new AuditEntry
        {
            At = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime),
            UserId = caller.UserId,
            Actor = caller.Name,
            OrganisationId = caller.OrganisationId == Guid.Empty ? null : caller.OrganisationId,
            Action = action,
            RecordType = recordType,
            RecordId = recordId,
            Purpose = string.IsNullOrWhiteSpace(purpose) ? null : purpose.Trim(),
            Detail = detail,
            PreviousHash = "",
            Hash = "",
        });

    /// <summary>Saves the tracked changes and the recorded audit rows in one transaction.</summary>
    public async Task SaveChangesAsync(CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            await AppendPendingAsync(ct);
            await db.SaveChangesAsync(ct);
            return;
        }

        await Gate.WaitAsync(ct);
        try
        {
            var strategy = db.Database.CreateExecutionStrategy();
            await strategy.ExecuteAsync(async () =>
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await AppendPendingAsync(ct);
                await db.SaveChangesAsync(ct);
                await tx.CommitAsync(ct);
            });
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> and the audit append in one transaction (for bulk writers that bypass change tracking).</summary>
    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        await Gate.WaitAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var result = await work(ct);
            await AppendPendingAsync(ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return result;
        }
        finally
        {
            Gate.Release();
        }
    }

    private async Task AppendPendingAsync(CancellationToken ct)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgresLockKey})", ct);
        }

        var head = await db.AuditHeads.FirstOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null)
        {
            head = new AuditHead { Id = 1, LastSequence = 0, LastHash = AuditChain.Genesis };
            db.AuditHeads.Add(head);
        }

        foreach (var entry in _pending)
        {
            entry.Sequence = head.LastSequence + 1;
            entry.PreviousHash = head.LastHash;
            entry.Hash = AuditChain.ComputeHash(entry);
            head.LastSequence = entry.Sequence;
            head.LastHash = entry.Hash;
            db.AuditEntries.Add(entry);
        }

        _pending.Clear();
    }
}
