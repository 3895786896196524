using System.Runtime.InteropServices;
using Waymark.Core.Crimes;

namespace Waymark.Core.Analytics.Linkage;

/// <summary>
/// A crime for case linkage: where (British National Grid EPSG:27700, metres), when (a window of instants,
/// <see cref="OccurredFrom"/> ≤ <see cref="OccurredTo"/>), what (a category slug) and how (modus operandi tags,
/// compared case-insensitively after trimming; blank tags are ignored).
/// </summary>
/// <param name="Id">Identifier, non-empty; returned in pairs.</param>
/// <param name="Easting">Easting, metres.</param>
/// <param name="Northing">Northing, metres.</param>
/// <param name="OccurredFrom">Earliest instant the crime could have happened.</param>
/// <param name="OccurredTo">Latest instant the crime could have happened.</param>
/// <param name="Category">Category slug (see <see cref="CrimeCategories"/>).</param>
/// <param name="MoTags">Modus operandi tags, e.g. "rear-entry", "glass-cutter"; may be null or empty.</param>
public sealed record LinkageCrime(
    string Id,
    double Easting,
    double Northing,
    DateTimeOffset OccurredFrom,
    DateTimeOffset OccurredTo,
    string Category,
    IReadOnlyCollection<string>? MoTags = null);

/// <summary>Parameters of <see cref="SeriesCandidates.Find"/>. Defaults are a starting point to calibrate locally.</summary>
/// <remarks>
/// The score of a pair is (w_d s_d + w_t s_t + w_m s_m) / (w_d + w_t + w_m), in [0, 1], where
/// s_d = exp(−distance / <see cref="DistanceScaleMetres"/>), s_t = exp(−gap / <see cref="TimeScaleDays"/>) with
/// the gap between the two windows (0 when they overlap), and s_m the Jaccard similarity of the MO tags.
/// Default weights 0.4 / 0.3 / 0.3 reflect the case-linkage finding that inter-crime distance is the most
/// discriminating feature, followed by temporal proximity, with MO behaviours weaker (Bennell &amp; Canter 2002,
/// Science &amp; Justice 42(3):153–164; Tonkin, Grant &amp; Bond 2008, J. Investig. Psychol. Offender Profiling 5:59–77);
/// refit them on local solved series (e.g. by logistic regression, as those studies do). Pairs further apart
/// than <see cref="MaxDistanceMetres"/> or <see cref="MaxGapDays"/> are never considered; the defaults are three
/// scale lengths, where each decay has fallen to e⁻³ ≈ 0.05.
/// </remarks>
public sealed record SeriesCandidateOptions
{
    /// <summary>Distance at which the distance score falls to 1/e, metres; default 2 000.</summary>
    public double DistanceScaleMetres { get; init; } = 2000;

    /// <summary>Time gap at which the time score falls to 1/e, days; default 14.</summary>
    public double TimeScaleDays { get; init; } = 14;

    /// <summary>Largest distance between a pair, metres; default 6 000.</summary>
    public double MaxDistanceMetres { get; init; } = 6000;

    /// <summary>Largest gap between a pair's windows, days; default 42.</summary>
    public double MaxGapDays { get; init; } = 42;

    /// <summary>Weight of the distance score, ≥ 0; default 0.4.</summary>
    public double DistanceWeight { get; init; } = 0.4;

    /// <summary>Weight of the time score, ≥ 0; default 0.3.</summary>
    public double TimeWeight { get; init; } = 0.3;

    /// <summary>Weight of the MO similarity, ≥ 0; default 0.3. Set 0 when MO is not recorded.</summary>
    public double MoWeight { get; init; } = 0.3;

    /// <summary>Only pair crimes of the same police.uk category group (e.g. residential and business burglary); default true.</summary>
    public bool SameCategoryGroupOnly { get; init; } = true;

    /// <summary>Number of pairs returned, the best first; default 100.</summary>
    public int MaxPairs { get; init; } = 100;

    /// <summary>Smallest score returned, 0–1; default 0.</summary>
    public double MinimumScore { get; init; }
}

/// <summary>A candidate pair: two crimes possibly committed by the same offender, with the parts of its score.</summary>
/// <param name="FirstId">Id of the crime whose window starts first (ties by id).</param>
/// <param name="SecondId">Id of the other crime.</param>
/// <param name="Score">Combined score, 0–1.</param>
/// <param name="DistanceMetres">Straight-line distance, metres.</param>
/// <param name="DistanceScore">exp(−distance / scale).</param>
/// <param name="GapDays">Gap between the windows, days; 0 when they overlap.</param>
/// <param name="TimeScore">exp(−gap / scale).</param>
/// <param name="MoSimilarity">Jaccard similarity of the MO tags, 0–1.</param>
/// <param name="SharedMoTags">Tags both crimes have (normalised, sorted).</param>
/// <param name="CategoryGroup">The police.uk category group of the first crime.</param>
public sealed record CandidatePair(
    string FirstId,
    string SecondId,
    double Score,
    double DistanceMetres,
    double DistanceScore,
    double GapDays,
    double TimeScore,
    double MoSimilarity,
    IReadOnlyList<string> SharedMoTags,
    string CategoryGroup);

/// <summary>
/// Finds pairs of crimes likely to belong to one series (case linkage), scored by closeness in space and
/// time and by shared modus operandi; see <see cref="SeriesCandidateOptions"/> for the score.
/// </summary>
/// <remarks>
/// Only pairs within <see cref="SeriesCandidateOptions.MaxDistanceMetres"/> and
/// <see cref="SeriesCandidateOptions.MaxGapDays"/> are scored. Crimes are bucketed on a square grid of side the
/// maximum distance, so a crime is compared only with crimes in its own and the eight neighbouring buckets;
/// within a bucket crimes are sorted by window start, so only those whose windows can come within the maximum
/// gap are visited. The work is near-linear for crimes spread over space and time, not quadratic.
/// </remarks>
public static class SeriesCandidates
{
    private static readonly SeriesCandidateOptions Defaults = new();

    /// <summary>Finds the best-scoring candidate pairs.</summary>
    /// <param name="crimes">The crimes.</param>
    /// <param name="options">Parameters; default <see cref="SeriesCandidateOptions"/>'s defaults.</param>
    /// <returns>Up to MaxPairs pairs, best score first (ties by ids).</returns>
    /// <exception cref="ArgumentException">A bad option, or a crime with no id, no category, non-finite coordinates or a reversed window.</exception>
    public static IReadOnlyList<CandidatePair> Find(IReadOnlyList<LinkageCrime> crimes, SeriesCandidateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(crimes);
        options ??= Defaults;
        CheckOptions(options, nameof(options));

        int n = crimes.Count;
        var prepared = new Prepared[n];
        for (int i = 0; i < n; i++)
        {
            prepared[i] = Prepare(crimes[i], i, nameof(crimes));
        }

        double maxDistance = options.MaxDistanceMetres;
        long maxGapTicks = (long)Math.Min(options.MaxGapDays * TimeSpan.TicksPerDay, long.MaxValue / 4.0);

        // Buckets of side maxDistance, each sorted by window start, with the longest window in the bucket.
        var buckets = new Dictionary<(long X, long Y), Bucket>();
        for (int i = 0; i < n; i++)
        {
            (long X, long Y) key = BucketKey(Cell(prepared[i].Easting, maxDistance), Cell(prepared[i].Northing, maxDistance));
            ref Bucket? bucket = ref CollectionsMarshal.GetValueRefOrAddDefault(buckets, key, out _);
            bucket ??= new Bucket();
            bucket.Members.Add(i);
        }

        foreach (Bucket bucket in buckets.Values)
        {
            bucket.Members.Sort((a, b) => prepared[a].From.CompareTo(prepared[b].From));
            bucket.Starts = [.. bucket.Members.Select(i => prepared[i].From)];
            bucket.LongestWindow = bucket.Members.Max(i => prepared[i].To - prepared[i].From);
        }

        var best = new List<CandidatePair>();
        double maxDistanceSquared = maxDistance * maxDistance;
        for (int i = 0; i < n; i++)
        {
            ref readonly Prepared a = ref prepared[i];
            long cx = Cell(a.Easting, maxDistance), cy = Cell(a.Northing, maxDistance);
            for (long dy = -1; dy <= 1; dy++)
            {
                for (long dx = -1; dx <= 1; dx++)
                {
                    if (!buckets.TryGetValue(BucketKey(cx + dx, cy + dy), out Bucket? bucket))
                    {
                        continue;
                    }

                    // Candidates j have gap ≤ G: From_j ≤ To_i + G and To_j ≥ From_i − G, so From_j ≥ From_i − G − longest.
                    long lowest = a.From - maxGapTicks - bucket.LongestWindow;
                    long highest = a.To + maxGapTicks;
                    for (int k = LowerBound(bucket.Starts, lowest); k < bucket.Starts.Length && bucket.Starts[k] <= highest; k++)
                    {
                        int j = bucket.Members[k];
                        if (j <= i)
                        {
                            continue;
                        }

                        ref readonly Prepared b = ref prepared[j];
                        double de = a.Easting - b.Easting, dn = a.Northing - b.Northing;
                        double d2 = (de * de) + (dn * dn);
                        if (d2 > maxDistanceSquared)
                        {
                            continue;
                        }

                        long gap = Math.Max(0, Math.Max(a.From, b.From) - Math.Min(a.To, b.To));
                        if (gap > maxGapTicks || (options.SameCategoryGroupOnly && !string.Equals(a.Group, b.Group, StringComparison.Ordinal)))
                        {
                            continue;
                        }

                        CandidatePair pair = Pair(a, b, Math.Sqrt(d2), (double)gap / TimeSpan.TicksPerDay, options);
                        if (pair.Score >= options.MinimumScore)
                        {
                            best.Add(pair);
                            if (best.Count >= 4 * options.MaxPairs + 1024)
                            {
                                Trim(best, options.MaxPairs);
                            }
                        }
                    }
                }
            }
        }

        Trim(best, options.MaxPairs);
        return best;
    }

    /// <summary>
    /// Jaccard similarity |A ∩ B| / |A ∪ B| of two tag sets (Jaccard 1912, New Phytologist 11(2):37–50), tags
    /// compared case-insensitively after trimming, blanks ignored. 0 when both are empty: no shared MO evidence.
    /// </summary>
    /// <param name="first">First tags, or null.</param>
    /// <param name="second">Second tags, or null.</param>
    /// <returns>0–1.</returns>
    public static double Jaccard(IEnumerable<string>? first, IEnumerable<string>? second)
    {
        HashSet<string> a = NormaliseTags(first);
        HashSet<string> b = NormaliseTags(second);
        return Jaccard(a, b, out _);
    }

    /// <summary>The combined score of a pair from its parts; see <see cref="SeriesCandidateOptions"/>.</summary>
    /// <param name="distanceMetres">Distance, metres, ≥ 0.</param>
    /// <param name="gapDays">Gap between the windows, days, ≥ 0.</param>
    /// <param name="moSimilarity">MO similarity, 0–1.</param>
    /// <param name="options">Scales and weights; default the defaults.</param>
    /// <returns>0–1.</returns>
    /// <exception cref="ArgumentException">A negative or non-finite part, or bad options.</exception>
    public static double Score(double distanceMetres, double gapDays, double moSimilarity, SeriesCandidateOptions? options = null)
    {
        options ??= Defaults;
        CheckOptions(options, nameof(options));
        if (!(distanceMetres >= 0 && double.IsFinite(distanceMetres)))
        {
            throw new ArgumentOutOfRangeException(nameof(distanceMetres), distanceMetres, "distanceMetres must be finite and ≥ 0.");
        }

        if (!(gapDays >= 0 && double.IsFinite(gapDays)))
        {
            throw new ArgumentOutOfRangeException(nameof(gapDays), gapDays, "gapDays must be finite and ≥ 0.");
        }

        if (!(moSimilarity >= 0 && moSimilarity <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(moSimilarity), moSimilarity, "moSimilarity must be between 0 and 1.");
        }

        return Combine(DistanceScore(distanceMetres, options), TimeScore(gapDays, options), moSimilarity, options);
    }

    /// <summary>Gap between two windows: the time from the end of the earlier to the start of the later, 0 when they overlap.</summary>
    /// <param name="firstFrom">Start of the first window.</param>
    /// <param name="firstTo">End of the first window.</param>
    /// <param name="secondFrom">Start of the second window.</param>
    /// <param name="secondTo">End of the second window.</param>
    /// <returns>The gap, ≥ 0.</returns>
    public static TimeSpan Gap(DateTimeOffset firstFrom, DateTimeOffset firstTo, DateTimeOffset secondFrom, DateTimeOffset secondTo)
    {
        long later = Math.Max(firstFrom.UtcTicks, secondFrom.UtcTicks);
        long earlier = Math.Min(firstTo.UtcTicks, secondTo.UtcTicks);
        return TimeSpan.FromTicks(Math.Max(0, later - earlier));
    }

    /// <summary>The police.uk category a slug rolls up to (e.g. "burglary-residential" → "burglary"); unknown slugs are their own group.</summary>
    /// <param name="category">Category slug.</param>
    /// <returns>The group slug.</returns>
    public static string CategoryGroup(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        string slug = category.Trim();
        return CrimeCategories.TryGet(slug, out CrimeCategory known) ? known.PoliceUkSlug : slug.ToLowerInvariant();
    }

    private static double DistanceScore(double distanceMetres, SeriesCandidateOptions options) => Math.Exp(-distanceMetres / options.DistanceScaleMetres);

    private static double TimeScore(double gapDays, SeriesCandidateOptions options) => Math.Exp(-gapDays / options.TimeScaleDays);

    private static double Combine(double distanceScore, double timeScore, double mo, SeriesCandidateOptions options) =>
        ((options.DistanceWeight * distanceScore) + (options.TimeWeight * timeScore) + (options.MoWeight * mo))
        / (options.DistanceWeight + options.TimeWeight + options.MoWeight);

    private static CandidatePair Pair(in Prepared a, in Prepared b, double distance, double gapDays, SeriesCandidateOptions options)
    {
        bool aFirst = a.From < b.From || (a.From == b.From && string.CompareOrdinal(a.Id, b.Id) <= 0);
        double mo = Jaccard(a.Tags, b.Tags, out List<string> shared);
        double ds = DistanceScore(distance, options);
        double ts = TimeScore(gapDays, options);
        return new CandidatePair(
            aFirst ? a.Id : b.Id,
            aFirst ? b.Id : a.Id,
            Combine(ds, ts, mo, options),
            distance,
            ds,
            gapDays,
            ts,
            mo,
            shared,
            aFirst ? a.Group : b.Group);
    }

    private static double Jaccard(HashSet<string> a, HashSet<string> b, out List<string> shared)
    {
        shared = [.. a.Where(b.Contains).Order(StringComparer.Ordinal)];
        int union = a.Count + b.Count - shared.Count;
        return union == 0 ? 0 : (double)shared.Count / union;
    }

    private static HashSet<string> NormaliseTags(IEnumerable<string>? tags)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (tags is not null)
        {
            foreach (string? tag in tags)
            {
                if (!string.IsNullOrWhiteSpace(tag))
                {
                    set.Add(tag.Trim().ToLowerInvariant());
                }
            }
        }

        return set;
    }

    private static void Trim(List<CandidatePair> pairs, int keep)
    {
        pairs.Sort(static (x, y) =>
        {
            int c = y.Score.CompareTo(x.Score);
            if (c == 0)
            {
                c = string.CompareOrdinal(x.FirstId, y.FirstId);
            }

            return c != 0 ? c : string.CompareOrdinal(x.SecondId, y.SecondId);
        });
        if (pairs.Count > keep)
        {
            pairs.RemoveRange(keep, pairs.Count - keep);
        }
    }

    private static int LowerBound(long[] sorted, long value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
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

    private static long Cell(double coordinate, double size) => (long)Math.Floor(coordinate / size);

    private static (long X, long Y) BucketKey(long cx, long cy) => (cx, cy);

    private static Prepared Prepare(LinkageCrime? crime, int index, string paramName)
    {
        if (crime is null)
        {
            throw new ArgumentException(FormattableString.Invariant($"{paramName}[{index}] is null."), paramName);
        }

        if (string.IsNullOrWhiteSpace(crime.Id))
        {
            throw new ArgumentException(FormattableString.Invariant($"{paramName}[{index}] has no id."), paramName);
        }

        if (!(Math.Abs(crime.Easting) <= 1e9 && Math.Abs(crime.Northing) <= 1e9))
        {
            throw new ArgumentException(
                FormattableString.Invariant($"{paramName}[{index}] ({crime.Id}) has coordinates ({crime.Easting}, {crime.Northing}); they must be finite metres."), paramName);
        }

        if (crime.OccurredTo < crime.OccurredFrom)
        {
            throw new ArgumentException(FormattableString.Invariant($"{paramName}[{index}] ({crime.Id}) ends before it starts."), paramName);
        }

        if (string.IsNullOrWhiteSpace(crime.Category))
        {
            throw new ArgumentException(FormattableString.Invariant($"{paramName}[{index}] ({crime.Id}) has no category."), paramName);
        }

        return new Prepared(
            crime.Id, crime.Easting, crime.Northing, crime.OccurredFrom.UtcTicks, crime.OccurredTo.UtcTicks, CategoryGroup(crime.Category), NormaliseTags(crime.MoTags));
    }

    private static void CheckOptions(SeriesCandidateOptions options, string paramName)
    {
        static bool Positive(double v) => double.IsFinite(v) && v > 0;
        static bool NonNegative(double v) => double.IsFinite(v) && v >= 0;

        string? problem =
            !Positive(options.DistanceScaleMetres) ? "DistanceScaleMetres must be finite and positive."
            : !Positive(options.TimeScaleDays) ? "TimeScaleDays must be finite and positive."
            : !Positive(options.MaxDistanceMetres) ? "MaxDistanceMetres must be finite and positive."
            : !NonNegative(options.MaxGapDays) ? "MaxGapDays must be finite and ≥ 0."
            : !NonNegative(options.DistanceWeight) || !NonNegative(options.TimeWeight) || !NonNegative(options.MoWeight) ? "Weights must be finite and ≥ 0."
            : !(options.DistanceWeight + options.TimeWeight + options.MoWeight > 0) ? "At least one weight must be positive."
            : options.MaxPairs < 1 ? "MaxPairs must be at least 1."
            : !(options.MinimumScore >= 0 && options.MinimumScore <= 1) ? "MinimumScore must be between 0 and 1."
            : null;
        if (problem is not null)
        {
            throw new ArgumentException(problem, paramName);
        }
    }

    private readonly record struct Prepared(string Id, double Easting, double Northing, long From, long To, string Group, HashSet<string> Tags);

    private sealed class Bucket
    {
        public List<int> Members { get; } = [];

        public long[] Starts { get; set; } = [];

        public long LongestWindow { get; set; }
    }
}
