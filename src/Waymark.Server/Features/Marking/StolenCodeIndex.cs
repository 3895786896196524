using Microsoft.EntityFrameworkCore;
using Waymark.Core.Marking;
using Waymark.Server.Data;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// Which crimes list a marking code among their stolen property, kept in memory so a trace does not scan every crime's
/// property list. It follows the crimes table (<see cref="CrimeTableFollower{TView}"/>): a look-up reads only crimes
/// changed since the last one that mention a code, and the full scan is redone in the background every ten minutes.
/// Entries are hints — callers load the crimes by id and check the code is still listed (an update may have removed it).
/// </summary>
public sealed class StolenCodeIndex(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StolenCodeIndex> log)
    : CrimeTableFollower<Dictionary<string, HashSet<Guid>>>(scopes, clock, log)
{
    /// <summary>Ids of crimes whose stolen property listed <paramref name="code"/> when last read.</summary>
    public async Task<IReadOnlyList<Guid>> CrimesAsync(WaymarkDb db, MarkingCode code, CancellationToken ct)
    {
        var byCode = await CurrentAsync(db, ct);
        lock (byCode)
        {
            return byCode.TryGetValue(code.Value, out var ids) ? ids.ToList() : [];
        }
    }

    protected override async Task<Dictionary<string, HashSet<Guid>>> BuildAsync(WaymarkDb db, CancellationToken ct)
    {
        var byCode = new Dictionary<string, HashSet<Guid>>(StringComparer.Ordinal);
        await ApplyChangesAsync(db, byCode, null, ct);
        return byCode;
    }

    protected override async Task ApplyChangesAsync(WaymarkDb db, Dictionary<string, HashSet<Guid>> byCode, DateTime? since, CancellationToken ct)
    {
        const string Pattern = "%\"markingCode\":\"%";
        var q = db.Crimes.FromSql($"SELECT * FROM crimes WHERE property_stolen LIKE {Pattern}").AsNoTracking();
        if (since is { } w)
        {
            q = q.Where(c => c.UpdatedAt >= w);
        }

        var rows = await q.Select(c => new { c.Id, c.PropertyStolen }).ToListAsync(ct);
        lock (byCode)
        {
            foreach (var row in rows)
            {
                foreach (var item in row.PropertyStolen)
                {
                    var key = MarkingCode.Normalise(item.MarkingCode);
                    if (key.Length == 0)
                    {
                        continue;
                    }

                    if (!byCode.TryGetValue(key, out var ids))
                    {
                        byCode[key] = ids = [];
                    }

                    ids.Add(row.Id);
                }
            }
        }
    }
}
