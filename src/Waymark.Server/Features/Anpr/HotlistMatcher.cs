using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// The live hotlists in memory, keyed by plate, so every read is matched as it arrives with one hash lookup on a span
/// (no string per read). Reloaded when this process changes a hotlist (<see cref="Invalidate"/>) and, for changes made
/// by other processes, when the newest entry's change time or the entry count moves (checked at most every two seconds).
/// </summary>
public sealed class HotlistMatcher(TimeProvider clock) : IDisposable
{
    public void Dispose() => _reload.Dispose();

    public sealed record Entry(Guid Id, string Plate, string Reason, string Action, string Source, Guid Owner, DateTime? ExpiresAt);

    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile State? _state;
    private volatile bool _stale = true;

    private sealed record State(Dictionary<string, Entry[]> ByPlate, int Count, DateTime? Newest, DateTime CheckedAt)
    {
        public Dictionary<string, Entry[]>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; } = ByPlate.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Invalidate() => _stale = true;

    /// <summary>Brings the in-memory lists up to date if they may be stale.</summary>
    public async Task RefreshAsync(WaymarkDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var state = _state;
        if (state is not null && !_stale && now - state.CheckedAt < Freshness)
        {
            return;
        }

        await _reload.WaitAsync(ct);
        try
        {
            state = _state;
            if (state is not null && !_stale && now - state.CheckedAt < Freshness)
            {
                return;
            }

            var live = db.Set<HotlistEntry>().AsNoTracking().Where(h => h.RemovedAt == null);
            var count = await live.CountAsync(ct);
            var newest = await db.Set<HotlistEntry>().MaxAsync(h => (DateTime?)h.UpdatedAt, ct);
            if (state is not null && !_stale && state.Count == count && state.Newest == newest)
            {
                _state = state with { CheckedAt = now };
                return;
            }

            _stale = false;
            var entries = await live.Select(h => new Entry(h.Id, h.Plate, h.Reason, h.Action, h.Source, h.OwnerOrganisationId, h.ExpiresAt)).ToListAsync(ct);
            var byPlate = entries.GroupBy(e => e.Plate, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
            _state = new State(byPlate, count, newest, now);
        }
        finally
        {
            _reload.Release();
        }
    }

    /// <summary>The live entries for <paramref name="plate"/> (normal form) at <paramref name="at"/>; empty when none.</summary>
    public ReadOnlySpan<Entry> Match(ReadOnlySpan<char> plate) =>
        _state is { } s && s.Lookup.TryGetValue(plate, out var entries) ? entries : [];

    public int LiveCount => _state?.Count ?? 0;
}
