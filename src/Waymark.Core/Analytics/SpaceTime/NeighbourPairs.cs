using System.Globalization;

namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>
/// Finds every pair of events closer than a distance, using a uniform grid of square buckets whose side is
/// that distance: two events that close always sit in the same or adjacent buckets (under either metric,
/// since |Δx| and |Δy| never exceed the Euclidean or Manhattan distance), so only 3 × 3 buckets are searched
/// per bucket instead of all n(n−1)/2 pairs.
/// </summary>
internal static class NeighbourPairs
{
    /// <summary>Pairs found, in a fixed order for fixed input: I[k] &lt; J[k], distance D[k] in metres.</summary>
    internal readonly record struct PairList(int[] I, int[] J, double[] D)
    {
        public int Count => I.Length;
    }

    public static double Distance(in SpaceTimeEvent a, in SpaceTimeEvent b, DistanceMetric metric)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        return metric == DistanceMetric.Manhattan ? Math.Abs(dx) + Math.Abs(dy) : Math.Sqrt((dx * dx) + (dy * dy));
    }

    /// <summary>
    /// All pairs with distance &lt; <paramref name="maxDistance"/> (or ≤ when <paramref name="inclusive"/>).
    /// </summary>
    public static PairList Find(IReadOnlyList<SpaceTimeEvent> events, double maxDistance, bool inclusive, DistanceMetric metric, string paramName)
    {
        var n = events.Count;
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = double.NegativeInfinity, maxY = double.NegativeInfinity;
        for (var i = 0; i < n; i++)
        {
            minX = Math.Min(minX, events[i].X);
            minY = Math.Min(minY, events[i].Y);
            maxX = Math.Max(maxX, events[i].X);
            maxY = Math.Max(maxY, events[i].Y);
        }

        // Buckets a hair wider than the distance, so rounding in the division can never put two events
        // that are exactly maxDistance apart two buckets apart.
        var bucketSize = maxDistance * (1 + 1e-6);
        var spanX = (maxX - minX) / bucketSize;
        var spanY = (maxY - minY) / bucketSize;
        if (!(spanX < 1e9) || !(spanY < 1e9))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The events span more than a billion times the distance band ({maxDistance}); use a larger band or fewer, nearer events."),
                paramName);
        }

        var columns = (long)spanX + 2;
        var cellOf = new long[n];
        var bucketOfCell = new Dictionary<long, int>();
        var bucketCount = new List<int>();
        var bucketOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            var cx = (long)((events[i].X - minX) / bucketSize);
            var cy = (long)((events[i].Y - minY) / bucketSize);
            var key = (cy * columns) + cx;
            cellOf[i] = key;
            if (!bucketOfCell.TryGetValue(key, out var b))
            {
                b = bucketCount.Count;
                bucketOfCell.Add(key, b);
                bucketCount.Add(0);
            }

            bucketOf[i] = b;
            bucketCount[b]++;
        }

        // Counting sort of event indices by bucket (stable: ascending event index within a bucket).
        var start = new int[bucketCount.Count + 1];
        for (var b = 0; b < bucketCount.Count; b++)
        {
            start[b + 1] = start[b] + bucketCount[b];
        }

        var fill = (int[])start.Clone();
        var members = new int[n];
        for (var i = 0; i < n; i++)
        {
            members[fill[bucketOf[i]]++] = i;
        }

        var pi = new List<int>();
        var pj = new List<int>();
        var pd = new List<double>();
        for (var b = 0; b < bucketCount.Count; b++)
        {
            var anyMember = members[start[b]];
            var key = cellOf[anyMember];
            for (var dy = -1L; dy <= 1; dy++)
            {
                for (var dx = -1L; dx <= 1; dx++)
                {
                    if (!bucketOfCell.TryGetValue(key + (dy * columns) + dx, out var other))
                    {
                        continue;
                    }

                    for (var a = start[b]; a < start[b + 1]; a++)
                    {
                        var i = members[a];
                        var ei = events[i];
                        for (var c = start[other]; c < start[other + 1]; c++)
                        {
                            var j = members[c];
                            if (j <= i)
                            {
                                continue; // each unordered pair once, from the lower index
                            }

                            var d = Distance(ei, events[j], metric);
                            if (d < maxDistance || (inclusive && d == maxDistance))
                            {
                                pi.Add(i);
                                pj.Add(j);
                                pd.Add(d);
                            }
                        }
                    }
                }
            }
        }

        return new PairList([.. pi], [.. pj], [.. pd]);
    }

    /// <summary>
    /// For sorted <paramref name="sortedTimes"/>, the number of pairs whose time difference is
    /// &lt; <paramref name="threshold"/> (or ≤ when <paramref name="inclusive"/>), by a sliding window in O(n).
    /// Differences are computed as t[j] − t[i], which is bit-for-bit |t[a] − t[b]| for the same pair.
    /// </summary>
    public static long CountTimePairs(double[] sortedTimes, double threshold, bool inclusive)
    {
        long count = 0;
        var n = sortedTimes.Length;
        var hi = 0;
        for (var i = 0; i < n; i++)
        {
            if (hi < i + 1)
            {
                hi = i + 1;
            }

            while (hi < n && Within(sortedTimes[hi] - sortedTimes[i], threshold, inclusive))
            {
                hi++;
            }

            count += hi - i - 1;
        }

        return count;
    }

    private static bool Within(double difference, double threshold, bool inclusive) =>
        inclusive ? difference <= threshold : difference < threshold;
}
