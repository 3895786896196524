using System.Runtime.InteropServices;

namespace Waymark.Core.Analytics.Spatial;

public sealed partial class SpatialWeights
{
    // Points are processed in bucket order in ranges of this many; each range keeps its own
    // neighbour buffer, so no locking and the output does not depend on thread timing.
    private const int PointChunk = 4096;

    /// <summary>
    /// Binary distance-band weights over planar points: j is a neighbour of i when i ≠ j and the
    /// Euclidean distance is at most <paramref name="threshold"/> (PySAL's
    /// <c>libpysal.weights.DistanceBand(points, threshold, binary=True)</c>).
    /// </summary>
    /// <remarks>
    /// Uses a uniform bucket grid with buckets of side ≈ <paramref name="threshold"/>, so each
    /// point compares against the points of the surrounding 3×3 buckets rather than all n.
    /// Distances are compared squared, dx² + dy² ≤ threshold², as SciPy's KD-tree does, so a pair
    /// exactly at the threshold is included. Neighbours are listed in ascending position.
    /// Unlike PySAL, which drops zero entries of its sparse distance matrix, distinct points at
    /// identical coordinates are neighbours of each other (their distance, 0, is within the band).
    /// </remarks>
    /// <param name="x">Easting (or x) of each point, metres.</param>
    /// <param name="y">Northing (or y) of each point, metres, same length as <paramref name="x"/>.</param>
    /// <param name="threshold">Band radius in the same unit, finite and &gt; 0.</param>
    /// <exception cref="ArgumentException">Lengths differ or a coordinate is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threshold"/> is not finite and positive.</exception>
    public static SpatialWeights DistanceBand(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double threshold)
    {
        RequireSameLength(x, y);
        if (!(threshold > 0.0) || !double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The distance band must be a finite positive distance.");
        }

        PointBuckets buckets = PointBuckets.Build(x, y, threshold);
        int n = buckets.Count;
        double t2 = threshold * threshold;
        int reach = (int)Math.Ceiling(threshold / buckets.CellSize);
        var countBySorted = new int[n];
        var chunkRows = new int[ParallelRanges.ChunkCount(n, PointChunk)][];

        ParallelRanges.ForChunks(n, PointChunk, (chunk, start, end) =>
        {
            var buffer = new List<int>((end - start) * 8);
            double[] bx = buckets.X, by = buckets.Y;
            int[] ids = buckets.Id, cellStart = buckets.CellStart;
            for (int s = start; s < end; s++)
            {
                double px = bx[s], py = by[s];
                int cx = buckets.ColumnOf(px), cy = buckets.RowOf(py);
                int before = buffer.Count;
                int rowLow = Math.Max(0, cy - reach), rowHigh = Math.Min(buckets.Rows - 1, cy + reach);
                int colLow = Math.Max(0, cx - reach), colHigh = Math.Min(buckets.Columns - 1, cx + reach);
                for (int gy = rowLow; gy <= rowHigh; gy++)
                {
                    int first = cellStart[gy * buckets.Columns + colLow];
                    int last = cellStart[gy * buckets.Columns + colHigh + 1];

                    // Buckets of one grid row are contiguous in bucket order: one linear scan.
                    for (int q = first; q < last; q++)
                    {
                        double dx = bx[q] - px, dy = by[q] - py;
                        if (dx * dx + dy * dy <= t2 && q != s)
                        {
                            buffer.Add(ids[q]);
                        }
                    }
                }

                CollectionsMarshal.AsSpan(buffer)[before..].Sort();
                countBySorted[s] = buffer.Count - before;
            }

            chunkRows[chunk] = [.. buffer];
        });

        return Assemble(buckets.Id, countBySorted, chunkRows);
    }

    /// <summary>
    /// Binary k-nearest-neighbour weights over planar points: the k points closest to i, other
    /// than i (PySAL's <c>libpysal.weights.KNN</c>). The relation is not symmetric in general.
    /// </summary>
    /// <remarks>
    /// Searches outward ring by ring through a bucket grid sized for about k points a bucket and
    /// stops once the k-th distance is shorter than the nearest unsearched ring can be. Equal
    /// distances are broken by position (lower first) so the result is deterministic; SciPy's
    /// KD-tree breaks them arbitrarily. Neighbours are listed in ascending position.
    /// </remarks>
    /// <param name="x">Easting (or x) of each point, metres.</param>
    /// <param name="y">Northing (or y) of each point, metres.</param>
    /// <param name="k">Neighbours per point, 1 ≤ k ≤ n − 1.</param>
    /// <exception cref="ArgumentException">Lengths differ or a coordinate is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is out of range.</exception>
    public static SpatialWeights KNearestNeighbours(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int k)
    {
        RequireSameLength(x, y);
        int n = x.Length;
        if (k < 1 || k > n - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(k), k, $"k must be between 1 and n - 1 = {n - 1}.");
        }

        // Aim for ~k points a bucket; the builder enlarges buckets if the extent is degenerate.
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity;
        double maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            minX = Math.Min(minX, x[i]);
            maxX = Math.Max(maxX, x[i]);
            minY = Math.Min(minY, y[i]);
            maxY = Math.Max(maxY, y[i]);
        }

        double width = maxX - minX, height = maxY - minY;
        double targetCells = Math.Max(1.0, (double)n / k);
        double cellSize = width > 0 && height > 0
            ? Math.Sqrt(width * height / targetCells)
            : Math.Max(width, height) / targetCells;
        PointBuckets buckets = PointBuckets.Build(x, y, double.IsFinite(cellSize) && cellSize > 0 ? cellSize : 1.0);

        var countBySorted = new int[n];
        var chunkRows = new int[ParallelRanges.ChunkCount(n, PointChunk)][];
        ParallelRanges.ForChunks(n, PointChunk, (chunk, start, end) =>
        {
            var rows = new int[(end - start) * k];
            var bestD2 = new double[k];
            var bestId = new int[k];
            double[] bx = buckets.X, by = buckets.Y;
            int[] ids = buckets.Id, cellStart = buckets.CellStart;
            for (int s = start; s < end; s++)
            {
                double px = bx[s], py = by[s];
                int cx = buckets.ColumnOf(px), cy = buckets.RowOf(py);
                int found = 0;
                for (int ring = 0; ; ring++)
                {
                    for (int gy = cy - ring; gy <= cy + ring; gy++)
                    {
                        if (gy < 0 || gy >= buckets.Rows)
                        {
                            continue;
                        }

                        // Whole rows at the top and bottom of the ring, two cells elsewhere.
                        bool edgeRow = gy == cy - ring || gy == cy + ring;
                        int step = edgeRow || ring == 0 ? 1 : 2 * ring;
                        for (int gx = cx - ring; gx <= cx + ring; gx += step)
                        {
                            if (gx < 0 || gx >= buckets.Columns)
                            {
                                continue;
                            }

                            int cell = gy * buckets.Columns + gx;
                            for (int q = cellStart[cell]; q < cellStart[cell + 1]; q++)
                            {
                                if (q == s)
                                {
                                    continue;
                                }

                                double dx = bx[q] - px, dy = by[q] - py;
                                Offer(dx * dx + dy * dy, ids[q], bestD2, bestId, ref found);
                            }
                        }
                    }

                    bool coversGrid = cx - ring <= 0 && cy - ring <= 0
                        && cx + ring >= buckets.Columns - 1 && cy + ring >= buckets.Rows - 1;

                    // Anything not yet searched is at least ring * cellSize away.
                    double reach = ring * buckets.CellSize;
                    if (coversGrid || (found == k && bestD2[k - 1] < reach * reach))
                    {
                        break;
                    }
                }

                Span<int> row = rows.AsSpan((s - start) * k, k);
                bestId.AsSpan().CopyTo(row);
                row.Sort();
                countBySorted[s] = k;
            }

            chunkRows[chunk] = rows;
        });

        return Assemble(buckets.Id, countBySorted, chunkRows);
    }

    /// <summary>
    /// Binary distance-band weights over the cells of a regular grid, each cell standing for the
    /// point at its centre: the same links as <see cref="DistanceBand"/> over those centres,
    /// built from a precomputed stencil of offsets without any search.
    /// </summary>
    /// <remarks>
    /// Cell (column c, row r) is observation r·<paramref name="columns"/> + c (row-major; row 0
    /// is whichever edge the caller's data starts from, e.g. the southern one for National Grid
    /// cells). Cells (c, r) and (c + dc, r + dr) are neighbours when
    /// (dc·size)² + (dr·size)² ≤ threshold². With 1 km cells a 1,000 m band gives the 4 rook
    /// neighbours, 1,500 m the 8 queen neighbours and 2,000 m twelve. Cells at the edge of the
    /// grid have fewer neighbours (there is no wrap-around).
    /// </remarks>
    /// <param name="columns">Cells west to east, ≥ 1.</param>
    /// <param name="rows">Cells south to north, ≥ 1.</param>
    /// <param name="cellSize">Side of a cell in metres, finite and &gt; 0.</param>
    /// <param name="threshold">Band radius between centres in metres, finite and &gt; 0.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is out of range, or the grid has more than int.MaxValue cells.</exception>
    /// <exception cref="ArgumentException">The links would not fit in one array.</exception>
    public static SpatialWeights RegularGrid(int columns, int rows, double cellSize, double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if (!(cellSize > 0.0) || !double.IsFinite(cellSize))
        {
            throw new ArgumentOutOfRangeException(nameof(cellSize), cellSize, "The cell size must be a finite positive distance.");
        }

        if (!(threshold > 0.0) || !double.IsFinite(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The distance band must be a finite positive distance.");
        }

        long cellCount = (long)columns * rows;
        if (cellCount > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), "The grid has more cells than fit in one array.");
        }

        // The stencil, in (dr, dc) order so that every row's neighbours come out ascending.
        // One ring more than threshold/size, in case the division rounds down across an integer;
        // the distance test below decides.
        int reach = (int)Math.Min(Math.Max(columns, rows), Math.Floor(threshold / cellSize) + 1);
        double t2 = threshold * threshold;
        var stencilDr = new List<int>();
        var stencilDc = new List<int>();
        for (int dr = -reach; dr <= reach; dr++)
        {
            for (int dc = -reach; dc <= reach; dc++)
            {
                double dx = dc * cellSize, dy = dr * cellSize;
                if ((dr != 0 || dc != 0) && dx * dx + dy * dy <= t2)
                {
                    stencilDr.Add(dr);
                    stencilDc.Add(dc);
                }
            }
        }

        int n = (int)cellCount;
        int[] sdr = [.. stencilDr];
        int[] sdc = [.. stencilDc];
        var offsets = new int[n + 1];
        ParallelRanges.For(rows, Math.Max(1, ParallelRanges.DefaultGrain / columns), (rowStart, rowEnd) =>
        {
            for (int r = rowStart; r < rowEnd; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    int count = 0;
                    for (int s = 0; s < sdr.Length; s++)
                    {
                        int rr = r + sdr[s], cc = c + sdc[s];
                        if ((uint)rr < (uint)rows && (uint)cc < (uint)columns)
                        {
                            count++;
                        }
                    }

                    offsets[r * columns + c + 1] = count;
                }
            }
        });

        long total = 0;
        for (int i = 0; i < n; i++)
        {
            total += offsets[i + 1];
            if (total > Array.MaxLength)
            {
                throw new ArgumentException("The grid and band give more links than fit in one array; use a smaller band or grid.", nameof(threshold));
            }

            offsets[i + 1] = (int)total;
        }

        var neighbours = new int[total];
        int maxCardinality = 0;
        int islands = 0;
        object gate = new();
        ParallelRanges.For(rows, Math.Max(1, ParallelRanges.DefaultGrain / columns), (rowStart, rowEnd) =>
        {
            int localMax = 0;
            int localIslands = 0;
            for (int r = rowStart; r < rowEnd; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    int i = r * columns + c;
                    int at = offsets[i];
                    for (int s = 0; s < sdr.Length; s++)
                    {
                        int rr = r + sdr[s], cc = c + sdc[s];
                        if ((uint)rr < (uint)rows && (uint)cc < (uint)columns)
                        {
                            neighbours[at++] = rr * columns + cc;
                        }
                    }

                    int k = at - offsets[i];
                    localMax = Math.Max(localMax, k);
                    if (k == 0)
                    {
                        localIslands++;
                    }
                }
            }

            lock (gate)
            {
                maxCardinality = Math.Max(maxCardinality, localMax);
                islands += localIslands;
            }
        });

        // Built correct by construction (in range, no self, no repeats, ascending): skip Create's checks.
        return new SpatialWeights(offsets, neighbours, null, null, WeightsTransformation.Binary, true, maxCardinality, islands);
    }

    /// <summary>
    /// Turns rows found in bucket order (chunk c holds the rows of sorted positions
    /// c·PointChunk onward, back to back) into CSR arrays in original position order.
    /// </summary>
    private static SpatialWeights Assemble(int[] originalOf, int[] countBySorted, int[][] chunkRows)
    {
        int n = originalOf.Length;
        var offsets = new int[n + 1];
        for (int s = 0; s < n; s++)
        {
            offsets[originalOf[s] + 1] = countBySorted[s];
        }

        long total = 0;
        int maxCardinality = 0;
        int islands = 0;
        for (int i = 0; i < n; i++)
        {
            int k = offsets[i + 1];
            maxCardinality = Math.Max(maxCardinality, k);
            if (k == 0)
            {
                islands++;
            }

            total += k;
            if (total > Array.MaxLength)
            {
                throw new ArgumentException("The points and band give more links than fit in one array; use a smaller band.");
            }

            offsets[i + 1] = (int)total;
        }

        var neighbours = new int[total];
        ParallelRanges.ForChunks(n, PointChunk, (chunk, start, end) =>
        {
            int[] rows = chunkRows[chunk];
            int cursor = 0;
            for (int s = start; s < end; s++)
            {
                int k = countBySorted[s];
                Array.Copy(rows, cursor, neighbours, offsets[originalOf[s]], k);
                cursor += k;
            }
        });

        return new SpatialWeights(offsets, neighbours, null, null, WeightsTransformation.Binary, true, maxCardinality, islands);
    }

    /// <summary>Keeps the k best (distance², position) pairs, ascending, in the two arrays.</summary>
    private static void Offer(double d2, int id, double[] bestD2, int[] bestId, ref int found)
    {
        int k = bestD2.Length;
        if (found == k)
        {
            double worst = bestD2[k - 1];
            if (d2 > worst || (d2 == worst && id > bestId[k - 1]))
            {
                return;
            }
        }
        else
        {
            found++;
        }

        int at = found - 1;
        while (at > 0 && (bestD2[at - 1] > d2 || (bestD2[at - 1] == d2 && bestId[at - 1] > id)))
        {
            bestD2[at] = bestD2[at - 1];
            bestId[at] = bestId[at - 1];
            at--;
        }

        bestD2[at] = d2;
        bestId[at] = id;
    }

    private static void RequireSameLength(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"x has {x.Length} values but y has {y.Length}; give one x and one y per point.", nameof(y));
        }
    }
}
