using System.Runtime.InteropServices;

namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// One occupied square cell of a British National Grid-aligned grid (EPSG:27700, metres).
/// </summary>
/// <remarks>
/// <see cref="Column"/> = ⌊E / size⌋ and <see cref="Row"/> = ⌊N / size⌋, exactly as
/// <see cref="Geo.BngPoint.GridCellKey"/> numbers cells, so the cell covers
/// [<see cref="OriginEasting"/>, <see cref="OriginEasting"/> + size) ×
/// [<see cref="OriginNorthing"/>, <see cref="OriginNorthing"/> + size): south and west edges belong to it.
/// <see cref="Count"/> is at least 1; <see cref="ValueSum"/> is 0 when no values were given.
/// </remarks>
/// <param name="Column">Grid column, ⌊easting / size⌋.</param>
/// <param name="Row">Grid row, ⌊northing / size⌋.</param>
/// <param name="OriginEasting">West edge of the cell, metres (Column × size).</param>
/// <param name="OriginNorthing">South edge of the cell, metres (Row × size).</param>
/// <param name="Count">Number of points in the cell, at least 1.</param>
/// <param name="ValueSum">Sum of the points' values, or 0 when none were given.</param>
public readonly record struct GridCell(long Column, long Row, double OriginEasting, double OriginNorthing, int Count, double ValueSum);

/// <summary>
/// Sparse result of <see cref="GridCounts.Count"/>: the occupied cells of a square grid of side
/// <see cref="CellSizeMetres"/> metres, ordered south to north by row and west to east within a row.
/// </summary>
/// <remarks>
/// The grid spans columns <see cref="MinColumn"/>..<see cref="MinColumn"/> + <see cref="Columns"/> − 1 and rows
/// <see cref="MinRow"/>..<see cref="MinRow"/> + <see cref="Rows"/> − 1 (both 0 when there were no points and no
/// extent). Invariant: the cells' counts sum to <see cref="PointCount"/>.
/// </remarks>
public sealed class GridCountResult
{
    private readonly GridCell[] _cells;

    internal GridCountResult(double cellSizeMetres, long minColumn, long minRow, long columns, long rows, GridCell[] cells, int pointCount, int pointsOutsideExtent, bool hasValues)
    {
        CellSizeMetres = cellSizeMetres;
        MinColumn = minColumn;
        MinRow = minRow;
        Columns = columns;
        Rows = rows;
        _cells = cells;
        PointCount = pointCount;
        PointsOutsideExtent = pointsOutsideExtent;
        HasValues = hasValues;
    }

    /// <summary>Side of each cell, metres.</summary>
    public double CellSizeMetres { get; }

    /// <summary>Westernmost grid column (⌊easting / size⌋) of the grid.</summary>
    public long MinColumn { get; }

    /// <summary>Southernmost grid row (⌊northing / size⌋) of the grid.</summary>
    public long MinRow { get; }

    /// <summary>Number of columns the grid spans (occupied or not).</summary>
    public long Columns { get; }

    /// <summary>Number of rows the grid spans (occupied or not).</summary>
    public long Rows { get; }

    /// <summary>The occupied cells, south to north, then west to east.</summary>
    public IReadOnlyList<GridCell> Cells => _cells;

    /// <summary>Number of points counted into cells.</summary>
    public int PointCount { get; }

    /// <summary>Number of points left out because they fell outside the requested extent.</summary>
    public int PointsOutsideExtent { get; }

    /// <summary>Whether value sums were accumulated.</summary>
    public bool HasValues { get; }

    /// <summary>The cell's key in the <c>"{size}:{column}:{row}"</c> format of <see cref="Geo.BngPoint.GridCellKey"/>.</summary>
    /// <param name="cell">A cell of this result.</param>
    /// <returns>The key, invariant digits.</returns>
    public string CellKey(GridCell cell) => SurfaceGuards.Inv($"{CellSizeMetres}:{cell.Column}:{cell.Row}");

    /// <summary>
    /// The whole grid as a dense raster (row 0 south) of counts, or of value sums when
    /// <paramref name="valueSums"/> is true, for example to render with <see cref="PngOverlay"/>.
    /// </summary>
    /// <param name="valueSums">Use the value sums instead of the counts.</param>
    /// <returns>The raster; empty cells are 0.</returns>
    /// <exception cref="InvalidOperationException">The grid is empty or too large for one array.</exception>
    public GridRaster ToRaster(bool valueSums = false)
    {
        if (Columns == 0 || Rows == 0 || Columns * Rows > Array.MaxLength)
        {
            throw new InvalidOperationException(SurfaceGuards.Inv($"A {Columns} x {Rows} grid cannot be made into a raster."));
        }

        var values = new double[Columns * Rows];
        foreach (GridCell cell in _cells)
        {
            values[((cell.Row - MinRow) * Columns) + (cell.Column - MinColumn)] = valueSums ? cell.ValueSum : cell.Count;
        }

        return new GridRaster(MinColumn * CellSizeMetres, MinRow * CellSizeMetres, CellSizeMetres, (int)Columns, (int)Rows, values, copy: false);
    }
}

/// <summary>
/// Counts points (easting, northing in metres, British National Grid EPSG:27700) on square cells aligned to
/// the grid's origin: the standard 100, 250, 500 and 1 000 m grids or any size of at least 10 m.
/// </summary>
/// <remarks>
/// Cells are numbered as <see cref="Geo.BngPoint.GridCellKey"/> numbers them (column ⌊E/size⌋, row ⌊N/size⌋),
/// so counts join to cell keys made elsewhere. The grid spans the points' bounding box, or the given extent
/// (points outside it are not counted). A cell-limit guard rejects grids of more than <c>maxCells</c> cells
/// over that span before any memory is allocated for them. Counting uses one dense array per worker when the
/// grid is small relative to the number of points, and a dictionary keyed by the packed cell index otherwise;
/// points are split into contiguous partitions counted in parallel and merged.
/// </remarks>
public static class GridCounts
{
    /// <summary>Smallest custom cell size, metres.</summary>
    public const double MinimumCellSizeMetres = 10;

    /// <summary>Default largest grid (columns × rows over the extent), 4 000 000 cells.</summary>
    public const long DefaultMaxCells = 4_000_000;

    /// <summary>The conventional analysis grids, metres: 100, 250, 500 and 1 000.</summary>
    public static IReadOnlyList<double> StandardCellSizesMetres { get; } = [100, 250, 500, 1000];

    /// <summary>Counts points on a grid of square cells.</summary>
    /// <param name="eastings">Eastings, metres; finite.</param>
    /// <param name="northings">Northings, metres; finite; one per easting.</param>
    /// <param name="cellSizeMetres">Side of a cell, metres, at least <see cref="MinimumCellSizeMetres"/>.</param>
    /// <param name="values">Optional value per point (e.g. the value of property stolen), summed per cell.</param>
    /// <param name="extent">Optional extent; points outside it are left out. Defaults to the points' bounding box.</param>
    /// <param name="maxCells">Largest number of cells the grid may span.</param>
    /// <returns>The occupied cells.</returns>
    /// <exception cref="ArgumentException">
    /// A bad cell size, coordinates or values that are not finite, mismatched lengths, or a grid of more than
    /// <paramref name="maxCells"/> cells.
    /// </exception>
    public static GridCountResult Count(
        ReadOnlyMemory<double> eastings,
        ReadOnlyMemory<double> northings,
        double cellSizeMetres,
        ReadOnlyMemory<double>? values = null,
        GridExtent? extent = null,
        long maxCells = DefaultMaxCells)
    {
        SurfaceGuards.RequirePositiveSize(cellSizeMetres, MinimumCellSizeMetres, nameof(cellSizeMetres));
        SurfaceGuards.RequireMaxCells(maxCells, nameof(maxCells));
        SurfaceGuards.Bounds bounds = SurfaceGuards.ScanPoints(eastings.Span, northings.Span, nameof(eastings), nameof(northings));
        if (values is { } v)
        {
            SurfaceGuards.RequireValues(v.Span, eastings.Length, nameof(values));
        }

        double c = cellSizeMetres;
        long minCol, minRow, maxCol, maxRow;
        if (extent is { } x)
        {
            SurfaceGuards.RequireExtent(x, nameof(extent));
            SurfaceGuards.RequireExtentCoordinates(x, nameof(extent));
            (minCol, maxCol) = ((long)Math.Floor(x.MinEasting / c), (long)Math.Floor(x.MaxEasting / c));
            (minRow, maxRow) = ((long)Math.Floor(x.MinNorthing / c), (long)Math.Floor(x.MaxNorthing / c));
        }
        else if (bounds.Count == 0)
        {
            return new GridCountResult(c, 0, 0, 0, 0, [], 0, 0, values is not null);
        }
        else
        {
            (minCol, maxCol) = ((long)Math.Floor(bounds.MinE / c), (long)Math.Floor(bounds.MaxE / c));
            (minRow, maxRow) = ((long)Math.Floor(bounds.MinN / c), (long)Math.Floor(bounds.MaxN / c));
        }

        long columns = maxCol - minCol + 1;
        long rows = maxRow - minRow + 1;
        SurfaceGuards.RequireCellCount(columns, rows, maxCells, c, nameof(cellSizeMetres));

        var grid = new GridSpec(c, minCol, minRow, columns, extent);
        long cellCount = columns * rows;
        int n = eastings.Length;

        // Dense arrays cost memory per cell and a scan of every cell; use them only when the grid is not much
        // larger than the number of points (and small enough that one array per worker is cheap).
        bool dense = cellCount <= 16_000_000 && cellCount <= (4L * n) + 65_536;
        (GridCell[] cells, int outside) = dense
            ? CountDense(eastings, northings, values, grid, (int)cellCount)
            : CountSparse(eastings, northings, values, grid);

        return new GridCountResult(c, minCol, minRow, columns, rows, cells, n - outside, outside, values is not null);
    }

    /// <summary>Counts <see cref="Geo.BngPoint"/>s on a grid of square cells; see the overload taking coordinates.</summary>
    /// <param name="points">The points.</param>
    /// <param name="cellSizeMetres">Side of a cell, metres, at least <see cref="MinimumCellSizeMetres"/>.</param>
    /// <param name="extent">Optional extent; points outside it are left out.</param>
    /// <param name="maxCells">Largest number of cells the grid may span.</param>
    /// <returns>The occupied cells.</returns>
    public static GridCountResult Count(IReadOnlyList<Geo.BngPoint> points, double cellSizeMetres, GridExtent? extent = null, long maxCells = DefaultMaxCells)
    {
        ArgumentNullException.ThrowIfNull(points);
        var e = new double[points.Count];
        var n = new double[points.Count];
        for (int i = 0; i < e.Length; i++)
        {
            e[i] = points[i].Easting;
            n[i] = points[i].Northing;
        }

        return Count(e, n, cellSizeMetres, null, extent, maxCells);
    }

    private static (GridCell[] Cells, int Outside) CountDense(
        ReadOnlyMemory<double> eastings, ReadOnlyMemory<double> northings, ReadOnlyMemory<double>? values, GridSpec grid, int cellCount)
    {
        int n = eastings.Length;
        int partitions = SurfaceGuards.Partitions(n);
        var counts = new int[partitions][];
        var sums = values is null ? null : new double[partitions][];
        var outside = new int[partitions];

        Parallel.For(0, partitions, p =>
        {
            int start = SurfaceGuards.PartitionStart(n, partitions, p);
            int end = SurfaceGuards.PartitionStart(n, partitions, p + 1);
            ReadOnlySpan<double> es = eastings.Span;
            ReadOnlySpan<double> ns = northings.Span;
            ReadOnlySpan<double> vs = values is { } v ? v.Span : default;
            var localCounts = new int[cellCount];
            double[]? localSums = sums is null ? null : new double[cellCount];
            int localOutside = 0;
            for (int i = start; i < end; i++)
            {
                long index = grid.IndexOf(es[i], ns[i]);
                if (index < 0)
                {
                    localOutside++;
                    continue;
                }

                localCounts[index]++;
                if (localSums is not null)
                {
                    localSums[index] += vs[i];
                }
            }

            counts[p] = localCounts;
            if (sums is not null)
            {
                sums[p] = localSums!;
            }

            outside[p] = localOutside;
        });

        int[] total = counts[0];
        double[]? totalSums = sums?[0];
        for (int p = 1; p < partitions; p++)
        {
            int[] other = counts[p];
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += other[i];
            }

            if (totalSums is not null)
            {
                double[] otherSums = sums![p];
                for (int i = 0; i < totalSums.Length; i++)
                {
                    totalSums[i] += otherSums[i];
                }
            }
        }

        int occupied = 0;
        foreach (int count in total)
        {
            if (count != 0)
            {
                occupied++;
            }
        }

        // Walk rows and columns together rather than dividing each index back into them.
        var cells = new GridCell[occupied];
        int k = 0;
        int columns = (int)grid.Columns;
        for (int rowStart = 0, row = 0; rowStart < total.Length && k < occupied; rowStart += columns, row++)
        {
            for (int column = 0; column < columns; column++)
            {
                int count = total[rowStart + column];
                if (count != 0)
                {
                    cells[k++] = grid.Cell(column, row, count, totalSums?[rowStart + column] ?? 0);
                }
            }
        }

        return (cells, outside.Sum());
    }

    private static (GridCell[] Cells, int Outside) CountSparse(
        ReadOnlyMemory<double> eastings, ReadOnlyMemory<double> northings, ReadOnlyMemory<double>? values, GridSpec grid)
    {
        int n = eastings.Length;
        int partitions = SurfaceGuards.Partitions(n);
        var maps = new Dictionary<long, Accumulator>[partitions];
        var outside = new int[partitions];

        Parallel.For(0, partitions, p =>
        {
            int start = SurfaceGuards.PartitionStart(n, partitions, p);
            int end = SurfaceGuards.PartitionStart(n, partitions, p + 1);
            ReadOnlySpan<double> es = eastings.Span;
            ReadOnlySpan<double> ns = northings.Span;
            ReadOnlySpan<double> vs = values is { } v ? v.Span : default;
            var map = new Dictionary<long, Accumulator>(MixedKeyComparer.Instance);
            int localOutside = 0;
            for (int i = start; i < end; i++)
            {
                long index = grid.IndexOf(es[i], ns[i]);
                if (index < 0)
                {
                    localOutside++;
                    continue;
                }

                ref Accumulator acc = ref CollectionsMarshal.GetValueRefOrAddDefault(map, index, out _);
                acc.Count++;
                if (!vs.IsEmpty)
                {
                    acc.Sum += vs[i];
                }
            }

            maps[p] = map;
            outside[p] = localOutside;
        });

        Dictionary<long, Accumulator> merged = maps[0];
        for (int p = 1; p < partitions; p++)
        {
            foreach (KeyValuePair<long, Accumulator> pair in maps[p])
            {
                ref Accumulator acc = ref CollectionsMarshal.GetValueRefOrAddDefault(merged, pair.Key, out _);
                acc.Count += pair.Value.Count;
                acc.Sum += pair.Value.Sum;
            }
        }

        long[] keys = [.. merged.Keys];
        Array.Sort(keys);
        var cells = new GridCell[keys.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            Accumulator acc = merged[keys[i]];
            cells[i] = grid.Cell(keys[i], acc.Count, acc.Sum);
        }

        return (cells, outside.Sum());
    }

    private struct Accumulator
    {
        public int Count;
        public double Sum;
    }

    /// <summary>Maps a point to its row-major index (row − minRow) × columns + (column − minColumn), or −1 outside the extent.</summary>
    private readonly struct GridSpec(double cellSize, long minColumn, long minRow, long columns, GridExtent? extent)
    {
        private readonly bool _clip = extent.HasValue;
        private readonly GridExtent _extent = extent.GetValueOrDefault();

        public long IndexOf(double easting, double northing)
        {
            if (_clip && !_extent.Contains(easting, northing))
            {
                return -1;
            }

            // Division (not multiplication by the reciprocal) so that cells match BngPoint.GridCellKey exactly.
            long column = (long)Math.Floor(easting / cellSize) - minColumn;
            long row = (long)Math.Floor(northing / cellSize) - minRow;
            return (row * columns) + column;
        }

        public long Columns => columns;

        public GridCell Cell(long index, int count, double sum) => Cell(index % columns, index / columns, count, sum);

        public GridCell Cell(long relativeColumn, long relativeRow, int count, double sum)
        {
            long column = minColumn + relativeColumn;
            long row = minRow + relativeRow;
            return new GridCell(column, row, column * cellSize, row * cellSize, count, sum);
        }
    }
}
