using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>A location the scan can centre a cylinder on: a grid-cell centre or a caller's point, metres (BNG).</summary>
/// <param name="X">Easting, metres.</param>
/// <param name="Y">Northing, metres.</param>
public readonly record struct ScanLocation(double X, double Y);

/// <summary>Number of events at one location on one day, for <see cref="SpaceTimeScan.Run(IReadOnlyList{ScanLocation}, IReadOnlyList{ScanCount}, SpaceTimeScanOptions?)"/>.</summary>
/// <param name="LocationIndex">Index into the location list.</param>
/// <param name="Day">Whole day number (same origin for every count).</param>
/// <param name="Count">Events, ≥ 0.</param>
public readonly record struct ScanCount(int LocationIndex, int Day, int Count);

/// <summary>Settings for <see cref="SpaceTimeScan"/>. Distances in metres, times in whole days.</summary>
public sealed record SpaceTimeScanOptions
{
    /// <summary>
    /// Side of the square cells events are aggregated to when scanning raw events, metres (default 1 km;
    /// cells are aligned to the grid origin, so 1 km cells are Ordnance Survey 1 km squares). Each cell with
    /// events becomes a location at its centre. Not used when the caller supplies locations.
    /// </summary>
    public double LocationCellSize { get; init; } = 1000;

    /// <summary>
    /// Largest share of all events in the study period a cylinder's base may hold (SaTScan's default for the
    /// space–time permutation model is 50%). Between 0 and 1.
    /// </summary>
    public double MaxFractionOfEvents { get; init; } = 0.5;

    /// <summary>Largest cylinder radius, metres; null for no limit other than the others here. Default 3 km.</summary>
    public double? MaxRadius { get; init; } = 3000;

    /// <summary>Most locations in one cylinder's base (the centre and its nearest neighbours); caps the work per centre.</summary>
    public int MaxNeighbours { get; init; } = 100;

    /// <summary>
    /// Longest time window, days (windows end on the study's last day and last 1 … this many days). Also capped
    /// at half the study period, SaTScan's default maximum temporal cluster size.
    /// </summary>
    public int MaxWindowDays { get; init; } = 30;

    /// <summary>First day of the study period; null for the first day with an event. Events before it are ignored.</summary>
    public int? StudyStartDay { get; init; }

    /// <summary>Last day of the study period (the analysis day); null for the last day with an event. Events after it are ignored.</summary>
    public int? StudyEndDay { get; init; }

    /// <summary>Fewest events a cluster must hold (default 2, so a single event is never a cluster).</summary>
    public int MinimumClusterEvents { get; init; } = 2;

    /// <summary>Monte Carlo replications: 0 (no p-values) or at least 9, as in SaTScan. Default 999.</summary>
    public int Replications { get; init; } = 999;

    /// <summary>Seed for the replications. The same seed always gives the same p-values.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>Most clusters reported: the most likely one then secondary clusters sharing no location with it or each other.</summary>
    public int MaxClusters { get; init; } = 10;

    /// <summary>
    /// Days between repeated analyses, for the recurrence interval (Kulldorff et al. 2005): an analysis run
    /// every day has recurrence interval 1/p days.
    /// </summary>
    public double AnalysisIntervalDays { get; init; } = 1;

    /// <summary>Most threads used for the replications; null uses every processor.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}

/// <summary>One space–time cluster (a cylinder: circle of locations × days ending on the study's last day).</summary>
public sealed record SpaceTimeCluster
{
    /// <summary>1 for the most likely cluster, then secondary clusters in decreasing likelihood.</summary>
    public required int Rank { get; init; }

    /// <summary>Index of the centre in <see cref="SpaceTimeScanResult.Locations"/>.</summary>
    public required int CentreLocation { get; init; }

    /// <summary>Centre easting, metres.</summary>
    public required double CentreX { get; init; }

    /// <summary>Centre northing, metres.</summary>
    public required double CentreY { get; init; }

    /// <summary>Distance from the centre to the farthest location in the cluster, metres (0 for a single location).</summary>
    public required double RadiusMetres { get; init; }

    /// <summary>Indices of the locations in the cluster, nearest the centre first.</summary>
    public required IReadOnlyList<int> Locations { get; init; }

    /// <summary>First day of the cluster's time window.</summary>
    public required int StartDay { get; init; }

    /// <summary>Last day of the window: always the study's last day (prospective scan).</summary>
    public required int EndDay { get; init; }

    /// <summary>Events in the cylinder.</summary>
    public required long Observed { get; init; }

    /// <summary>Expected events: Σ over the cylinder of (events at the location, all days) × (events on the day, all locations) ÷ all events.</summary>
    public required double Expected { get; init; }

    /// <summary>Observed ÷ expected inside the cylinder.</summary>
    public required double ObservedOverExpected { get; init; }

    /// <summary>
    /// Relative risk as SaTScan reports it: (observed ÷ expected inside) ÷ (observed ÷ expected outside);
    /// null when every event is inside the cylinder (the ratio is unbounded).
    /// </summary>
    public double? RelativeRisk { get; init; }

    /// <summary>Log of the Poisson generalised likelihood ratio, the scan statistic.</summary>
    public required double LogLikelihoodRatio { get; init; }

    /// <summary>
    /// Monte Carlo p-value: (replications whose most likely cluster has a log-likelihood ratio ≥ this one + 1) ÷
    /// (replications + 1); secondary clusters are compared with the replications' maxima too, as in SaTScan
    /// (conservative). Null when no replications were run.
    /// </summary>
    public double? PValue { get; init; }

    /// <summary>
    /// Recurrence interval, days: <see cref="SpaceTimeScanOptions.AnalysisIntervalDays"/> ÷ p — how often a
    /// cluster this strong would arise by chance when the analysis is repeated at that interval (Kulldorff et
    /// al. 2005). Null when no replications were run.
    /// </summary>
    public double? RecurrenceIntervalDays { get; init; }
}

/// <summary>The outcome of a prospective space–time permutation scan.</summary>
public sealed record SpaceTimeScanResult
{
    /// <summary>Locations scanned (cell centres when events were aggregated), metres.</summary>
    public required IReadOnlyList<ScanLocation> Locations { get; init; }

    /// <summary>Clusters found, most likely first; empty when no cylinder has more events than expected.</summary>
    public required IReadOnlyList<SpaceTimeCluster> Clusters { get; init; }

    /// <summary>Events in the study period.</summary>
    public required long TotalEvents { get; init; }

    /// <summary>First day of the study period.</summary>
    public required int StudyStartDay { get; init; }

    /// <summary>Last day of the study period; every cluster ends on it.</summary>
    public required int StudyEndDay { get; init; }

    /// <summary>Longest time window scanned, days.</summary>
    public required int MaxWindowDays { get; init; }

    /// <summary>Replications run.</summary>
    public required int Replications { get; init; }
}

/// <summary>
/// Kulldorff's prospective space–time permutation scan statistic (Kulldorff, Heffernan, Hartman, Assunção &amp;
/// Mostashari 2005, "A space–time permutation scan statistic for disease outbreak detection", PLoS Medicine
/// 2(3): e59), as used by SaTScan for daily surveillance.
/// </summary>
/// <remarks>
/// <para>
/// Events are counted by location z and day d, c_zd. Expected counts come from the margins only:
/// μ_zd = C_z × C_d ÷ C, where C_z is all events at z, C_d all events on day d and C all events. A cylinder is a
/// circle of locations (a centre and its nearest neighbours, up to <see cref="SpaceTimeScanOptions.MaxRadius"/>,
/// <see cref="SpaceTimeScanOptions.MaxNeighbours"/> and <see cref="SpaceTimeScanOptions.MaxFractionOfEvents"/>)
/// times a window of the last 1 … W days of the study (prospective: windows end on the last day). Its
/// statistic is the Poisson generalised likelihood ratio, counted only for an excess (c &gt; μ):
/// log GLR = c ln(c/μ) + (C − c) ln((C − c)/(C − μ)) (Kulldorff et al. 2005, eq. 3).
/// </para>
/// <para>
/// Inference: day labels are permuted over the events, which keeps every C_z and C_d (so every μ) fixed;
/// the p-value is the rank of the observed statistic among the replications' maxima. Secondary clusters are
/// the best cylinders of the other centres that share no location with a cluster already reported
/// (SaTScan's "no geographical overlap").
/// </para>
/// <para>
/// Speed: μ of each cylinder is fixed, so a replication only recounts events. Per location, counts over the
/// last w days are cumulative sums, and a cylinder's count grows by one location at a time, so each
/// cylinder costs O(1). The log-likelihood is only evaluated when an upper bound
/// (ln(x/y) ≤ x/y − 1 applied to the second term) beats the best so far.
/// </para>
/// </remarks>
public static class SpaceTimeScan
{
    /// <summary>Longest study period accepted, days (about 2,700 years; keeps day offsets well inside 32 bits).</summary>
    private const long MaxStudyDays = 1_000_000;

    /// <summary>
    /// The log-likelihood ratio of one cylinder: c ln(c/μ) + (C − c) ln((C − c)/(C − μ)) when c &gt; μ, else 0
    /// (Kulldorff et al. 2005; 0 ln 0 taken as 0).
    /// </summary>
    /// <param name="observed">c, events in the cylinder (≥ 0).</param>
    /// <param name="expected">μ, expected events in the cylinder (&gt; 0, ≤ <paramref name="total"/>).</param>
    /// <param name="total">C, all events (≥ <paramref name="observed"/>).</param>
    public static double LogLikelihoodRatio(double observed, double expected, double total)
    {
        Guard.NonNegativeFinite(observed, nameof(observed), "events");
        Guard.PositiveFinite(expected, nameof(expected), "events");
        Guard.PositiveFinite(total, nameof(total), "events");
        if (observed > total)
        {
            throw new ArgumentOutOfRangeException(nameof(observed), observed, "observed cannot exceed total.");
        }

        if (expected > total)
        {
            throw new ArgumentOutOfRangeException(nameof(expected), expected, "expected cannot exceed total.");
        }

        return observed <= expected ? 0.0 : Llr(observed, expected, total);
    }

    /// <summary>Scans raw events, aggregating them to square cells of <see cref="SpaceTimeScanOptions.LocationCellSize"/>.</summary>
    /// <param name="events">At least three events; X, Y metres; T days (the day is ⌊T⌋).</param>
    /// <param name="options">Settings; defaults when null.</param>
    /// <exception cref="ArgumentException">Too few events, a non-finite value or an out-of-range setting.</exception>
    public static SpaceTimeScanResult Run(IReadOnlyList<SpaceTimeEvent> events, SpaceTimeScanOptions? options = null)
    {
        options ??= new SpaceTimeScanOptions();
        Guard.Events(events, nameof(events));
        Guard.PositiveFinite(options.LocationCellSize, "options.LocationCellSize", "metres");

        var cellSize = options.LocationCellSize;
        var cellIndex = new Dictionary<(long Column, long Row), int>();
        var keys = new List<(long Column, long Row)>();
        var eventCell = new int[events.Count];
        var eventDay = new int[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var column = Math.Floor(e.X / cellSize);
            var row = Math.Floor(e.Y / cellSize);
            var day = Math.Floor(e.T);
            if (Math.Abs(column) > 1e15 || Math.Abs(row) > 1e15)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Event {i} lies too far from the origin for {cellSize} m cells."),
                    nameof(events));
            }

            if (day < int.MinValue || day > int.MaxValue)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Event {i} has a time outside the range of whole days ({e.T})."),
                    nameof(events));
            }

            var key = ((long)column, (long)row);
            if (!cellIndex.TryGetValue(key, out var index))
            {
                index = keys.Count;
                cellIndex.Add(key, index);
                keys.Add(key);
            }

            eventCell[i] = index;
            eventDay[i] = (int)day;
        }

        // Number locations by (row, column) so the output does not depend on the order of the events.
        var order = Enumerable.Range(0, keys.Count).OrderBy(k => keys[k].Row).ThenBy(k => keys[k].Column).ToArray();
        var renumber = new int[keys.Count];
        var locations = new ScanLocation[keys.Count];
        for (var r = 0; r < order.Length; r++)
        {
            renumber[order[r]] = r;
            var (column, row) = keys[order[r]];
            locations[r] = new ScanLocation((column + 0.5) * cellSize, (row + 0.5) * cellSize);
        }

        for (var i = 0; i < eventCell.Length; i++)
        {
            eventCell[i] = renumber[eventCell[i]];
        }

        return Scan(locations, eventCell, eventDay, options, nameof(events));
    }

    /// <summary>Scans counts already aggregated to the caller's locations and days.</summary>
    /// <param name="locations">Locations, metres; each must be finite.</param>
    /// <param name="counts">Events per (location, day); counts must be ≥ 0 and add up to at least three.</param>
    /// <param name="options">Settings; <see cref="SpaceTimeScanOptions.LocationCellSize"/> is not used.</param>
    /// <exception cref="ArgumentException">Bad location, negative count, too few events or an out-of-range setting.</exception>
    public static SpaceTimeScanResult Run(IReadOnlyList<ScanLocation> locations, IReadOnlyList<ScanCount> counts, SpaceTimeScanOptions? options = null)
    {
        options ??= new SpaceTimeScanOptions();
        ArgumentNullException.ThrowIfNull(locations);
        ArgumentNullException.ThrowIfNull(counts);
        for (var i = 0; i < locations.Count; i++)
        {
            if (!double.IsFinite(locations[i].X) || !double.IsFinite(locations[i].Y))
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Location {i} has a coordinate that is not a finite number."), nameof(locations));
            }
        }

        long total = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            var c = counts[i];
            if (c.Count < 0)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Count {i} is negative ({c.Count}); counts must be zero or more."), nameof(counts));
            }

            if ((uint)c.LocationIndex >= (uint)locations.Count)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Count {i} refers to location {c.LocationIndex}, but there are {locations.Count} locations."), nameof(counts));
            }

            total += c.Count;
        }

        if (total > int.MaxValue / 2)
        {
            throw new ArgumentException("Too many events for one scan (more than about a billion).", nameof(counts));
        }

        var eventLocation = new int[total];
        var eventDay = new int[total];
        var e = 0;
        foreach (var c in counts)
        {
            for (var k = 0; k < c.Count; k++, e++)
            {
                eventLocation[e] = c.LocationIndex;
                eventDay[e] = c.Day;
            }
        }

        return Scan([.. locations], eventLocation, eventDay, options, nameof(counts));
    }

    private static SpaceTimeScanResult Scan(ScanLocation[] locations, int[] eventLocation, int[] eventDay, SpaceTimeScanOptions options, string eventsParam)
    {
        ValidateOptions(options);
        if (eventDay.Length < Guard.MinimumEvents)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"At least {Guard.MinimumEvents} events are needed; got {eventDay.Length}."),
                eventsParam);
        }

        var end = options.StudyEndDay ?? eventDay.Max();
        var start = options.StudyStartDay ?? eventDay.Min();
        if (start > end)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The study period is empty: start day {start} is after end day {end}."),
                nameof(options));
        }

        var studyDays = (long)end - start + 1;
        if (studyDays > MaxStudyDays)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The study period runs {studyDays} days; at most {MaxStudyDays} are supported."),
                eventsParam);
        }

        var windowDays = (int)Math.Max(1, Math.Min(options.MaxWindowDays, studyDays / 2));

        // Keep events inside the study period; compact the locations that have any.
        var populations = new long[locations.Length];
        var inStudy = 0;
        for (var i = 0; i < eventDay.Length; i++)
        {
            if (eventDay[i] >= start && eventDay[i] <= end)
            {
                populations[eventLocation[i]]++;
                inStudy++;
            }
        }

        if (inStudy < Guard.MinimumEvents)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"At least {Guard.MinimumEvents} events are needed in the study period (days {start}–{end}); got {inStudy}."),
                eventsParam);
        }

        var compactOf = new int[locations.Length];
        var originalOf = new List<int>();
        for (var z = 0; z < locations.Length; z++)
        {
            compactOf[z] = populations[z] > 0 ? originalOf.Count : -1;
            if (populations[z] > 0)
            {
                originalOf.Add(z);
            }
        }

        var model = new ScanModel(locations, [.. originalOf], populations, inStudy, windowDays, options);

        // Events as (location, day offset from the end), sorted by offset then location so the result does not
        // depend on the order events were given in: the recent ones (last W days, offset 0 = last day) first.
        var keys = new long[inStudy];
        var next = 0;
        for (var i = 0; i < eventDay.Length; i++)
        {
            if (eventDay[i] >= start && eventDay[i] <= end)
            {
                keys[next++] = (((long)end - eventDay[i]) << 32) | (uint)compactOf[eventLocation[i]];
            }
        }

        Array.Sort(keys);
        var ordered = new int[inStudy];
        var recentOffsets = new List<int>();
        for (var k = 0; k < keys.Length; k++)
        {
            ordered[k] = (int)(keys[k] & 0xFFFFFFFF);
            var offset = keys[k] >> 32;
            if (offset < windowDays)
            {
                recentOffsets.Add((int)offset);
            }
        }

        var recent = recentOffsets.Count;
        var offsets = recentOffsets.ToArray();
        model.SetDayTotals(offsets);

        // Observed data: the best cylinder of every centre.
        var scratch = model.CreateScratch();
        model.FillCounts(ordered, offsets, scratch);
        var perCentre = model.BestPerCentre(scratch);

        // Replications: permute day labels over events, i.e. draw which events carry the W recent days' labels.
        var replications = options.Replications;
        var maxima = new double[replications];
        MonteCarlo.Run(
            replications,
            options.MaxDegreeOfParallelism,
            model.CreateScratch,
            (r, s) =>
            {
                ordered.CopyTo(s.EventLocations, 0);
                var random = SeededRandom.For(options.Seed, r);
                var n = s.EventLocations.Length;
                for (var k = 0; k < recent; k++)
                {
                    var j = k + random.NextInt(n - k);
                    (s.EventLocations[k], s.EventLocations[j]) = (s.EventLocations[j], s.EventLocations[k]);
                }

                model.FillCounts(s.EventLocations, offsets, s);
                maxima[r] = model.MaximumLlr(s);
            });

        var clusters = model.SelectClusters(perCentre, maxima, end);
        return new SpaceTimeScanResult
        {
            Locations = locations,
            Clusters = clusters,
            TotalEvents = inStudy,
            StudyStartDay = start,
            StudyEndDay = end,
            MaxWindowDays = windowDays,
            Replications = replications,
        };
    }

    private static void ValidateOptions(SpaceTimeScanOptions options)
    {
        if (!double.IsFinite(options.MaxFractionOfEvents) || options.MaxFractionOfEvents <= 0 || options.MaxFractionOfEvents > 1)
        {
            throw new ArgumentOutOfRangeException("options.MaxFractionOfEvents", options.MaxFractionOfEvents, "options.MaxFractionOfEvents must be greater than 0 and at most 1.");
        }

        if (options.MaxRadius is { } radius)
        {
            Guard.NonNegativeFinite(radius, "options.MaxRadius", "metres");
        }

        Guard.AtLeast(options.MaxNeighbours, 1, "options.MaxNeighbours");
        Guard.AtLeast(options.MaxWindowDays, 1, "options.MaxWindowDays");
        Guard.AtLeast(options.MinimumClusterEvents, 1, "options.MinimumClusterEvents");
        Guard.AtLeast(options.MaxClusters, 1, "options.MaxClusters");
        Guard.PositiveFinite(options.AnalysisIntervalDays, "options.AnalysisIntervalDays", "days");
        Guard.Parallelism(options.MaxDegreeOfParallelism, "options.MaxDegreeOfParallelism");
        if (options.Replications != 0 && options.Replications < 9)
        {
            throw new ArgumentOutOfRangeException("options.Replications", options.Replications, "options.Replications must be 0 (no p-values) or at least 9.");
        }
    }

    private static double Llr(double c, double mu, double total)
    {
        var inside = c * Math.Log(c / mu);
        var rest = total - c;
        var outside = rest > 0 ? rest * Math.Log(rest / (total - mu)) : 0.0;
        return inside + outside;
    }

    /// <summary>Per-thread working space.</summary>
    private sealed class Scratch(int events, int locations, int stride)
    {
        public int[] EventLocations { get; } = new int[events];

        /// <summary>
        /// Per compact location, events in the last 1 … W days (cumulative), location-major, each row padded with
        /// zeros to <c>stride</c> (a whole number of SIMD vectors). Doubles so the scan can use vector arithmetic;
        /// counts stay exact integers.
        /// </summary>
        public double[] Recent { get; } = new double[locations * stride];

        public double[] Cylinder { get; } = new double[stride];
    }

    private readonly record struct CentreBest(double Llr, int Neighbours, int Window, long Observed, double Expected);

    /// <summary>The fixed part of a scan: locations, neighbour lists, margins.</summary>
    private sealed class ScanModel
    {
        private readonly ScanLocation[] _locations;
        private readonly int[] _original;
        private readonly int _windowDays;
        private readonly int _stride;
        private readonly double _total;
        private readonly int _minimumEvents;
        private readonly SpaceTimeScanOptions _options;
        private readonly int[] _neighbourStart;
        private readonly int[] _neighbour;
        private readonly double[] _neighbourDistance;
        private readonly double[] _neighbourPopulation;
        private double[] _recentShare = [];
        private double[] _inverseRecentShare = [];

        public ScanModel(ScanLocation[] locations, int[] original, long[] populations, int total, int windowDays, SpaceTimeScanOptions options)
        {
            _locations = locations;
            _original = original;
            _windowDays = windowDays;
            _stride = (windowDays + Vector<double>.Count - 1) / Vector<double>.Count * Vector<double>.Count;
            _total = total;
            _minimumEvents = options.MinimumClusterEvents;
            _options = options;

            var count = original.Length;
            var population = new double[count];
            for (var z = 0; z < count; z++)
            {
                population[z] = populations[original[z]];
            }

            var maxPopulation = options.MaxFractionOfEvents * total;
            var maxRadius = options.MaxRadius ?? double.PositiveInfinity;
            var starts = new int[count + 1];
            var neighbours = new List<int>();
            var distances = new List<double>();
            var cumulative = new List<double>();
            var finder = new NeighbourFinder(locations, original, options.MaxRadius);
            for (var i = 0; i < count; i++)
            {
                starts[i] = neighbours.Count;
                var sum = 0.0;
                var taken = 0;
                foreach (var (z, d) in finder.Nearest(i))
                {
                    if (taken >= options.MaxNeighbours || d > maxRadius || sum + population[z] > maxPopulation)
                    {
                        break;
                    }

                    sum += population[z];
                    neighbours.Add(z);
                    distances.Add(d);
                    cumulative.Add(sum);
                    taken++;
                }
            }

            starts[count] = neighbours.Count;
            _neighbourStart = starts;
            _neighbour = [.. neighbours];
            _neighbourDistance = [.. distances];
            _neighbourPopulation = [.. cumulative];
        }

        private int Count => _original.Length;

        /// <summary>Sets the share of all events that fall in the last w days, w = 1 … W (fixed under permutation).</summary>
        public void SetDayTotals(int[] recentOffsets)
        {
            var perOffset = new long[_windowDays];
            foreach (var offset in recentOffsets)
            {
                perOffset[offset]++;
            }

            // Padded to the stride with zeros: padding lanes then have c = μ = 0 and never look like a cluster.
            _recentShare = new double[_stride];
            _inverseRecentShare = new double[_stride];
            long running = 0;
            for (var w = 0; w < _windowDays; w++)
            {
                running += perOffset[w];
                _recentShare[w] = running / _total;
                _inverseRecentShare[w] = running > 0 ? _total / running : 0.0; // no recent events: c = μ = 0
            }
        }

        public Scratch CreateScratch() => new((int)_total, Count, _stride);

        public void FillCounts(int[] eventLocations, int[] recentOffsets, Scratch scratch)
        {
            var recent = scratch.Recent;
            Array.Clear(recent);
            var stride = _stride;
            for (var k = 0; k < recentOffsets.Length; k++)
            {
                recent[(eventLocations[k] * stride) + recentOffsets[k]]++;
            }

            for (var z = 0; z < Count; z++)
            {
                var row = z * stride;
                for (var d = 1; d < _windowDays; d++)
                {
                    recent[row + d] += recent[row + d - 1];
                }
            }
        }

        public double MaximumLlr(Scratch scratch)
        {
            var best = 0.0;
            for (var i = 0; i < Count; i++)
            {
                var centre = ScanCentre(i, scratch, best);
                if (centre.Llr > best)
                {
                    best = centre.Llr;
                }
            }

            return best;
        }

        public CentreBest[] BestPerCentre(Scratch scratch)
        {
            var result = new CentreBest[Count];
            for (var i = 0; i < Count; i++)
            {
                result[i] = ScanCentre(i, scratch, 0.0);
            }

            return result;
        }

        /// <summary>Best cylinder of one centre whose log-likelihood ratio exceeds <paramref name="floor"/> (Llr 0 when none).</summary>
        /// <remarks>
        /// Most cylinders are dismissed by a cheap upper bound on the log-likelihood ratio. Applying
        /// ln x ≤ x − 1 to both terms gives LLR ≤ (c − μ)²/μ + (c − μ)²/(C − μ) ≤ (c − μ)((c − μ)/μ + c/C) (the
        /// last step because c ≤ C): multiplications only (1/μ is 1/population × 1/share), no logarithm or
        /// division, and no hard-to-predict branch for the common "c ≤ μ" case. The exact value is computed only
        /// when the bound beats the best so far, which is rare once a replication's maximum has been approached.
        /// </remarks>
        private CentreBest ScanCentre(int centre, Scratch scratch, double floor)
        {
            var lanes = Vector<double>.Count;
            var stride = _stride;
            var recent = scratch.Recent;
            var cylinder = scratch.Cylinder;
            var cylinderVectors = MemoryMarshal.Cast<double, Vector<double>>(cylinder.AsSpan());
            var share = _recentShare;
            var inverseShare = _inverseRecentShare;
            var shareVectors = MemoryMarshal.Cast<double, Vector<double>>(share.AsSpan());
            var inverseShareVectors = MemoryMarshal.Cast<double, Vector<double>>(inverseShare.AsSpan());
            var minimumEvents = _minimumEvents;
            var total = _total;
            var inverseTotal = 1.0 / total;
            var inverseTotalVector = new Vector<double>(inverseTotal);
            Array.Clear(cylinder);
            var best = new CentreBest(0, 0, 0, 0, 0);
            var threshold = floor;
            var thresholdVector = new Vector<double>(threshold);
            var first = _neighbourStart[centre];
            var last = _neighbourStart[centre + 1];
            for (var k = first; k < last; k++)
            {
                var row = MemoryMarshal.Cast<double, Vector<double>>(recent.AsSpan(_neighbour[k] * stride, stride));
                var population = _neighbourPopulation[k];
                var inversePopulation = 1.0 / population;
                var populationVector = new Vector<double>(population);
                var inversePopulationVector = new Vector<double>(inversePopulation);
                for (var v = 0; v < row.Length; v++)
                {
                    // Several windows at once: cumulative count, excess over μ and the log-free bound.
                    var c = cylinderVectors[v] + row[v];
                    cylinderVectors[v] = c;
                    var excess = c - (populationVector * shareVectors[v]);
                    var bound = excess * ((excess * inversePopulationVector * inverseShareVectors[v]) + (c * inverseTotalVector));
                    if (!Vector.GreaterThanAny(bound, thresholdVector))
                    {
                        continue;
                    }

                    for (var w = v * lanes; w < (v + 1) * lanes; w++)
                    {
                        var count = cylinder[w];
                        var mu = population * share[w];
                        var laneExcess = count - mu;
                        var laneBound = laneExcess * ((laneExcess * inversePopulation * inverseShare[w]) + (count * inverseTotal));
                        if (laneBound <= threshold || laneExcess <= 0 || count < minimumEvents)
                        {
                            continue;
                        }

                        var llr = Llr(count, mu, total);
                        if (llr > threshold)
                        {
                            threshold = llr;
                            thresholdVector = new Vector<double>(threshold);
                            best = new CentreBest(llr, k - first + 1, w + 1, (long)count, mu);
                        }
                    }
                }
            }

            return best;
        }

        public List<SpaceTimeCluster> SelectClusters(CentreBest[] perCentre, double[] maxima, int end)
        {
            var sortedMaxima = (double[])maxima.Clone();
            Array.Sort(sortedMaxima);
            var candidates = Enumerable.Range(0, perCentre.Length)
                .Where(i => perCentre[i].Llr > 0)
                .OrderByDescending(i => perCentre[i].Llr)
                .ThenBy(i => i)
                .ToList();

            var used = new bool[Count];
            var clusters = new List<SpaceTimeCluster>();
            foreach (var i in candidates)
            {
                if (clusters.Count >= _options.MaxClusters)
                {
                    break;
                }

                var best = perCentre[i];
                var first = _neighbourStart[i];
                var members = new ArraySegment<int>(_neighbour, first, best.Neighbours);
                if (members.Any(z => used[z]))
                {
                    continue;
                }

                foreach (var z in members)
                {
                    used[z] = true;
                }

                double? p = null;
                double? recurrence = null;
                if (maxima.Length > 0)
                {
                    // Replications whose maximum is ≥ this cluster's statistic.
                    var index = LowerBound(sortedMaxima, best.Llr);
                    p = MonteCarlo.PValue(sortedMaxima.Length - index, maxima.Length);
                    recurrence = _options.AnalysisIntervalDays / p.Value;
                }

                var outsideObserved = _total - best.Observed;
                var outsideExpected = _total - best.Expected;
                var centre = _locations[_original[i]];
                clusters.Add(new SpaceTimeCluster
                {
                    Rank = clusters.Count + 1,
                    CentreLocation = _original[i],
                    CentreX = centre.X,
                    CentreY = centre.Y,
                    RadiusMetres = _neighbourDistance[first + best.Neighbours - 1],
                    Locations = members.Select(z => _original[z]).ToArray(),
                    StartDay = end - best.Window + 1,
                    EndDay = end,
                    Observed = best.Observed,
                    Expected = best.Expected,
                    ObservedOverExpected = best.Observed / best.Expected,
                    RelativeRisk = outsideObserved > 0 ? best.Observed / best.Expected / (outsideObserved / outsideExpected) : null,
                    LogLikelihoodRatio = best.Llr,
                    PValue = p,
                    RecurrenceIntervalDays = recurrence,
                });
            }

            return clusters;
        }

        private static int LowerBound(double[] sorted, double value)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sorted[mid] < value)
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
    }

    /// <summary>Nearest locations of a centre, by distance then index; a grid of buckets when a radius limit is set.</summary>
    private sealed class NeighbourFinder
    {
        private readonly ScanLocation[] _locations;
        private readonly int[] _original;
        private readonly double? _radius;
        private readonly Dictionary<(long, long), List<int>>? _buckets;
        private readonly double _bucketSize;

        public NeighbourFinder(ScanLocation[] locations, int[] original, double? radius)
        {
            _locations = locations;
            _original = original;
            _radius = radius;
            if (radius is { } r && r > 0 && original.All(z => Math.Abs(locations[z].X / (r * (1 + 1e-6))) < 1e15 && Math.Abs(locations[z].Y / (r * (1 + 1e-6))) < 1e15))
            {
                _bucketSize = r * (1 + 1e-6);
                _buckets = [];
                for (var z = 0; z < original.Length; z++)
                {
                    var key = Key(locations[original[z]]);
                    if (!_buckets.TryGetValue(key, out var list))
                    {
                        list = [];
                        _buckets.Add(key, list);
                    }

                    list.Add(z);
                }
            }
        }

        public List<(int Location, double Distance)> Nearest(int centre)
        {
            var c = _locations[_original[centre]];
            var found = new List<(int Location, double Distance)>();
            if (_buckets is not null)
            {
                var (kx, ky) = Key(c);
                for (var dy = -1L; dy <= 1; dy++)
                {
                    for (var dx = -1L; dx <= 1; dx++)
                    {
                        if (_buckets.TryGetValue((kx + dx, ky + dy), out var list))
                        {
                            foreach (var z in list)
                            {
                                found.Add((z, Distance(c, _locations[_original[z]])));
                            }
                        }
                    }
                }
            }
            else if (_radius is 0)
            {
                found.Add((centre, 0));
            }
            else
            {
                for (var z = 0; z < _original.Length; z++)
                {
                    found.Add((z, Distance(c, _locations[_original[z]])));
                }
            }

            found.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : a.Location.CompareTo(b.Location));

            // The centre itself always comes first, even if another location shares its coordinates.
            var self = found.FindIndex(f => f.Location == centre);
            if (self > 0)
            {
                var entry = found[self];
                found.RemoveAt(self);
                found.Insert(0, entry);
            }

            return found;
        }

        private (long, long) Key(ScanLocation p) => ((long)Math.Floor(p.X / _bucketSize), (long)Math.Floor(p.Y / _bucketSize));

        private static double Distance(ScanLocation a, ScanLocation b)
        {
            var dx = a.X - b.X;
            var dy = a.Y - b.Y;
            return Math.Sqrt((dx * dx) + (dy * dy));
        }
    }
}
