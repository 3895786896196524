using System.Runtime.InteropServices;

namespace Waymark.Core.Analytics.Surfaces;

/// <summary>
/// One occupied pointy-top hexagon of a <see cref="HexBins"/> lattice, British National Grid (EPSG:27700) metres.
/// </summary>
/// <remarks>
/// (<see cref="Q"/>, <see cref="R"/>) are axial coordinates (Red Blob Games, "Hexagonal Grids", 2013–2021,
/// https://www.redblobgames.com/grids/hexagons/): hexagon (0, 0) is centred on the grid origin, +Q steps east by
/// √3 × size, +R steps north-east by (√3/2 × size, 1.5 × size). <see cref="Vertices"/> gives the six corners
/// counter-clockwise from the one at −30° (east-south-east), the orientation RFC 7946 asks of an exterior ring;
/// a GeoJSON ring repeats the first vertex at the end. It is computed on each read, so that a million-point
/// binning does not allocate an array per hexagon. <see cref="Count"/> is at least 1.
/// </remarks>
/// <param name="Q">Axial column.</param>
/// <param name="R">Axial row (rows run south to north).</param>
/// <param name="CentreEasting">Centre easting, metres.</param>
/// <param name="CentreNorthing">Centre northing, metres.</param>
/// <param name="Count">Number of points in the hexagon.</param>
/// <param name="ValueSum">Sum of the points' values, or 0 when none were given.</param>
/// <param name="SizeMetres">Centre-to-vertex radius, metres.</param>
public readonly record struct HexCell(int Q, int R, double CentreEasting, double CentreNorthing, int Count, double ValueSum, double SizeMetres)
{
    /// <summary>The six corners, metres, counter-clockwise from the one at −30°.</summary>
    public IReadOnlyList<PlanarCoordinate> Vertices => HexBins.VerticesOf(Q, R, SizeMetres);
}

/// <summary>Result of <see cref="HexBins.Count"/>: occupied hexagons ordered by axial row (south to north), then column.</summary>
/// <remarks>Invariant: the cells' counts sum to <see cref="PointCount"/>.</remarks>
public sealed class HexBinResult
{
    private readonly HexCell[] _cells;

    internal HexBinResult(double sizeMetres, HexCell[] cells, int pointCount, bool hasValues)
    {
        SizeMetres = sizeMetres;
        _cells = cells;
        PointCount = pointCount;
        HasValues = hasValues;
    }

    /// <summary>Centre-to-vertex radius of each hexagon, metres (also its side length).</summary>
    public double SizeMetres { get; }

    /// <summary>Area of one hexagon, square metres: 3√3/2 × size².</summary>
    public double CellAreaSquareMetres => 1.5 * Math.Sqrt(3) * SizeMetres * SizeMetres;

    /// <summary>The occupied hexagons.</summary>
    public IReadOnlyList<HexCell> Cells => _cells;

    /// <summary>Number of points counted.</summary>
    public int PointCount { get; }

    /// <summary>Whether value sums were accumulated.</summary>
    public bool HasValues { get; }
}

/// <summary>
/// Counts points (easting, northing in metres, British National Grid EPSG:27700) on a lattice of pointy-top
/// hexagons of a given size (centre-to-vertex radius, metres), anchored with hexagon (0, 0) centred on the
/// grid origin.
/// </summary>
/// <remarks>
/// A point goes to the hexagon whose centre is nearest (hexagons are the Voronoi cells of their centres),
/// found by converting the point to fractional axial coordinates and applying cube rounding — round all three
/// cube coordinates and recompute the one that moved most from the other two (Red Blob Games, "Hexagonal
/// Grids", sections "Pixel to Hex" and "Rounding"). Points on a shared edge go to either neighbour.
/// The same cell-limit guard as <see cref="GridCounts"/> applies to the number of hexagons over the points'
/// bounding box.
/// </remarks>
public static class HexBins
{
    /// <summary>Smallest hexagon size, metres.</summary>
    public const double MinimumSizeMetres = 10;

    private static readonly double Sqrt3 = Math.Sqrt(3);

    // Unit corner offsets at 60° × i − 30°, i = 0..5 (pointy top: the corner at 90° points north).
    private static readonly PlanarCoordinate[] UnitCorners =
        [.. Enumerable.Range(0, 6).Select(i => new PlanarCoordinate(Math.Cos(Math.PI / 180 * ((60 * i) - 30)), Math.Sin(Math.PI / 180 * ((60 * i) - 30))))];

    /// <summary>Counts points on hexagons.</summary>
    /// <param name="eastings">Eastings, metres; finite.</param>
    /// <param name="northings">Northings, metres; finite; one per easting.</param>
    /// <param name="sizeMetres">Centre-to-vertex radius, metres, at least <see cref="MinimumSizeMetres"/>.</param>
    /// <param name="values">Optional value per point, summed per hexagon.</param>
    /// <param name="maxCells">Largest number of hexagons the points' bounding box may span.</param>
    /// <returns>The occupied hexagons.</returns>
    /// <exception cref="ArgumentException">A bad size, non-finite coordinates or values, mismatched lengths, or too many hexagons.</exception>
    public static HexBinResult Count(
        ReadOnlyMemory<double> eastings,
        ReadOnlyMemory<double> northings,
        double sizeMetres,
        ReadOnlyMemory<double>? values = null,
        long maxCells = GridCounts.DefaultMaxCells)
    {
        SurfaceGuards.RequirePositiveSize(sizeMetres, MinimumSizeMetres, nameof(sizeMetres));
        SurfaceGuards.RequireMaxCells(maxCells, nameof(maxCells));
        SurfaceGuards.Bounds bounds = SurfaceGuards.ScanPoints(eastings.Span, northings.Span, nameof(eastings), nameof(northings));
        if (values is { } v)
        {
            SurfaceGuards.RequireValues(v.Span, eastings.Length, nameof(values));
        }

        int n = eastings.Length;
        if (n == 0)
        {
            return new HexBinResult(sizeMetres, [], 0, values is not null);
        }

        // Hexagons span √3 × size east-west and rows are 1.5 × size apart; allow a partial one at each side.
        double columns = Math.Floor((bounds.MaxE - bounds.MinE) / (Sqrt3 * sizeMetres)) + 2;
        double rows = Math.Floor((bounds.MaxN - bounds.MinN) / (1.5 * sizeMetres)) + 2;
        SurfaceGuards.RequireCellCount(columns, rows, maxCells, sizeMetres, nameof(sizeMetres));

        // Pass 1: each point's hexagon, and the range of rows and of "odd-r offset" columns q + ⌊r/2⌋
        // (Red Blob Games, "Offset coordinates"), in which the occupied hexagons form a rectangle.
        var qs = new int[n];
        var rs = new int[n];
        int partitions = SurfaceGuards.Partitions(n);
        var ranges = new (int MinCol, int MaxCol, int MinRow, int MaxRow)[partitions];
        Parallel.For(0, partitions, p =>
        {
            int start = SurfaceGuards.PartitionStart(n, partitions, p);
            int end = SurfaceGuards.PartitionStart(n, partitions, p + 1);
            ReadOnlySpan<double> es = eastings.Span;
            ReadOnlySpan<double> ns = northings.Span;
            int minCol = int.MaxValue, maxCol = int.MinValue, minRow = int.MaxValue, maxRow = int.MinValue;
            for (int i = start; i < end; i++)
            {
                (int q, int r) = AxialOf(es[i], ns[i], sizeMetres);
                qs[i] = q;
                rs[i] = r;
                int col = q + (r >> 1);
                minCol = Math.Min(minCol, col);
                maxCol = Math.Max(maxCol, col);
                minRow = Math.Min(minRow, r);
                maxRow = Math.Max(maxRow, r);
            }

            ranges[p] = (minCol, maxCol, minRow, maxRow);
        });

        int colLo = ranges.Min(x => x.MinCol), colHi = ranges.Max(x => x.MaxCol);
        int rowLo = ranges.Min(x => x.MinRow), rowHi = ranges.Max(x => x.MaxRow);
        long width = (long)colHi - colLo + 1;
        long cellCount = width * ((long)rowHi - rowLo + 1);

        // Pass 2: count per hexagon, in a dense array indexed (row − rowLo) × width + (col − colLo) when that
        // is not much larger than the number of points, else in a dictionary on the same index.
        var counts = new Dictionary<long, (int Count, double Sum)>(MixedKeyComparer.Instance);
        int[]? denseCounts = null;
        double[]? denseSums = null;
        if (cellCount <= 16_000_000 && cellCount <= (4L * n) + 65_536)
        {
            denseCounts = new int[cellCount];
            denseSums = values is null ? null : new double[cellCount];
            ReadOnlySpan<double> vs = values is { } vv ? vv.Span : default;
            for (int i = 0; i < n; i++)
            {
                long index = (((long)rs[i] - rowLo) * width) + (qs[i] + (rs[i] >> 1) - colLo);
                denseCounts[index]++;
                if (denseSums is not null)
                {
                    denseSums[index] += vs[i];
                }
            }
        }
        else
        {
            ReadOnlySpan<double> vs = values is { } vv ? vv.Span : default;
            for (int i = 0; i < n; i++)
            {
                long index = (((long)rs[i] - rowLo) * width) + (qs[i] + (rs[i] >> 1) - colLo);
                ref (int Count, double Sum) acc = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, index, out _);
                acc.Count++;
                if (!vs.IsEmpty)
                {
                    acc.Sum += vs[i];
                }
            }
        }

        long[] occupied = denseCounts is null
            ? [.. counts.Keys.Order()]
            : [.. Enumerable.Range(0, denseCounts.Length).Where(i => denseCounts[i] != 0).Select(i => (long)i)];
        var cells = new HexCell[occupied.Length];
        for (int k = 0; k < occupied.Length; k++)
        {
            long index = occupied[k];
            int r = (int)(index / width) + rowLo;
            int q = (int)(index % width) + colLo - (r >> 1);
            PlanarCoordinate centre = CentreOf(q, r, sizeMetres);
            (int count, double sum) = denseCounts is null
                ? counts[index]
                : (denseCounts[index], denseSums?[index] ?? 0);
            cells[k] = new HexCell(q, r, centre.Easting, centre.Northing, count, sum, sizeMetres);
        }

        return new HexBinResult(sizeMetres, cells, n, values is not null);
    }

    /// <summary>The hexagon containing a point: axial coordinates by cube rounding.</summary>
    /// <param name="easting">Easting, metres.</param>
    /// <param name="northing">Northing, metres.</param>
    /// <param name="sizeMetres">Centre-to-vertex radius, metres.</param>
    /// <returns>Axial (q, r).</returns>
    public static (int Q, int R) AxialOf(double easting, double northing, double sizeMetres)
    {
        // Pixel to hex, pointy top (Red Blob Games): q = (√3/3 x − y/3) / size, r = (2/3 y) / size.
        double fq = ((Sqrt3 / 3 * easting) - (northing / 3)) / sizeMetres;
        double fr = 2.0 / 3 * northing / sizeMetres;
        double fs = -fq - fr;
        double q = Math.Round(fq);
        double r = Math.Round(fr);
        double s = Math.Round(fs);
        double dq = Math.Abs(q - fq);
        double dr = Math.Abs(r - fr);
        double ds = Math.Abs(s - fs);
        if (dq > dr && dq > ds)
        {
            q = -r - s;
        }
        else if (dr > ds)
        {
            r = -q - s;
        }

        return ((int)q, (int)r);
    }

    /// <summary>Centre of hexagon (q, r), metres: x = size × (√3 q + √3/2 r), y = size × 3/2 r.</summary>
    /// <param name="q">Axial column.</param>
    /// <param name="r">Axial row.</param>
    /// <param name="sizeMetres">Centre-to-vertex radius, metres.</param>
    /// <returns>The centre.</returns>
    public static PlanarCoordinate CentreOf(int q, int r, double sizeMetres) =>
        new(sizeMetres * ((Sqrt3 * q) + (Sqrt3 / 2 * r)), sizeMetres * 1.5 * r);

    /// <summary>The six corners of hexagon (q, r), counter-clockwise from the one at −30°.</summary>
    /// <param name="q">Axial column.</param>
    /// <param name="r">Axial row.</param>
    /// <param name="sizeMetres">Centre-to-vertex radius, metres.</param>
    /// <returns>Six corners, metres.</returns>
    public static PlanarCoordinate[] VerticesOf(int q, int r, double sizeMetres)
    {
        PlanarCoordinate centre = CentreOf(q, r, sizeMetres);
        var vertices = new PlanarCoordinate[6];
        for (int i = 0; i < 6; i++)
        {
            vertices[i] = new PlanarCoordinate(
                centre.Easting + (sizeMetres * UnitCorners[i].Easting), centre.Northing + (sizeMetres * UnitCorners[i].Northing));
        }

        return vertices;
    }
}
