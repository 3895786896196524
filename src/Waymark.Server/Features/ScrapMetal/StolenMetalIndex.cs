using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.ScrapMetal.Checks;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// A metal theft as the stolen-metal check reads it: where and when, and what was stolen as the text the metal is read
/// from (<c>type description</c> of each property item, or the category's name when none was itemised).
/// </summary>
/// <param name="Easting">Metres, British National Grid (EPSG:27700), as stored on the crime.</param>
public sealed record MetalTheft(
    Guid Id, string Reference, string Category, DateTime OccurredFrom, DateTime OccurredTo, double Easting, double Northing, IReadOnlyList<StolenMetal> Stolen);

/// <summary>One thing stolen: its text (<c>type description</c>) and weight, kg, when recorded.</summary>
public sealed record StolenMetal(string Text, double? WeightKg)
{
    /// <summary>The metals its text names (<see cref="MetalTypes.Read"/>), read once when indexed rather than for every receipt.</summary>
    public IReadOnlyList<string> Metals { get; } = MetalTypes.Read(Text);

    /// <summary>Whether it is of <paramref name="metal"/>: <see cref="StolenMetalMatch.SameMetal"/> on its text.</summary>
    public bool IsOf(string metal) => Metals.Contains(metal, StringComparer.Ordinal);
}

/// <summary>
/// Every metal theft shared with law enforcement (<see cref="StolenMetalCheck.MetalTheftCategories"/>, visibility other
/// than Organisation, with a place), in memory in 10 km grid squares, so that a receipt's candidates are found in
/// microseconds rather than read from a million crimes. It follows the crimes table (<see cref="CrimeTableFollower{TView}"/>):
/// a crime edited out of the metal-theft categories, made organisation-only or moved is dropped or moved by the next
/// check after the edit.
/// </summary>
public sealed class StolenMetalIndex(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StolenMetalIndex> log)
    : CrimeTableFollower<MetalTheftGrid>(scopes, clock, log)
{
    // Inlined into the SQL as constants (EF.Constant): as a parameter, EF sends the list through json_each, and SQLite
    // then cannot use the index on category and reads every crime.
    private static readonly string[] CategoryList = [.. StolenMetalCheck.MetalTheftCategories];

    private static readonly Dictionary<string, string> CategoryNames = CrimeCategories.All.ToDictionary(c => c.Slug, c => c.Name, StringComparer.Ordinal);

    /// <summary>
    /// Metal thefts inside the square of half-side <paramref name="reachMetres"/> around the point whose window ends at or
    /// after <paramref name="endedFrom"/> and began by <paramref name="begunBy"/>; distance is for the caller to check.
    /// </summary>
    public async Task<IReadOnlyList<MetalTheft>> CandidatesAsync(WaymarkDb db, double easting, double northing, double reachMetres, DateTime endedFrom, DateTime begunBy, CancellationToken ct)
    {
        var grid = await CurrentAsync(db, ct);
        return grid.Within(easting, northing, reachMetres, endedFrom, begunBy);
    }

    protected override async Task<MetalTheftGrid> BuildAsync(WaymarkDb db, CancellationToken ct)
    {
        var grid = new MetalTheftGrid();
        foreach (var theft in await ReadAsync(db, null, ct))
        {
            grid.Put(theft);
        }

        return grid;
    }

    protected override async Task ApplyChangesAsync(WaymarkDb db, MetalTheftGrid grid, DateTime? since, CancellationToken ct)
    {
        // Every changed crime is taken out and the metal thefts among them put back: one whose category, visibility or
        // place changed must leave the square it was in.
        var changed = await db.Crimes.AsNoTracking().Where(c => since == null || c.UpdatedAt >= since).Select(c => c.Id).ToListAsync(ct);
        var thefts = await ReadAsync(db, since, ct);
        grid.Replace(changed, thefts);
    }

    private static async Task<List<MetalTheft>> ReadAsync(WaymarkDb db, DateTime? since, CancellationToken ct)
    {
        var q = db.Crimes.AsNoTracking().Where(c => EF.Constant(CategoryList).Contains(c.Category) && c.Visibility != Visibility.Organisation && c.Easting != null && c.Northing != null);
        if (since is { } w)
        {
            q = q.Where(c => c.UpdatedAt >= w);
        }

        var rows = await q.Select(c => new { c.Id, c.Reference, c.Category, c.OccurredFrom, c.OccurredTo, c.Easting, c.Northing, c.PropertyStolen }).ToListAsync(ct);
        return rows.Select(c => new MetalTheft(c.Id, c.Reference, c.Category, c.OccurredFrom, c.OccurredTo, c.Easting!.Value, c.Northing!.Value,
                c.PropertyStolen.Count > 0
                    ? c.PropertyStolen.Select(p => new StolenMetal($"{p.Type} {p.Description}", p.WeightKg)).ToList()
                    : [new StolenMetal(CategoryNames.GetValueOrDefault(c.Category, c.Category), null)]))
            .ToList();
    }
}

/// <summary>
/// Metal thefts by 10 km grid square, each square's list in order of the end of the theft's window so that a look-back
/// starts at the first theft that ended in it. Thread-safe: reads and changes take the grid's lock.
/// </summary>
public sealed class MetalTheftGrid
{
    private const double Square = 10_000;

    private readonly Dictionary<(long X, long Y), List<MetalTheft>> _squares = [];
    private readonly Dictionary<Guid, MetalTheft> _byId = [];

    /// <summary>Adds a theft, or replaces the one with its id.</summary>
    public void Put(MetalTheft theft)
    {
        lock (_squares)
        {
            Remove(theft.Id);
            Add(theft);
        }
    }

    /// <summary>Takes out every crime in <paramref name="ids"/>, then adds <paramref name="thefts"/>.</summary>
    public void Replace(IEnumerable<Guid> ids, IEnumerable<MetalTheft> thefts)
    {
        lock (_squares)
        {
            foreach (var id in ids)
            {
                Remove(id);
            }

            foreach (var theft in thefts)
            {
                Remove(theft.Id);
                Add(theft);
            }
        }
    }

    /// <summary>Thefts inside the square of half-side <paramref name="reach"/> around the point, ended at or after
    /// <paramref name="endedFrom"/> and begun by <paramref name="begunBy"/>.</summary>
    public List<MetalTheft> Within(double easting, double northing, double reach, DateTime endedFrom, DateTime begunBy)
    {
        var found = new List<MetalTheft>();
        var (x0, y0) = SquareOf(easting - reach, northing - reach);
        var (x1, y1) = SquareOf(easting + reach, northing + reach);
        lock (_squares)
        {
            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    if (!_squares.TryGetValue((x, y), out var list))
                    {
                        continue;
                    }

                    for (var i = FirstEndedFrom(list, endedFrom); i < list.Count; i++)
                    {
                        var t = list[i];
                        if (t.OccurredFrom <= begunBy
                            && t.Easting >= easting - reach && t.Easting <= easting + reach && t.Northing >= northing - reach && t.Northing <= northing + reach)
                        {
                            found.Add(t);
                        }
                    }
                }
            }
        }

        return found;
    }

    private static (long X, long Y) SquareOf(double easting, double northing) => ((long)Math.Floor(easting / Square), (long)Math.Floor(northing / Square));

    /// <summary>The index of the first theft in <paramref name="list"/> whose window ends at or after <paramref name="end"/>.</summary>
    private static int FirstEndedFrom(List<MetalTheft> list, DateTime end)
    {
        int lo = 0, hi = list.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (list[mid].OccurredTo < end)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Add(MetalTheft theft)
    {
        var key = SquareOf(theft.Easting, theft.Northing);
        if (!_squares.TryGetValue(key, out var list))
        {
            _squares[key] = list = [];
        }

        // After every theft ending no later: a square's list stays in order of the end of the window.
        var at = FirstEndedFrom(list, theft.OccurredTo.AddTicks(1));
        list.Insert(at, theft);
        _byId[theft.Id] = theft;
    }

    private void Remove(Guid id)
    {
        if (!_byId.Remove(id, out var theft))
        {
            return;
        }

        var list = _squares[SquareOf(theft.Easting, theft.Northing)];
        list.RemoveAt(list.FindIndex(t => t.Id == theft.Id));
    }
}
