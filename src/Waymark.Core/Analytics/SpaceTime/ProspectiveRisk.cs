namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>How many cells apart two grid cells are, for the prospective-mapping weights.</summary>
public enum CellDistance
{
    /// <summary>max(|Δcolumn|, |Δrow|): all eight touching cells are 1 away ("diagonals same" in open_cp).</summary>
    Chebyshev,

    /// <summary>|Δcolumn| + |Δrow|: diagonal neighbours are 2 away ("diagonals different" in open_cp).</summary>
    Manhattan,
}

/// <summary>Settings for <see cref="ProspectiveRisk"/>; defaults are Bowers, Johnson &amp; Pease's (2004) 400 m and two months.</summary>
public sealed record ProspectiveRiskOptions
{
    /// <summary>
    /// Reach of a crime in space, metres: a crime raises the risk of cells up to ⌊this ÷ cell size⌋ cells away
    /// (inclusive). Default 400 m.
    /// </summary>
    public double SpaceBandwidth { get; init; } = 400;

    /// <summary>Reach in time, days: crimes up to this many days before the forecast time count (inclusive). Default 60 days (two months).</summary>
    public double TimeBandwidthDays { get; init; } = 60;

    /// <summary>Length of the time unit for the weight, days: 7 gives "weeks ago" as in the paper.</summary>
    public double TimeUnitDays { get; init; } = 7;

    /// <summary>How cells-away is counted; Chebyshev by default.</summary>
    public CellDistance CellDistance { get; init; } = CellDistance.Chebyshev;
}

/// <summary>A cell of a risk surface with its rank (1 = highest risk).</summary>
/// <param name="Rank">1 for the highest-risk cell.</param>
/// <param name="Cell">The cell.</param>
/// <param name="CentreX">Cell centre easting, metres.</param>
/// <param name="CentreY">Cell centre northing, metres.</param>
/// <param name="Risk">Risk score (sum of weights; unitless).</param>
public readonly record struct RankedCell(int Rank, GridCell Cell, double CentreX, double CentreY, double Risk);

/// <summary>A risk score for every cell of a grid.</summary>
public sealed class RiskSurface
{
    private readonly double[] _values;

    internal RiskSurface(CellGrid grid, double forecastTime, double[] values)
    {
        Grid = grid;
        ForecastTime = forecastTime;
        _values = values;
    }

    /// <summary>The grid scored.</summary>
    public CellGrid Grid { get; }

    /// <summary>Time the forecast is made at, days (same origin as the events).</summary>
    public double ForecastTime { get; }

    /// <summary>Risk of a cell inside the grid.</summary>
    public double this[GridCell cell] => Grid.Contains(cell)
        ? _values[Grid.IndexOf(cell)]
        : throw new ArgumentOutOfRangeException(nameof(cell), cell, "The cell is outside the grid.");

    /// <summary>Risk of the cell at a column and row.</summary>
    public double this[int column, int row] => this[new GridCell(column, row)];

    /// <summary>Highest risk on the surface (0 when no crime is in reach).</summary>
    public double MaxRisk => _values.Length == 0 ? 0 : _values.Max();

    /// <summary>Copy of the scores, row by row from the south-west cell.</summary>
    public double[] ToArray() => (double[])_values.Clone();

    /// <summary>
    /// The forecast: the <paramref name="count"/> highest-risk cells, highest first. Ties are broken by row then
    /// column so the list is stable. Cells with zero risk are never listed, so fewer may come back.
    /// </summary>
    /// <param name="count">How many cells, ≥ 1.</param>
    public IReadOnlyList<RankedCell> Top(int count)
    {
        Guard.AtLeast(count, 1, nameof(count));
        return Enumerable.Range(0, _values.Length)
            .Where(i => _values[i] > 0)
            .OrderByDescending(i => _values[i])
            .ThenBy(i => i)
            .Take(count)
            .Select((index, rank) =>
            {
                var cell = Grid.CellAt(index);
                var (x, y) = Grid.CentreOf(cell);
                return new RankedCell(rank + 1, cell, x, y, _values[index]);
            })
            .ToList();
    }
}

/// <summary>
/// Prospective hot-spotting ("promap"; Bowers, Johnson &amp; Pease 2004, "Prospective hot-spotting: the future of
/// crime mapping?", Br. J. Criminol. 44(5) 641–658): each recent crime raises the risk of nearby cells for a
/// while, reflecting the near-repeat effect (burglary: ~400 m, ~2 months).
/// </summary>
/// <remarks>
/// Risk of a cell = Σ over crimes within reach of 1/(1 + cells away) × 1/(1 + time units ago), where cells away
/// is counted between the crime's cell and the scored cell and time units ago is the whole number of weeks
/// (by default) between the crime and the forecast time. The paper gives the weights by example rather than by
/// formula; this is the reading of the QuantCrimAtLeeds open_cp implementation (open_cp/prohotspot.py,
/// <c>ClassicWeight</c> with <c>DistanceDiagonalsSame</c>). One difference: the reach here is inclusive
/// (≤ 400 m, ≤ 60 days) where open_cp's is strict on its discrete units (&lt; 8 cells, &lt; 8 weeks).
/// </remarks>
public static class ProspectiveRisk
{
    /// <summary>The weight of one crime: 1/(1 + cells away) × 1/(1 + time units ago).</summary>
    /// <param name="cellsAway">Cells between the crime's cell and the scored cell, ≥ 0.</param>
    /// <param name="unitsAgo">Whole time units (weeks) since the crime, ≥ 0.</param>
    public static double Weight(int cellsAway, int unitsAgo)
    {
        Guard.AtLeast(cellsAway, 0, nameof(cellsAway));
        Guard.AtLeast(unitsAgo, 0, nameof(unitsAgo));
        return 1.0 / ((1.0 + cellsAway) * (1.0 + unitsAgo));
    }

    /// <summary>Scores every cell of a grid at a forecast time.</summary>
    /// <param name="events">Crimes (any number, including none); X, Y metres; T days. Crimes after the forecast time are ignored; crimes outside the grid still raise the risk of cells within reach.</param>
    /// <param name="grid">Cells to score.</param>
    /// <param name="forecastTime">Time the forecast is made at, days (same origin as the events).</param>
    /// <param name="options">Bandwidths; defaults when null.</param>
    /// <exception cref="ArgumentException">A non-finite value or an out-of-range setting.</exception>
    public static RiskSurface Compute(IReadOnlyList<SpaceTimeEvent> events, CellGrid grid, double forecastTime, ProspectiveRiskOptions? options = null)
    {
        options ??= new ProspectiveRiskOptions();
        Guard.Events(events, nameof(events), minimum: 0);
        ArgumentNullException.ThrowIfNull(grid);
        Guard.Finite(forecastTime, nameof(forecastTime), "days");
        Guard.NonNegativeFinite(options.SpaceBandwidth, "options.SpaceBandwidth", "metres");
        Guard.NonNegativeFinite(options.TimeBandwidthDays, "options.TimeBandwidthDays", "days");
        Guard.PositiveFinite(options.TimeUnitDays, "options.TimeUnitDays", "days");

        var values = new double[grid.CellCount];
        var reach = (int)Math.Min(Math.Floor((options.SpaceBandwidth / grid.CellSize) + 1e-9), Math.Max(grid.Columns, grid.Rows));
        foreach (var e in events)
        {
            var age = forecastTime - e.T;
            if (age < 0 || age > options.TimeBandwidthDays)
            {
                continue;
            }

            if (grid.CellOf(e.X, e.Y) is not { } home)
            {
                continue;
            }

            var unitsAgo = (int)Math.Floor(age / options.TimeUnitDays);
            var timeWeight = 1.0 / (1.0 + unitsAgo);
            var rowFrom = Math.Max(0, (long)home.Row - reach);
            var rowTo = Math.Min(grid.Rows - 1, (long)home.Row + reach);
            var columnFrom = Math.Max(0, (long)home.Column - reach);
            var columnTo = Math.Min(grid.Columns - 1, (long)home.Column + reach);
            for (var row = rowFrom; row <= rowTo; row++)
            {
                for (var column = columnFrom; column <= columnTo; column++)
                {
                    var dc = Math.Abs(column - home.Column);
                    var dr = Math.Abs(row - home.Row);
                    var away = options.CellDistance == CellDistance.Manhattan ? dc + dr : Math.Max(dc, dr);
                    if (away > reach)
                    {
                        continue;
                    }

                    values[(row * grid.Columns) + column] += timeWeight / (1.0 + away);
                }
            }
        }

        return new RiskSurface(grid, forecastTime, values);
    }
}
