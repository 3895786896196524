using System.Globalization;

namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>A cell of a <see cref="CellGrid"/>: column counted east from the origin, row counted north.</summary>
/// <param name="Column">Column index, 0 at the grid's west edge (may be outside the grid for a point outside it).</param>
/// <param name="Row">Row index, 0 at the grid's south edge.</param>
public readonly record struct GridCell(int Column, int Row);

/// <summary>
/// A regular grid of square cells on the British National Grid (or any planar grid in metres), used for risk
/// surfaces and hotspot scoring. Cell (c, r) covers [OriginX + c·size, OriginX + (c + 1)·size) ×
/// [OriginY + r·size, OriginY + (r + 1)·size).
/// </summary>
public sealed class CellGrid
{
    /// <summary>Creates a grid.</summary>
    /// <param name="originX">Easting of the south-west corner, metres.</param>
    /// <param name="originY">Northing of the south-west corner, metres.</param>
    /// <param name="cellSize">Side of a cell, metres (&gt; 0).</param>
    /// <param name="columns">Cells west to east (≥ 1).</param>
    /// <param name="rows">Cells south to north (≥ 1).</param>
    /// <exception cref="ArgumentException">A value is not finite or out of range.</exception>
    public CellGrid(double originX, double originY, double cellSize, int columns, int rows)
    {
        Guard.Finite(originX, nameof(originX), "metres");
        Guard.Finite(originY, nameof(originY), "metres");
        Guard.PositiveFinite(cellSize, nameof(cellSize), "metres");
        Guard.AtLeast(columns, 1, nameof(columns));
        Guard.AtLeast(rows, 1, nameof(rows));
        if ((long)columns * rows > 100_000_000)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A {columns} × {rows} grid has more than 100 million cells; use larger cells."),
                nameof(columns));
        }

        OriginX = originX;
        OriginY = originY;
        CellSize = cellSize;
        Columns = columns;
        Rows = rows;
    }

    /// <summary>Easting of the south-west corner, metres.</summary>
    public double OriginX { get; }

    /// <summary>Northing of the south-west corner, metres.</summary>
    public double OriginY { get; }

    /// <summary>Side of a cell, metres.</summary>
    public double CellSize { get; }

    /// <summary>Cells west to east.</summary>
    public int Columns { get; }

    /// <summary>Cells south to north.</summary>
    public int Rows { get; }

    /// <summary>Number of cells.</summary>
    public int CellCount => Columns * Rows;

    /// <summary>Area of one cell, square metres.</summary>
    public double CellArea => CellSize * CellSize;

    /// <summary>Area of the whole grid, square metres.</summary>
    public double Area => CellArea * CellCount;

    /// <summary>The cell holding a point; may lie outside the grid (check with <see cref="Contains"/>).</summary>
    /// <returns>The cell, or null when the point is not finite or too far away to index.</returns>
    public GridCell? CellOf(double x, double y)
    {
        var column = Math.Floor((x - OriginX) / CellSize);
        var row = Math.Floor((y - OriginY) / CellSize);
        if (!double.IsFinite(column) || !double.IsFinite(row) || Math.Abs(column) > int.MaxValue / 2 || Math.Abs(row) > int.MaxValue / 2)
        {
            return null;
        }

        return new GridCell((int)column, (int)row);
    }

    /// <summary>Whether a cell is inside the grid.</summary>
    public bool Contains(GridCell cell) =>
        cell.Column >= 0 && cell.Column < Columns && cell.Row >= 0 && cell.Row < Rows;

    /// <summary>Centre of a cell, metres.</summary>
    public (double X, double Y) CentreOf(GridCell cell) =>
        (OriginX + ((cell.Column + 0.5) * CellSize), OriginY + ((cell.Row + 0.5) * CellSize));

    internal int IndexOf(GridCell cell) => (cell.Row * Columns) + cell.Column;

    internal GridCell CellAt(int index) => new(index % Columns, index / Columns);
}
