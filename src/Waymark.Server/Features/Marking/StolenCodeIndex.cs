using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// Which crimes list a marking code among their stolen property, kept in memory so a trace does not scan every crime's
/// property list. Crimes keep property as a JSON column written by EF and by the bulk importers alike, so the index
/// follows the crimes table rather than the writers: on each look-up it asks for MAX(updated_at) (indexed) and reads
/// only crimes changed since its watermark that mention a code; every ten minutes it rebuilds from scratch, which also
/// catches rows another process committed late with an older timestamp. Entries are hints — callers load the crimes by
/// id and check the code is still listed (an update may have removed it).
/// </summary>
public sealed class StolenCodeIndex(TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan RebuildEvery = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, HashSet<Guid>> _byCode = new(StringComparer.Ordinal);
    private DateTime? _watermark;
    private DateTime _builtAt = DateTime.MinValue;

    /// <summary>Ids of crimes whose stolen property listed <paramref name="code"/> when last read.</summary>
    public async Task<IReadOnlyList<Guid>> CrimesAsync(WaymarkDb db, MarkingCode code, CancellationToken ct)
    {
        await RefreshAsync(db, ct);
        lock (_byCode)
        {
            return _byCode.TryGetValue(code.Value, out var ids) ? ids.ToList() : [];
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task RefreshAsync(WaymarkDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rebuild = now - _builtAt > RebuildEvery;
        var latest = await db.Crimes.MaxAsync(c => (DateTime?)c.UpdatedAt, ct);
        if (!rebuild && (latest is null || latest <= _watermark))
        {
            return;
        }

        await _gate.WaitAsync(ct);
        try
        {
            rebuild = now - _builtAt > RebuildEvery;
            var since = rebuild ? null : _watermark;
            const string Pattern = "%\"markingCode\":\"%";
            var q = db.Crimes.FromSql($"SELECT * FROM crimes WHERE property_stolen LIKE {Pattern}").AsNoTracking();
            if (since is { } w)
            {
                q = q.Where(c => c.UpdatedAt >= w);
            }

            var rows = await q.Select(c => new { c.Id, c.PropertyStolen, c.UpdatedAt }).ToListAsync(ct);
            lock (_byCode)
            {
                if (rebuild)
                {
                    _byCode.Clear();
                    _builtAt = now;
                }

                foreach (var row in rows)
                {
                    foreach (var item in row.PropertyStolen)
                    {
                        var key = MarkingCode.Normalise(item.MarkingCode);
                        if (key.Length == 0)
                        {
                            continue;
                        }

                        if (!_byCode.TryGetValue(key, out var ids))
                        {
                            _byCode[key] = ids = [];
                        }

                        ids.Add(row.Id);
                    }
                }
            }

            _watermark = latest ?? _watermark;
        }
        finally
        {
            _gate.Release();
        }
    }
}
