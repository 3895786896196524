namespace Waymark.Core.Analytics.Spatial;

/// <summary>How the weights of a <see cref="SpatialWeights"/> matrix are scaled (PySAL's <c>W.transform</c>).</summary>
public enum WeightsTransformation
{
    /// <summary>"B": every neighbour has weight 1; a row sums to the number of neighbours.</summary>
    Binary,

    /// <summary>"R": each neighbour of i has weight 1/kᵢ, so every non-island row sums to 1.</summary>
    RowStandardised,
}

/// <summary>
/// A sparse spatial weights matrix W over n observations (positions 0..n−1), stored row-wise in
/// compressed sparse row form: for observation i, its neighbours j and the weights wᵢⱼ.
/// </summary>
/// <remarks>
/// <para>Invariants, checked when an instance is made:</para>
/// <list type="bullet">
/// <item>every neighbour index is in [0, n); no observation lists itself (wᵢᵢ = 0; Gi* adds the
/// self-weight itself); no neighbour is listed twice in a row;</item>
/// <item>the underlying relation is binary (all builders here make contiguity, distance-band or
/// k-nearest-neighbour links), and <see cref="Transformation"/> says how it is scaled: 1 per link
/// for <see cref="WeightsTransformation.Binary"/>, 1/kᵢ for
/// <see cref="WeightsTransformation.RowStandardised"/>;</item>
/// <item>the relation need not be symmetric (k-nearest neighbours is not); S1 and S2 account for that;</item>
/// <item>an observation with no neighbours is an island: its row is empty (sums to 0 under
/// either transformation, as in PySAL).</item>
/// </list>
/// <para>
/// Instances are immutable and thread-safe. <see cref="Transform"/> returns a new instance that
/// shares the neighbour arrays, so switching between B and R costs one array of weights.
/// </para>
/// </remarks>
public sealed partial class SpatialWeights
{
    private readonly int[] _offsets;
    private readonly int[] _neighbours;

    // Null when binary: spans of _ones stand in for the rows, so a binary matrix over a
    // quarter of a million cells does not carry millions of 1.0s.
    private readonly double[]? _weights;
    private readonly double[] _ones;
    private readonly string[]? _ids;
    private readonly Dictionary<string, int>? _idIndex;
    private readonly bool _rowsSorted;
    private WeightSums? _sums;

    private SpatialWeights(
        int[] offsets,
        int[] neighbours,
        string[]? ids,
        Dictionary<string, int>? idIndex,
        WeightsTransformation transformation,
        bool rowsSorted,
        int maxCardinality,
        int islandCount)
    {
        _offsets = offsets;
        _neighbours = neighbours;
        _ids = ids;
        _idIndex = idIndex;
        _rowsSorted = rowsSorted;
        Transformation = transformation;
        MaxCardinality = maxCardinality;
        IslandCount = islandCount;
        _ones = new double[maxCardinality];
        Array.Fill(_ones, 1.0);

        if (transformation == WeightsTransformation.RowStandardised)
        {
            _weights = new double[neighbours.Length];
            int n = offsets.Length - 1;
            for (int i = 0; i < n; i++)
            {
                int start = offsets[i];
                int end = offsets[i + 1];
                if (end > start)
                {
                    Array.Fill(_weights, 1.0 / (end - start), start, end - start);
                }
            }
        }
    }

    /// <summary>Number of observations n (rows and columns of W).</summary>
    public int Count => _offsets.Length - 1;

    /// <summary>Number of stored links (non-zero wᵢⱼ), counting i→j and j→i separately.</summary>
    public int LinkCount => _neighbours.Length;

    /// <summary>How the binary relation is scaled into weights.</summary>
    public WeightsTransformation Transformation { get; }

    /// <summary>Largest number of neighbours of any observation.</summary>
    public int MaxCardinality { get; }

    /// <summary>Number of observations without neighbours.</summary>
    public int IslandCount { get; }

    /// <summary>
    /// The identifiers of the observations in position order when the matrix was read from a
    /// file that names them (GAL); null otherwise, when positions are the identifiers.
    /// </summary>
    public IReadOnlyList<string>? Ids => _ids;

    /// <summary>S0 = Σᵢ Σⱼ wᵢⱼ, the sum of all weights (Cliff &amp; Ord 1981).</summary>
    public double S0 => Sums.S0;

    /// <summary>S1 = ½ Σᵢ Σⱼ (wᵢⱼ + wⱼᵢ)² (Cliff &amp; Ord 1981).</summary>
    public double S1 => Sums.S1;

    /// <summary>S2 = Σᵢ (wᵢ. + w.ᵢ)², row plus column sums squared (Cliff &amp; Ord 1981).</summary>
    public double S2 => Sums.S2;

    private WeightSums Sums => _sums ??= ComputeSums();

    /// <summary>Number of neighbours kᵢ of observation <paramref name="i"/>.</summary>
    public int Cardinality(int i) => _offsets[i + 1] - _offsets[i];

    /// <summary>Positions of the neighbours of observation <paramref name="i"/>.</summary>
    public ReadOnlySpan<int> Neighbours(int i) => _neighbours.AsSpan(_offsets[i], _offsets[i + 1] - _offsets[i]);

    /// <summary>The weights wᵢⱼ of observation <paramref name="i"/>, aligned with <see cref="Neighbours"/>.</summary>
    public ReadOnlySpan<double> Weights(int i)
    {
        int start = _offsets[i];
        int length = _offsets[i + 1] - start;
        return _weights is null ? _ones.AsSpan(0, length) : _weights.AsSpan(start, length);
    }

    /// <summary>Row sum wᵢ. = Σⱼ wᵢⱼ: kᵢ when binary, 1 when row-standardised, 0 for an island.</summary>
    public double RowSum(int i)
    {
        int k = Cardinality(i);
        if (k == 0)
        {
            return 0.0;
        }

        return Transformation == WeightsTransformation.Binary ? k : 1.0;
    }

    /// <summary>Positions of the observations that have no neighbours, ascending.</summary>
    public int[] Islands()
    {
        var islands = new List<int>(IslandCount);
        for (int i = 0; i < Count; i++)
        {
            if (_offsets[i + 1] == _offsets[i])
            {
                islands.Add(i);
            }
        }

        return [.. islands];
    }

    /// <summary>Position of the observation with identifier <paramref name="id"/> (GAL-read matrices only).</summary>
    /// <exception cref="InvalidOperationException">The matrix has no identifiers.</exception>
    /// <exception cref="KeyNotFoundException">No observation has that identifier.</exception>
    public int IndexOf(string id)
    {
        if (_idIndex is null)
        {
            throw new InvalidOperationException("These weights were not read from a file that names observations; positions are the identifiers.");
        }

        return _idIndex.TryGetValue(id, out int index)
            ? index
            : throw new KeyNotFoundException($"No observation has the identifier '{id}'.");
    }

    /// <summary>The same links scaled by <paramref name="transformation"/> (this instance if already so).</summary>
    public SpatialWeights Transform(WeightsTransformation transformation)
    {
        if (transformation == Transformation)
        {
            return this;
        }

        if (!Enum.IsDefined(transformation))
        {
            throw new ArgumentOutOfRangeException(nameof(transformation), transformation, "Unknown weights transformation.");
        }

        return new SpatialWeights(_offsets, _neighbours, _ids, _idIndex, transformation, _rowsSorted, MaxCardinality, IslandCount);
    }

    /// <summary>
    /// Writes the spatial lag (Wy)ᵢ = Σⱼ wᵢⱼ yⱼ of <paramref name="values"/> into
    /// <paramref name="destination"/> (PySAL's <c>lag_spatial</c>); islands get 0.
    /// </summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="Count"/>.</exception>
    public void SpatialLag(ReadOnlySpan<double> values, Span<double> destination)
    {
        RequireLength(values.Length, nameof(values));
        RequireLength(destination.Length, nameof(destination));
        for (int i = 0; i < Count; i++)
        {
            int start = _offsets[i];
            int end = _offsets[i + 1];
            double sum = 0.0;
            for (int e = start; e < end; e++)
            {
                sum += values[_neighbours[e]];
            }

            // Both transformations weight a row uniformly, so scale once instead of per link.
            destination[i] = _weights is null || end == start ? sum : sum * _weights[start];
        }
    }

    /// <summary>The spatial lag Wy of <paramref name="values"/> as a new array.</summary>
    public double[] SpatialLag(ReadOnlySpan<double> values)
    {
        var lag = new double[Count];
        SpatialLag(values, lag);
        return lag;
    }

    /// <summary>
    /// Binary weights from explicit neighbour lists: <paramref name="neighbours"/>[i] holds the
    /// positions of i's neighbours (any order; kept as given).
    /// </summary>
    /// <exception cref="ArgumentException">A position is out of range, repeated, or is i itself.</exception>
    public static SpatialWeights FromNeighbourLists(IReadOnlyList<IReadOnlyList<int>> neighbours)
    {
        ArgumentNullException.ThrowIfNull(neighbours);
        int n = neighbours.Count;
        var offsets = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] = checked(offsets[i] + neighbours[i].Count);
        }

        var flat = new int[offsets[n]];
        for (int i = 0; i < n; i++)
        {
            IReadOnlyList<int> row = neighbours[i];
            for (int e = 0; e < row.Count; e++)
            {
                flat[offsets[i] + e] = row[e];
            }
        }

        return Create(offsets, flat, null, null);
    }

    /// <summary>Validates a CSR structure and wraps it as binary weights.</summary>
    private static SpatialWeights Create(int[] offsets, int[] neighbours, string[]? ids, Dictionary<string, int>? idIndex)
    {
        int n = offsets.Length - 1;
        int maxCardinality = 0;
        int islands = 0;
        bool sorted = true;

        // A per-row stamp detects duplicates in O(k) without clearing a set per row.
        var lastSeenInRow = new int[n];
        Array.Fill(lastSeenInRow, -1);
        for (int i = 0; i < n; i++)
        {
            int start = offsets[i];
            int end = offsets[i + 1];
            int k = end - start;
            maxCardinality = Math.Max(maxCardinality, k);
            if (k == 0)
            {
                islands++;
            }

            for (int e = start; e < end; e++)
            {
                int j = neighbours[e];
                if ((uint)j >= (uint)n)
                {
                    throw new ArgumentException($"Observation {Describe(i, ids)} has neighbour position {j}, outside 0..{n - 1}.", nameof(neighbours));
                }

                if (j == i)
                {
                    throw new ArgumentException($"Observation {Describe(i, ids)} lists itself as a neighbour; self-weights are not stored (Gi* adds its own).", nameof(neighbours));
                }

                if (lastSeenInRow[j] == i)
                {
                    throw new ArgumentException($"Observation {Describe(i, ids)} lists neighbour {Describe(j, ids)} more than once.", nameof(neighbours));
                }

                lastSeenInRow[j] = i;
                if (e > start && neighbours[e - 1] > j)
                {
                    sorted = false;
                }
            }
        }

        return new SpatialWeights(offsets, neighbours, ids, idIndex, WeightsTransformation.Binary, sorted, maxCardinality, islands);
    }

    internal static string Describe(int position, string[]? ids) =>
        ids is null ? position.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'{ids[position]}' (position {position})";

    internal string Describe(int position) => Describe(position, _ids);

    internal void RequireLength(int length, string parameterName)
    {
        if (length != Count)
        {
            throw new ArgumentException($"Expected {Count} values, one per observation of the weights, but got {length}.", parameterName);
        }
    }

    private WeightSums ComputeSums()
    {
        int n = Count;
        var rowSums = new double[n];
        var columnSums = new double[n];
        double s0 = 0.0;
        double sumOfSquares = 0.0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> row = Neighbours(i);
            ReadOnlySpan<double> w = Weights(i);
            double rowSum = 0.0;
            for (int e = 0; e < row.Length; e++)
            {
                rowSum += w[e];
                sumOfSquares += w[e] * w[e];
                columnSums[row[e]] += w[e];
            }

            rowSums[i] = rowSum;
            s0 += rowSum;
        }

        // S1 = 1/2 sum_ij (w_ij + w_ji)^2 = sum_ij w_ij^2 + sum_ij w_ij w_ji: the cross term
        // needs w_ji for each stored w_ij, looked up by binary search in row j (sorted copy if
        // the rows as given, e.g. from a GAL file, are not in ascending order).
        int[] sortedNeighbours = _neighbours;
        double[]? sortedWeights = _weights;
        if (!_rowsSorted)
        {
            sortedNeighbours = (int[])_neighbours.Clone();
            sortedWeights = _weights is null ? null : (double[])_weights.Clone();
            for (int i = 0; i < n; i++)
            {
                int start = _offsets[i];
                int length = _offsets[i + 1] - start;
                if (sortedWeights is null)
                {
                    Array.Sort(sortedNeighbours, start, length);
                }
                else
                {
                    Array.Sort(sortedNeighbours, sortedWeights, start, length);
                }
            }
        }

        double cross = 0.0;
        for (int i = 0; i < n; i++)
        {
            for (int e = _offsets[i]; e < _offsets[i + 1]; e++)
            {
                int j = sortedNeighbours[e];
                int start = _offsets[j];
                int found = Array.BinarySearch(sortedNeighbours, start, _offsets[j + 1] - start, i);
                if (found >= 0)
                {
                    double wij = sortedWeights is null ? 1.0 : sortedWeights[e];
                    double wji = sortedWeights is null ? 1.0 : sortedWeights[found];
                    cross += wij * wji;
                }
            }
        }

        double s2 = 0.0;
        for (int i = 0; i < n; i++)
        {
            double t = rowSums[i] + columnSums[i];
            s2 += t * t;
        }

        return new WeightSums(s0, sumOfSquares + cross, s2);
    }

    private sealed record WeightSums(double S0, double S1, double S2);
}
