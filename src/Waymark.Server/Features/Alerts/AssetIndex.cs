using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Waymark.Core.Geo;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>One asset as the matcher needs it: its grid geometry and buffer, owner and name.</summary>
public sealed record IndexedAsset(Guid Id, Guid OrganisationId, string Name, string? Kind, Geometry Grid, double BufferMetres, Jurisdiction Jurisdiction)
{
    /// <summary>Metres from the point to the asset's edge (its geometry widened by its buffer); 0 inside.</summary>
    public double DistanceTo(Point p) => Math.Max(0, Grid.Distance(p) - BufferMetres);
}

/// <summary>
/// Every asset of every organisation in an R-tree per national grid, so a new crime finds the assets near it in
/// microseconds among hundreds of thousands. Rebuilt after asset changes in this process and, as a safety net for other
/// processes, when the table's row count or newest change differs (checked at most every few seconds).
/// </summary>
public sealed class AssetIndex(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Trees? _trees;
    private volatile bool _invalid = true;
    private DateTimeOffset _checkedAt;

    private sealed record Trees(STRtree<IndexedAsset> GreatBritain, STRtree<IndexedAsset> NorthernIreland, int Count, DateTime Newest);

    public void Invalidate() => _invalid = true;

    public void Dispose() => _gate.Dispose();

    /// <summary>Assets whose edge lies within <paramref name="reachMetres"/> of the point, with their distance.</summary>
    public async Task<IReadOnlyList<(IndexedAsset Asset, double DistanceMetres)>> NearAsync(Jurisdiction jurisdiction, double x, double y, double reachMetres, CancellationToken ct)
    {
        var trees = await CurrentAsync(ct);
        var tree = jurisdiction == Jurisdiction.NorthernIreland ? trees.NorthernIreland : trees.GreatBritain;
        var env = new Envelope(x - reachMetres, x + reachMetres, y - reachMetres, y + reachMetres);
        var point = new Point(x, y);
        var found = new List<(IndexedAsset, double)>();
        foreach (var a in tree.Query(env))
        {
            var d = a.DistanceTo(point);
            if (d <= reachMetres)
            {
                found.Add((a, d));
            }
        }

        return found;
    }

    /// <summary>
    /// The current trees. After a change made here (<see cref="Invalidate"/>) they are rebuilt before answering; the
    /// check for other processes' changes runs in the background while the current trees answer.
    /// </summary>
    private async Task<Trees> CurrentAsync(CancellationToken ct)
    {
        var trees = _trees;
        if (trees is null || _invalid)
        {
            return await RefreshAsync(ct);
        }

        if (clock.GetUtcNow() - _checkedAt >= CheckEvery && _gate.CurrentCount > 0)
        {
            _ = Task.Run(() => RefreshAsync(CancellationToken.None), CancellationToken.None);
        }

        return trees;
    }

    private async Task<Trees> RefreshAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await _gate.WaitAsync(ct);
        try
        {
            if (_trees is { } fresh && !_invalid && now - _checkedAt < CheckEvery)
            {
                return fresh;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var assets = db.Set<Asset>().AsNoTracking();
            var count = await assets.CountAsync(ct);
            var newest = count == 0 ? DateTime.MinValue : await assets.MaxAsync(a => a.UpdatedAt, ct);
            _checkedAt = now;
            if (_trees is { } current && !_invalid && current.Count == count && current.Newest == newest)
            {
                return current;
            }

            _invalid = false;
            var gb = new STRtree<IndexedAsset>();
            var ni = new STRtree<IndexedAsset>();
            var rows = await assets.Select(a => new { a.Id, a.OrganisationId, a.Name, a.Kind, a.GeoJson, a.BufferMetres }).ToListAsync(ct);
            foreach (var row in rows)
            {
                if (AssetGeometry.Check(AssetGeometry.FromGeoJson(row.GeoJson)) is not { Shape: { } shape })
                {
                    continue; // checked when written; a row edited by hand into nonsense is left out rather than stopping every alert
                }

                var asset = new IndexedAsset(row.Id, row.OrganisationId, row.Name, row.Kind, shape.Grid, row.BufferMetres, shape.Jurisdiction);
                var env = new Envelope(shape.Grid.EnvelopeInternal);
                env.ExpandBy(row.BufferMetres);
                (shape.Jurisdiction == Jurisdiction.NorthernIreland ? ni : gb).Insert(env, asset);
            }

            gb.Build();
            ni.Build();
            _trees = new Trees(gb, ni, count, newest);
            return _trees;
        }
        finally
        {
            _gate.Release();
        }
    }
}
