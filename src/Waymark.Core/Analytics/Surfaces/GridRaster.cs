namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// A dense raster of square cells on the British National Grid (EPSG:27700): <see cref="Columns"/> ×
/// <see cref="Rows"/> values of cell size <see cref="CellSizeMetres"/> metres whose south-west corner is
/// (<see cref="OriginEasting"/>, <see cref="OriginNorthing"/>).
/// </summary>
/// <remarks>
/// Values are row-major with <b>row 0 the southernmost</b> (rows increase northwards, like northings and the
/// grid rows of <see cref="GridCounts"/>) and column 0 the westernmost; the value of cell (column, row) covers
/// [origin E + column × size, + size) × [origin N + row × size, + size). Image formats put north at the top,
/// so <see cref="PngOverlay"/> writes the rows in reverse. Values are finite (never NaN); the raster is
/// immutable once made.
/// </remarks>
public sealed class GridRaster
{
    private readonly double[] _values;

    /// <summary>Creates a raster from a copy of <paramref name="values"/>.</summary>
    /// <param name="originEasting">West edge, metres.</param>
    /// <param name="originNorthing">South edge, metres.</param>
    /// <param name="cellSizeMetres">Side of a cell, metres; positive.</param>
    /// <param name="columns">Number of columns; positive.</param>
    /// <param name="rows">Number of rows; positive.</param>
    /// <param name="values">columns × rows finite values, row 0 south.</param>
    /// <exception cref="ArgumentException">A bad size, a length mismatch, or a value that is not finite.</exception>
    public GridRaster(double originEasting, double originNorthing, double cellSizeMetres, int columns, int rows, ReadOnlySpan<double> values)
        : this(originEasting, originNorthing, cellSizeMetres, columns, rows, Validate(values, columns, rows), copy: false)
    {
        if (!double.IsFinite(originEasting))
        {
            throw new ArgumentException("originEasting must be finite.", nameof(originEasting));
        }

        if (!double.IsFinite(originNorthing))
        {
            throw new ArgumentException("originNorthing must be finite.", nameof(originNorthing));
        }

        SurfaceGuards.RequirePositiveSize(cellSizeMetres, double.Epsilon, nameof(cellSizeMetres));
    }

    internal GridRaster(double originEasting, double originNorthing, double cellSizeMetres, int columns, int rows, double[] values, bool copy)
    {
        OriginEasting = originEasting;
        OriginNorthing = originNorthing;
        CellSizeMetres = cellSizeMetres;
        Columns = columns;
        Rows = rows;
        _values = copy ? (double[])values.Clone() : values;
    }

    /// <summary>West edge of the raster, metres.</summary>
    public double OriginEasting { get; }

    /// <summary>South edge of the raster, metres.</summary>
    public double OriginNorthing { get; }

    /// <summary>Side of each cell, metres.</summary>
    public double CellSizeMetres { get; }

    /// <summary>Number of columns (west to east).</summary>
    public int Columns { get; }

    /// <summary>Number of rows (south to north).</summary>
    public int Rows { get; }

    /// <summary>Area of one cell, square metres.</summary>
    public double CellAreaSquareMetres => CellSizeMetres * CellSizeMetres;

    /// <summary>The raster's bounds, metres: what a map needs to place an image of it.</summary>
    public GridExtent Extent => new(OriginEasting, OriginNorthing, OriginEasting + (Columns * CellSizeMetres), OriginNorthing + (Rows * CellSizeMetres));

    /// <summary>All values, row-major, row 0 south.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>The value of a cell.</summary>
    /// <param name="column">Column, 0 = west.</param>
    /// <param name="row">Row, 0 = south.</param>
    public double this[int column, int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(column);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, Columns);
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
            return _values[(row * Columns) + column];
        }
    }

    /// <summary>Centre of a cell, metres.</summary>
    /// <param name="column">Column, 0 = west.</param>
    /// <param name="row">Row, 0 = south.</param>
    /// <returns>The centre.</returns>
    public PlanarCoordinate CellCentre(int column, int row) =>
        new(OriginEasting + ((column + 0.5) * CellSizeMetres), OriginNorthing + ((row + 0.5) * CellSizeMetres));

    /// <summary>The largest value (0 for an all-zero raster).</summary>
    /// <returns>The maximum.</returns>
    public double Max()
    {
        double max = 0;
        foreach (double v in _values)
        {
            if (v > max)
            {
                max = v;
            }
        }

        return max;
    }

    /// <summary>The sum of all values.</summary>
    /// <returns>The sum.</returns>
    public double Sum()
    {
        double sum = 0;
        foreach (double v in _values)
        {
            sum += v;
        }

        return sum;
    }

    private static double[] Validate(ReadOnlySpan<double> values, int columns, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if ((long)columns * rows != values.Length)
        {
            throw new ArgumentException(SurfaceGuards.Inv($"values has {values.Length} entries for a {columns} x {rows} raster."), nameof(values));
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(SurfaceGuards.Inv($"values[{i}] is {values[i]}; raster values must be finite."), nameof(values));
            }
        }

        return values.ToArray();
    }
}
