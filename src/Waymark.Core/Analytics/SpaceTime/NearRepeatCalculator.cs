using System.Globalization;
using System.Text;

namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>What a near-repeat band covers.</summary>
public enum NearRepeatBandKind
{
    /// <summary>The "same location" spatial band: distance below <see cref="NearRepeatOptions.SameLocationDistance"/>.</summary>
    SameLocation,

    /// <summary>An ordinary band of the chosen width.</summary>
    Near,

    /// <summary>The open-ended last band ("more than …").</summary>
    Beyond,
}

/// <summary>
/// One spatial (metres) or temporal (days) band of a near-repeat table: the right-open interval
/// [<see cref="Lower"/>, <see cref="Upper"/>), or [<see cref="Lower"/>, ∞) when <see cref="Upper"/> is null.
/// </summary>
/// <param name="Index">Position in the table, from 0.</param>
/// <param name="Kind">Same location, ordinary band, or the open-ended last band.</param>
/// <param name="Lower">Inclusive lower bound, metres or days.</param>
/// <param name="Upper">Exclusive upper bound, metres or days; null for the open-ended band.</param>
/// <param name="Label">Plain label, e.g. "0–100 m", "7–14 days", "500 m or more".</param>
public sealed record NearRepeatBand(int Index, NearRepeatBandKind Kind, double Lower, double? Upper, string Label);

/// <summary>One space × time cell of a near-repeat table.</summary>
/// <param name="SpatialBand">Index into <see cref="NearRepeatResult.SpatialBands"/>.</param>
/// <param name="TemporalBand">Index into <see cref="NearRepeatResult.TemporalBands"/>.</param>
/// <param name="Observed">Pairs of events in this distance band and this time band.</param>
/// <param name="Expected">Mean count over the permutations of the event times.</param>
/// <param name="KnoxRatio">Observed ÷ expected; null when the expected count is 0 (the ratio is undefined).</param>
/// <param name="PValue">(permutations with a count ≥ observed + 1) ÷ (permutations + 1).</param>
public sealed record NearRepeatCell(int SpatialBand, int TemporalBand, long Observed, double Expected, double? KnoxRatio, double PValue)
{
    /// <summary>p ≤ 0.05, the NRC's usual threshold.</summary>
    public bool SignificantAt05 => PValue <= 0.05;

    /// <summary>p ≤ 0.01.</summary>
    public bool SignificantAt01 => PValue <= 0.01;
}

/// <summary>Settings for <see cref="NearRepeatCalculator.Run"/>; defaults follow common NRC use for burglary.</summary>
public sealed record NearRepeatOptions
{
    /// <summary>Width of each spatial band, metres (&gt; 0).</summary>
    public double SpatialBandWidth { get; init; } = 100;

    /// <summary>Number of spatial bands of <see cref="SpatialBandWidth"/> before the open "or more" band (≥ 1).</summary>
    public int SpatialBandCount { get; init; } = 5;

    /// <summary>Width of each temporal band, days (&gt; 0).</summary>
    public double TemporalBandWidth { get; init; } = 7;

    /// <summary>Number of temporal bands of <see cref="TemporalBandWidth"/> before the open "or more" band (≥ 1).</summary>
    public int TemporalBandCount { get; init; } = 4;

    /// <summary>Distance measure; Manhattan like the NRC's default.</summary>
    public DistanceMetric DistanceMetric { get; init; } = DistanceMetric.Manhattan;

    /// <summary>
    /// Upper bound, metres, of a separate "same location" first band [0, this); null for none, so the first
    /// band is [0, width). Default 1 m, which is what the NRC's tables are computed on (see
    /// <see cref="NearRepeatCalculator"/>). Must be below <see cref="SpatialBandWidth"/>.
    /// </summary>
    public double? SameLocationDistance { get; init; } = 1.0;

    /// <summary>Monte Carlo permutations of the event times (≥ 1); 99 gives a smallest p of 0.01, 999 of 0.001.</summary>
    public int Permutations { get; init; } = 99;

    /// <summary>Seed for the permutations. The same seed always gives the same table.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Most threads used for the permutations; null uses every processor.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>The near-repeat table: observed pairs, Monte Carlo expectations, Knox ratios and p-values per band.</summary>
public sealed class NearRepeatResult
{
    private readonly NearRepeatCell[] _cells;

    internal NearRepeatResult(
        IReadOnlyList<NearRepeatBand> spatialBands,
        IReadOnlyList<NearRepeatBand> temporalBands,
        NearRepeatCell[] cells,
        int eventCount,
        long pairCount,
        int permutations,
        DistanceMetric metric)
    {
        SpatialBands = spatialBands;
        TemporalBands = temporalBands;
        _cells = cells;
        EventCount = eventCount;
        PairCount = pairCount;
        Permutations = permutations;
        DistanceMetric = metric;
    }

    /// <summary>Spatial bands (rows), nearest first; the last is open-ended.</summary>
    public IReadOnlyList<NearRepeatBand> SpatialBands { get; }

    /// <summary>Temporal bands (columns), shortest first; the last is open-ended.</summary>
    public IReadOnlyList<NearRepeatBand> TemporalBands { get; }

    /// <summary>All cells, row by row (spatial band major).</summary>
    public IReadOnlyList<NearRepeatCell> Cells => _cells;

    /// <summary>Number of events analysed.</summary>
    public int EventCount { get; }

    /// <summary>Number of distinct pairs, n(n − 1)/2; the observed counts add up to it.</summary>
    public long PairCount { get; }

    /// <summary>Permutations run.</summary>
    public int Permutations { get; }

    /// <summary>Distance measure used.</summary>
    public DistanceMetric DistanceMetric { get; }

    /// <summary>The cell for a spatial band (row) and a temporal band (column).</summary>
    public NearRepeatCell this[int spatialBand, int temporalBand]
    {
        get
        {
            if ((uint)spatialBand >= (uint)SpatialBands.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(spatialBand));
            }

            if ((uint)temporalBand >= (uint)TemporalBands.Count)
            {
                throw new ArgumentOutOfRangeException(nameof(temporalBand));
            }

            return _cells[(spatialBand * TemporalBands.Count) + temporalBand];
        }
    }

    /// <summary>
    /// Plain-language findings, one sentence per cell that is significant (p ≤ <paramref name="significance"/>)
    /// with a Knox ratio above <paramref name="minimumRatio"/> (the NRC reports ratios above 1.2), e.g.
    /// "Crimes within 0–200 m of an earlier crime are 2.1 times more likely than expected within 0–7 days (p = 0.001)".
    /// The open-ended "or more" bands are left out: they describe the background, not a near repeat.
    /// When no cell qualifies the list holds one sentence saying so.
    /// </summary>
    /// <param name="significance">Largest p-value reported, e.g. 0.05 or 0.01.</param>
    /// <param name="minimumRatio">Knox ratio a cell must exceed.</param>
    public IReadOnlyList<string> Summarise(double significance = 0.05, double minimumRatio = 1.2)
    {
        Guard.PositiveFinite(significance, nameof(significance), "probability");
        Guard.NonNegativeFinite(minimumRatio, nameof(minimumRatio), "ratio");

        var lines = new List<string>();
        foreach (var cell in _cells)
        {
            var space = SpatialBands[cell.SpatialBand];
            var time = TemporalBands[cell.TemporalBand];
            if (space.Kind == NearRepeatBandKind.Beyond || time.Kind == NearRepeatBandKind.Beyond)
            {
                continue;
            }

            if (cell.KnoxRatio is not { } ratio || ratio <= minimumRatio || cell.PValue > significance)
            {
                continue;
            }

            var subject = space.Kind == NearRepeatBandKind.SameLocation
                ? $"Repeat crimes at the {space.Label}"
                : $"Crimes within {space.Label} of an earlier crime";
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{subject} are {ratio:0.0} times more likely than expected within {time.Label} ({FormatP(cell.PValue)})."));
        }

        if (lines.Count == 0)
        {
            var reach = SpatialBands[^1].Lower;
            var span = TemporalBands[^1].Lower;
            lines.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"No near-repeat pattern found: no band within {FormatNumber(reach)} m and {FormatNumber(span)} days has a Knox ratio above {minimumRatio:0.0#} at p ≤ {significance:0.###}."));
        }

        return lines;
    }

    internal static string FormatP(double p) =>
        p < 0.001 ? "p < 0.001" : string.Create(CultureInfo.InvariantCulture, $"p = {p:0.###}");

    internal static string FormatNumber(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

/// <summary>
/// Ratcliffe's Near Repeat Calculator (NRC; Ratcliffe 2009, Temple University): a Knox test over a table of
/// distance bands × time bands, with expected counts and p-values from Monte Carlo permutation of the
/// event dates over the locations (Johnson &amp; Bowers 2004; Townsley, Homel &amp; Chaseling 2003).
/// </summary>
/// <remarks>
/// <para>
/// Bands are right-open: [0, w), [w, 2w), …, [k·w, ∞) for both distance (metres) and time (days).
/// The NRC adds a "same location" first row; Steenbeek's replication of the NRC (R package NearRepeat,
/// vignette "NRC") found its tables are computed on distance breaks 0, 1, 100, 200, … with right-open
/// intervals, i.e. "same location" = [0, 1) m and the next row [1, 100) m, and time breaks 0, 7, 14, …
/// ("0 to 7 days" = [0, 7)). That is reproduced here: <see cref="NearRepeatOptions.SameLocationDistance"/>
/// (default 1 m) bounds the same-location row and the first ordinary band starts there; set it to null for
/// a plain [0, w) first band. Labels state the intervals actually counted (Steenbeek showed the NRC's own
/// labels are off by one), e.g. "1–100 m" means [1, 100) m and "0–7 days" means [0, 7) days.
/// </para>
/// <para>
/// p-value = (permutations with a count ≥ observed + 1) ÷ (permutations + 1); Knox ratio = observed ÷
/// mean of the permutations, as in NRC and NearRepeat.
/// </para>
/// <para>
/// Scaling: pairs closer than the last ordinary band edge are found once through a uniform grid of buckets of
/// that size and kept as (i, j, spatial band). Permuting times leaves the multiset of all pairwise time
/// differences unchanged, so the number of all pairs in each time band is computed once (sliding window
/// over sorted times); the open-ended distance row of each permutation is then that count minus the near
/// pairs falling in the time band. Each permutation costs O(n + near pairs).
/// </para>
/// </remarks>
public static class NearRepeatCalculator
{
    /// <summary>Builds the near-repeat table.</summary>
    /// <param name="events">At least three events: X, Y metres; T days.</param>
    /// <param name="options">Bands, metric, permutations and seed; defaults when null.</param>
    /// <exception cref="ArgumentException">Too few events, a non-finite value or an out-of-range setting.</exception>
    public static NearRepeatResult Run(IReadOnlyList<SpaceTimeEvent> events, NearRepeatOptions? options = null)
    {
        options ??= new NearRepeatOptions();
        Guard.Events(events, nameof(events));
        Guard.PositiveFinite(options.SpatialBandWidth, "options.SpatialBandWidth", "metres");
        Guard.InRange(options.SpatialBandCount, 1, 1000, "options.SpatialBandCount");
        Guard.PositiveFinite(options.TemporalBandWidth, "options.TemporalBandWidth", "days");
        Guard.InRange(options.TemporalBandCount, 1, 1000, "options.TemporalBandCount");
        Guard.AtLeast(options.Permutations, 1, "options.Permutations");
        Guard.Parallelism(options.MaxDegreeOfParallelism, "options.MaxDegreeOfParallelism");
        if (options.SameLocationDistance is { } same)
        {
            Guard.PositiveFinite(same, "options.SameLocationDistance", "metres");
            if (same >= options.SpatialBandWidth)
            {
                throw new ArgumentOutOfRangeException(
                    "options.SameLocationDistance",
                    same,
                    "options.SameLocationDistance must be smaller than options.SpatialBandWidth.");
            }
        }

        var spatialBands = SpatialBands(options);
        var temporalBands = TemporalBands(options);
        var spaceEdges = spatialBands.Select(b => b.Lower).ToArray();
        var timeEdges = temporalBands.Select(b => b.Lower).ToArray();
        var rows = spatialBands.Count;
        var columns = temporalBands.Count;
        var cellCount = rows * columns;

        events = Guard.Canonical(events);
        var n = events.Count;
        long pairs = (long)n * (n - 1) / 2;
        var nearLimit = spaceEdges[^1];
        var near = NeighbourPairs.Find(events, nearLimit, inclusive: false, options.DistanceMetric, "options.SpatialBandWidth");
        var nearRow = new int[near.Count];
        for (var k = 0; k < near.Count; k++)
        {
            nearRow[k] = BandOf(near.D[k], spaceEdges, 0);
        }

        var times = new double[n];
        for (var i = 0; i < n; i++)
        {
            times[i] = events[i].T;
        }

        // All pairs per time band: invariant under permutation of the times.
        var sorted = (double[])times.Clone();
        Array.Sort(sorted);
        var allPerTimeBand = new long[columns];
        long below = 0;
        for (var b = 0; b < columns - 1; b++)
        {
            var upTo = NeighbourPairs.CountTimePairs(sorted, timeEdges[b + 1], inclusive: false);
            allPerTimeBand[b] = upTo - below;
            below = upTo;
        }

        allPerTimeBand[columns - 1] = pairs - below;

        var context = new TableContext(near, nearRow, timeEdges, options.TemporalBandWidth, rows, columns, allPerTimeBand);
        var observed = new long[cellCount];
        context.Count(times, observed);

        var permutations = options.Permutations;
        var simulated = new long[permutations * cellCount];
        MonteCarlo.Run(
            permutations,
            options.MaxDegreeOfParallelism,
            () => (Times: new double[n], Counts: new long[cellCount]),
            (r, scratch) =>
            {
                times.CopyTo(scratch.Times, 0);
                var random = SeededRandom.For(options.Seed, r);
                random.Shuffle(scratch.Times.AsSpan());
                context.Count(scratch.Times, scratch.Counts);
                scratch.Counts.CopyTo(simulated, r * cellCount);
            });

        var cells = new NearRepeatCell[cellCount];
        for (var c = 0; c < cellCount; c++)
        {
            double sum = 0;
            long atLeast = 0;
            for (var r = 0; r < permutations; r++)
            {
                var s = simulated[(r * cellCount) + c];
                sum += s;
                if (s >= observed[c])
                {
                    atLeast++;
                }
            }

            var expected = sum / permutations;
            double? ratio = expected > 0 ? observed[c] / expected : null;
            cells[c] = new NearRepeatCell(c / columns, c % columns, observed[c], expected, ratio, MonteCarlo.PValue(atLeast, permutations));
        }

        return new NearRepeatResult(spatialBands, temporalBands, cells, n, pairs, permutations, options.DistanceMetric);
    }

    private static List<NearRepeatBand> SpatialBands(NearRepeatOptions options)
    {
        var bands = new List<NearRepeatBand>();
        var lower = 0.0;
        if (options.SameLocationDistance is { } same)
        {
            bands.Add(new NearRepeatBand(0, NearRepeatBandKind.SameLocation, 0, same, $"same location (under {NearRepeatResult.FormatNumber(same)} m)"));
            lower = same;
        }

        for (var k = 1; k <= options.SpatialBandCount; k++)
        {
            var upper = k * options.SpatialBandWidth;
            bands.Add(new NearRepeatBand(bands.Count, NearRepeatBandKind.Near, lower, upper, $"{NearRepeatResult.FormatNumber(lower)}–{NearRepeatResult.FormatNumber(upper)} m"));
            lower = upper;
        }

        bands.Add(new NearRepeatBand(bands.Count, NearRepeatBandKind.Beyond, lower, null, $"{NearRepeatResult.FormatNumber(lower)} m or more"));
        return bands;
    }

    private static List<NearRepeatBand> TemporalBands(NearRepeatOptions options)
    {
        var bands = new List<NearRepeatBand>();
        var lower = 0.0;
        for (var k = 1; k <= options.TemporalBandCount; k++)
        {
            var upper = k * options.TemporalBandWidth;
            bands.Add(new NearRepeatBand(bands.Count, NearRepeatBandKind.Near, lower, upper, $"{NearRepeatResult.FormatNumber(lower)}–{NearRepeatResult.FormatNumber(upper)} days"));
            lower = upper;
        }

        bands.Add(new NearRepeatBand(bands.Count, NearRepeatBandKind.Beyond, lower, null, $"{NearRepeatResult.FormatNumber(lower)} days or more"));
        return bands;
    }

    /// <summary>
    /// Index b with edges[b] ≤ value &lt; edges[b + 1] (the last band is open). Uses the same strict
    /// comparisons as <see cref="NeighbourPairs.CountTimePairs"/>, so both ways of counting agree at the edges.
    /// </summary>
    internal static int BandOf(double value, double[] edges, double uniformWidth)
    {
        var last = edges.Length - 1;
        int b;
        if (uniformWidth > 0)
        {
            var guess = value / uniformWidth;
            b = guess >= last ? last : (int)guess;
        }
        else
        {
            b = 0;
        }

        while (b > 0 && value < edges[b])
        {
            b--;
        }

        while (b < last && value >= edges[b + 1])
        {
            b++;
        }

        return b;
    }

    /// <summary>Everything needed to fill one table from a vector of (possibly permuted) times.</summary>
    private sealed class TableContext(
        NeighbourPairs.PairList near,
        int[] nearRow,
        double[] timeEdges,
        double timeWidth,
        int rows,
        int columns,
        long[] allPerTimeBand)
    {
        public void Count(double[] times, long[] counts)
        {
            Array.Clear(counts);
            var pi = near.I;
            var pj = near.J;
            for (var k = 0; k < pi.Length; k++)
            {
                var dt = Math.Abs(times[pi[k]] - times[pj[k]]);
                counts[(nearRow[k] * columns) + BandOf(dt, timeEdges, timeWidth)]++;
            }

            // Open-ended distance row: every pair in the time band that is not a near pair.
            var beyond = (rows - 1) * columns;
            for (var t = 0; t < columns; t++)
            {
                long nearInBand = 0;
                for (var s = 0; s < rows - 1; s++)
                {
                    nearInBand += counts[(s * columns) + t];
                }

                counts[beyond + t] = allPerTimeBand[t] - nearInBand;
            }
        }
    }
}
