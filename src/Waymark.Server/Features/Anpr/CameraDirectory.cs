using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// The cameras in memory, keyed by the code they send, so ingestion checks each read's camera without a query.
/// Reloaded after a change in this process and, for other processes' changes, when the camera count or newest change
/// time moves (checked at most every two seconds).
/// </summary>
public sealed class CameraDirectory(TimeProvider clock) : IDisposable
{
    public void Dispose() => _reload.Dispose();

    public sealed record Camera(int Id, string Code, string Name, Guid Owner, double Latitude, double Longitude, double? Easting, double? Northing,
        int Bearing, string Direction, CameraStatus Status, Guid? ApiKeyId);

    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile State? _state;
    private volatile bool _stale = true;

    private sealed record State(Dictionary<string, Camera> ByCode, Dictionary<int, Camera> ById, ILookup<Guid, int> ByKey, int Count, DateTime? Newest, DateTime CheckedAt)
    {
        public Dictionary<string, Camera>.AlternateLookup<ReadOnlySpan<char>> Lookup { get; } = ByCode.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public void Invalidate() => _stale = true;

    public async Task RefreshAsync(WaymarkDb db, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_state is { } s0 && !_stale && now - s0.CheckedAt < Freshness)
        {
            return;
        }

        await _reload.WaitAsync(ct);
        try
        {
            var state = _state;
            var cameras = db.Set<AnprCamera>().AsNoTracking();
            var count = await cameras.CountAsync(ct);
            var newest = await cameras.MaxAsync(c => (DateTime?)c.UpdatedAt, ct);
            if (state is not null && !_stale && state.Count == count && state.Newest == newest)
            {
                _state = state with { CheckedAt = now };
                return;
            }

            _stale = false;
            var all = await cameras.Select(c => new Camera(c.Id, c.Code, c.Name, c.OwnerOrganisationId, c.Latitude, c.Longitude, c.Easting, c.Northing,
                c.Bearing, c.Direction, c.Status, c.ApiKeyId)).ToListAsync(ct);
            _state = new State(
                all.ToDictionary(c => c.Code, StringComparer.Ordinal),
                all.ToDictionary(c => c.Id),
                all.Where(c => c.ApiKeyId is not null).ToLookup(c => c.ApiKeyId!.Value, c => c.Id),
                count, newest, now);
        }
        finally
        {
            _reload.Release();
        }
    }

    public Camera? ByCode(ReadOnlySpan<char> code) => _state is { } s && s.Lookup.TryGetValue(code, out var c) ? c : null;

    public Camera? ById(int id) => _state is { } s && s.ById.TryGetValue(id, out var c) ? c : null;

    /// <summary>Whether <paramref name="keyId"/> is bound to at least one camera (it may then send only for those).</summary>
    public bool IsBound(Guid keyId) => _state is { } s && s.ByKey.Contains(keyId);

    public IReadOnlyCollection<Camera> All => _state?.ById.Values ?? (IReadOnlyCollection<Camera>)[];
}
