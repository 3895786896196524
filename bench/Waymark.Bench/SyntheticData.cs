using Waymark.Core.Analytics.SpaceTime;
using Waymark.Core.Geo;

namespace Waymark.Bench;

/// <summary>
/// Crime-like synthetic positions on the British National Grid (metres): a mixture of Gaussian hotspots (towns and
/// cities, a few large and many small, by a rank-size rule) over a uniform background, every hotspot centre and
/// every background point on the Great Britain mainland outline. Everything comes from a fixed seed, so every run
/// of a benchmark sees the same data.
/// </summary>
internal sealed class HotspotModel
{
    /// <summary>Great Britain's extent on the grid (the OSTN15 cover): 0..700 000 E, 0..1 250 000 N.</summary>
    public const double MaxEasting = 700_000, MaxNorthing = 1_250_000;

    private readonly double[] _e, _n, _sigma, _cumulative;

    private HotspotModel(double[] e, double[] n, double[] sigma, double[] cumulative, double background)
    {
        (_e, _n, _sigma, _cumulative, BackgroundShare) = (e, n, sigma, cumulative, background);
    }

    public int Hotspots => _e.Length;

    public double BackgroundShare { get; }

    /// <summary>
    /// Hotspot k (k = 1 … count) gets weight k^−0.9 (a rank-size rule: one London, a few Birminghams, many market
    /// towns) and a spread σ from 1 km to 8 km (log-uniform, larger for the larger places). Centres are on land;
    /// southern Britain (north of 600 km N is accepted a third as often) is more crowded than the Highlands.
    /// </summary>
    public static HotspotModel Create(Random random, int count = 300, double background = 0.12)
    {
        var e = new double[count];
        var n = new double[count];
        var sigma = new double[count];
        var weights = new double[count];
        for (var k = 0; k < count; k++)
        {
            double ce, cn;
            do
            {
                ce = random.NextDouble() * MaxEasting;
                cn = random.NextDouble() * MaxNorthing;
            }
            while (!OnLand(ce, cn) || (cn > 600_000 && random.NextDouble() > 1.0 / 3));

            weights[k] = Math.Pow(k + 1, -0.9);
            var size = Math.Sqrt(weights[k]); // 1 for the largest place, ~0.08 for the smallest
            sigma[k] = 1000 * Math.Exp(Math.Log(8) * Math.Clamp((0.6 * size) + (0.4 * random.NextDouble()), 0, 1));
            (e[k], n[k]) = (ce, cn);
        }

        var cumulative = new double[count];
        var total = weights.Sum();
        var running = 0.0;
        for (var k = 0; k < count; k++)
        {
            running += weights[k] / total;
            cumulative[k] = running;
        }

        cumulative[^1] = 1;
        return new HotspotModel(e, n, sigma, cumulative, background);
    }

    /// <summary>One point inside Great Britain's extent (and accepted by <paramref name="accept"/>, if given).</summary>
    public (double E, double N) Next(Random random, Func<double, double, bool>? accept = null)
    {
        while (true)
        {
            double e, n;
            if (random.NextDouble() < BackgroundShare)
            {
                e = random.NextDouble() * MaxEasting;
                n = random.NextDouble() * MaxNorthing;
                if (!OnLand(e, n))
                {
                    continue;
                }
            }
            else
            {
                var k = Array.BinarySearch(_cumulative, random.NextDouble());
                k = k < 0 ? Math.Min(~k, _cumulative.Length - 1) : k;
                e = _e[k] + (_sigma[k] * Gaussian(random));
                n = _n[k] + (_sigma[k] * Gaussian(random));
            }

            if (e >= 0 && e < MaxEasting && n >= 0 && n < MaxNorthing && (accept is null || accept(e, n)))
            {
                return (e, n);
            }
        }
    }

    /// <summary>Whether a grid position is on the Great Britain mainland outline Waymark uses to place crimes.</summary>
    public static bool OnLand(double easting, double northing) =>
        Ostn15.TryToWgs84(easting, northing, out var lat, out var lon) && GeoArea.Classify(lat, lon) == Jurisdiction.GreatBritain;

    public static double Gaussian(Random random)
    {
        // Box–Muller; 1 − U avoids log(0).
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}

/// <summary>Synthetic space–time crime data for the space–time statistics.</summary>
internal static class SpaceTimeData
{
    /// <summary>
    /// Burglary-like events in a square: hotspots (σ 300 m to 2 km) over a uniform background, times uniform over
    /// the period, and a share of repeats — a later event at the same address (a third of them) or within about 200 m (σ 80 m), a few days
    /// (exponential, mean 5 days) of an earlier one, as the near-repeat literature describes for burglary.
    /// </summary>
    public static List<SpaceTimeEvent> NearRepeatLike(Random random, int count, double originE, double originN, double side, double days, double repeatShare)
    {
        var centres = Enumerable.Range(0, 40)
            .Select(_ => (E: originE + (random.NextDouble() * side), N: originN + (random.NextDouble() * side), S: 300 + (random.NextDouble() * 1700)))
            .ToArray();
        var events = new List<SpaceTimeEvent>(count);
        while (events.Count < count)
        {
            double x, y, t;
            if (events.Count > 100 && random.NextDouble() < repeatShare)
            {
                // A third of repeats are at the same address (repeat victimisation), the rest nearby.
                var source = events[random.Next(events.Count)];
                var spread = random.NextDouble() < 1.0 / 3 ? 0 : 80;
                x = source.X + (spread * HotspotModel.Gaussian(random));
                y = source.Y + (spread * HotspotModel.Gaussian(random));
                t = source.T + (-5 * Math.Log(1 - random.NextDouble()));
            }
            else if (random.NextDouble() < 0.25)
            {
                x = originE + (random.NextDouble() * side);
                y = originN + (random.NextDouble() * side);
                t = random.NextDouble() * days;
            }
            else
            {
                var c = centres[random.Next(centres.Length)];
                x = c.E + (c.S * HotspotModel.Gaussian(random));
                y = c.N + (c.S * HotspotModel.Gaussian(random));
                t = random.NextDouble() * days;
            }

            if (x >= originE && x < originE + side && y >= originN && y < originN + side && t < days)
            {
                // Whole metres, as geocoded addresses are: repeat victimisation gives pairs at distance 0.
                events.Add(new SpaceTimeEvent(Math.Round(x), Math.Round(y), t));
            }
        }

        return events;
    }

    /// <summary>
    /// County-like events for the scan statistic: hotspots and background over a square, uniform over the days,
    /// plus an emerging cluster (<paramref name="clusterEvents"/> events within ~1 km in the last 14 days).
    /// </summary>
    public static List<SpaceTimeEvent> CountyLike(Random random, int count, double originE, double originN, double side, int days, int clusterEvents)
    {
        var centres = Enumerable.Range(0, 60)
            .Select(_ => (E: originE + (random.NextDouble() * side), N: originN + (random.NextDouble() * side), S: 500 + (random.NextDouble() * 3500), W: random.NextDouble()))
            .ToArray();
        var weightSum = centres.Sum(c => c.W);
        var clusterE = originE + (0.3 * side);
        var clusterN = originN + (0.6 * side);
        var events = new List<SpaceTimeEvent>(count);
        while (events.Count < count)
        {
            double x, y, t;
            if (events.Count < clusterEvents)
            {
                x = clusterE + (600 * HotspotModel.Gaussian(random));
                y = clusterN + (600 * HotspotModel.Gaussian(random));
                t = days - (random.NextDouble() * 14);
            }
            else if (random.NextDouble() < 0.2)
            {
                x = originE + (random.NextDouble() * side);
                y = originN + (random.NextDouble() * side);
                t = random.NextDouble() * days;
            }
            else
            {
                var pick = random.NextDouble() * weightSum;
                var c = centres[^1];
                foreach (var candidate in centres)
                {
                    pick -= candidate.W;
                    if (pick <= 0)
                    {
                        c = candidate;
                        break;
                    }
                }

                x = c.E + (c.S * HotspotModel.Gaussian(random));
                y = c.N + (c.S * HotspotModel.Gaussian(random));
                t = random.NextDouble() * days;
            }

            if (x >= originE && x < originE + side && y >= originN && y < originN + side && t >= 0 && t < days)
            {
                events.Add(new SpaceTimeEvent(Math.Round(x), Math.Round(y), t));
            }
        }

        return events;
    }
}
