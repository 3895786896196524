namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// A uniform-grid bucket index over planar points (metres, or any consistent unit): points are
/// counting-sorted into square cells so neighbour searches touch only nearby cells, O(n) to
/// build and O(points in the searched cells) per query.
/// </summary>
/// <remarks>
/// Chosen over NetTopologySuite's STRtree/KdTree because the searches here are all fixed-radius
/// or k-nearest over points of fairly even density (cell centres, incident locations), where a
/// flat grid is simpler, allocation-free per query and several times faster. Coordinates are
/// copied in cell order, which also makes the scans cache-friendly.
/// </remarks>
internal sealed class PointBuckets
{
    private PointBuckets(double minX, double minY, double cellSize, int columns, int rows, int[] cellStart, double[] x, double[] y, int[] id)
    {
        MinX = minX;
        MinY = minY;
        CellSize = cellSize;
        Columns = columns;
        Rows = rows;
        CellStart = cellStart;
        X = x;
        Y = y;
        Id = id;
    }

    public double MinX { get; }

    public double MinY { get; }

    /// <summary>Side of a bucket, ≥ the requested size (enlarged to keep the bucket count ≤ ~4n).</summary>
    public double CellSize { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>Bucket b holds sorted positions CellStart[b] .. CellStart[b+1]−1; b = row·Columns + column.</summary>
    public int[] CellStart { get; }

    /// <summary>x of each point, in bucket order.</summary>
    public double[] X { get; }

    /// <summary>y of each point, in bucket order.</summary>
    public double[] Y { get; }

    /// <summary>Original position of each point, in bucket order.</summary>
    public int[] Id { get; }

    public int Count => Id.Length;

    public int ColumnOf(double x) => Math.Clamp((int)((x - MinX) / CellSize), 0, Columns - 1);

    public int RowOf(double y) => Math.Clamp((int)((y - MinY) / CellSize), 0, Rows - 1);

    public static PointBuckets Build(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double desiredCellSize)
    {
        int n = x.Length;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"Point {i} has a coordinate that is not a finite number ({x[i]}, {y[i]}).", nameof(x));
            }

            minX = Math.Min(minX, x[i]);
            maxX = Math.Max(maxX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxY = Math.Max(maxY, y[i]);
        }

        if (n == 0)
        {
            minX = minY = maxX = maxY = 0.0;
        }

        double extent = Math.Max(maxX - minX, maxY - minY);

        // Never more than ~4 buckets a point (memory), and never so small a bucket that the
        // column count overflows; a larger bucket only costs scanning a few more points.
        double cellSize = Math.Max(desiredCellSize, extent / 1e7);
        if (!(cellSize > 0.0))
        {
            cellSize = 1.0;
        }

        long maxCells = Math.Max(64L, 4L * n);
        long columns, rows;
        while (true)
        {
            columns = (long)Math.Floor((maxX - minX) / cellSize) + 1;
            rows = (long)Math.Floor((maxY - minY) / cellSize) + 1;
            if (columns * rows <= maxCells)
            {
                break;
            }

            cellSize *= 1.5;
        }

        int cols = (int)columns;
        int rws = (int)rows;
        var cellOf = new int[n];
        var cellStart = new int[cols * rws + 1];
        for (int i = 0; i < n; i++)
        {
            int cx = Math.Clamp((int)((x[i] - minX) / cellSize), 0, cols - 1);
            int cy = Math.Clamp((int)((y[i] - minY) / cellSize), 0, rws - 1);
            int cell = cy * cols + cx;
            cellOf[i] = cell;
            cellStart[cell + 1]++;
        }

        for (int c = 0; c < cols * rws; c++)
        {
            cellStart[c + 1] += cellStart[c];
        }

        var fill = new int[cols * rws];
        var sx = new double[n];
        var sy = new double[n];
        var id = new int[n];
        for (int i = 0; i < n; i++)
        {
            int cell = cellOf[i];
            int at = cellStart[cell] + fill[cell]++;
            sx[at] = x[i];
            sy[at] = y[i];
            id[at] = i;
        }

        return new PointBuckets(minX, minY, cellSize, cols, rws, cellStart, sx, sy, id);
    }
}
