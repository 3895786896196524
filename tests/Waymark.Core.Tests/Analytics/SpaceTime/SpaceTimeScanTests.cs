using Waymark.Core.Analytics.SpaceTime;

namespace Waymark.Core.Tests.Analytics.SpaceTime;

public class SpaceTimeScanTests
{
    private const double X0 = 400_000, Y0 = 200_000;

    [Fact]
    public void LogLikelihoodRatio_HandComputed()
    {
        // c = 5, μ = 2, C = 20: 5 ln(5/2) + 15 ln(15/18) = 4.581453659 − 2.734823352 = 1.846630307.
        Assert.Equal(1.8466303074614565, SpaceTimeScan.LogLikelihoodRatio(5, 2, 20), 1e-12);

        // Only an excess counts.
        Assert.Equal(0.0, SpaceTimeScan.LogLikelihoodRatio(2, 2, 20));
        Assert.Equal(0.0, SpaceTimeScan.LogLikelihoodRatio(1, 2, 20));

        // Everything inside: the outside term is 0 ln 0 = 0, leaving C ln(C/μ).
        Assert.Equal(20 * Math.Log(20 / 4.0), SpaceTimeScan.LogLikelihoodRatio(20, 4, 20), 1e-12);
    }

    [Fact]
    public void TinyExample_HandComputed()
    {
        // Two locations 10 km apart, days 0–3 (so windows of 1 or 2 days: half the 4-day study).
        //          day 0  1  2  3   total
        //   A         1  1  0  3     5
        //   B         2  2  2  0     6
        //   total     3  3  2  3    11
        // 50% of events is 5.5, so B (6) can never be in a cylinder and A can never take in B.
        // Cylinder A × day 3:     c = 3, μ = 5·3/11 = 15/11, LLR = 3 ln(2.2) + 8 ln(8/(11 − 15/11)) = 0.876553844
        // Cylinder A × days 2–3:  c = 3, μ = 5·5/11 = 25/11, LLR = 0.136804194 (smaller)
        // Relative risk (SaTScan): (3 ÷ 15/11) ÷ (8 ÷ 106/11) = 2.2 × 106/88 = 2.65.
        ScanLocation[] locations = [new(0, 0), new(10_000, 0)];
        ScanCount[] counts =
        [
            new(0, 0, 1), new(0, 1, 1), new(0, 2, 0), new(0, 3, 3),
            new(1, 0, 2), new(1, 1, 2), new(1, 2, 2), new(1, 3, 0),
        ];

        var result = SpaceTimeScan.Run(locations, counts, new SpaceTimeScanOptions { Replications = 99 });

        Assert.Equal(11, result.TotalEvents);
        Assert.Equal(0, result.StudyStartDay);
        Assert.Equal(3, result.StudyEndDay);
        Assert.Equal(2, result.MaxWindowDays);
        var top = Assert.Single(result.Clusters);
        Assert.Equal(1, top.Rank);
        Assert.Equal(0, top.CentreLocation);
        Assert.Equal([0], top.Locations);
        Assert.Equal(0.0, top.RadiusMetres);
        Assert.Equal((3, 3), (top.StartDay, top.EndDay));
        Assert.Equal(3, top.Observed);
        Assert.Equal(15.0 / 11, top.Expected, 1e-12);
        Assert.Equal(2.2, top.ObservedOverExpected, 1e-12);
        Assert.Equal(2.65, top.RelativeRisk!.Value, 1e-12);
        Assert.Equal(0.8765538440219249, top.LogLikelihoodRatio, 1e-12);
        Assert.InRange(top.PValue!.Value, 0.01, 1.0);
        Assert.Equal(1 / top.PValue.Value, top.RecurrenceIntervalDays!.Value, 1e-9);
    }

    [Fact]
    public void TinyExample_WithoutReplications_HasNoPValue()
    {
        ScanLocation[] locations = [new(0, 0), new(10_000, 0)];
        ScanCount[] counts = [new(0, 0, 1), new(0, 1, 1), new(0, 3, 3), new(1, 0, 2), new(1, 1, 2), new(1, 2, 2)];

        var top = SpaceTimeScan.Run(locations, counts, new SpaceTimeScanOptions { Replications = 0 }).Clusters[0];

        Assert.Null(top.PValue);
        Assert.Null(top.RecurrenceIntervalDays);
        Assert.Equal(0.8765538440219249, top.LogLikelihoodRatio, 1e-12);
    }

    [Fact]
    public void PlantedCluster_IsFound()
    {
        var events = Background(4000, seed: 21);
        Plant(events, X0 + 12_500, Y0 + 7_500, count: 40, firstDay: 117, lastDay: 119, seed: 22);

        var result = SpaceTimeScan.Run(events, ScanOptions(seed: 5) with { Replications = 499 });

        var top = result.Clusters[0];
        Assert.True(top.PValue <= 0.01, $"p = {top.PValue}");
        Assert.True(Math.Abs(top.CentreX - (X0 + 12_500)) <= 1000 && Math.Abs(top.CentreY - (Y0 + 7_500)) <= 1000, $"centre ({top.CentreX}, {top.CentreY})");
        Assert.Equal(119, top.EndDay);
        Assert.InRange(top.StartDay, 110, 119);
        Assert.True(top.Observed >= 30, $"observed {top.Observed}, radius {top.RadiusMetres}, days {top.StartDay}-{top.EndDay}");
        Assert.True(top.ObservedOverExpected > 3);
        Assert.Equal(1 / 500.0, top.PValue!.Value, 1e-12);
        Assert.Equal(500.0, top.RecurrenceIntervalDays!.Value, 1e-9);
    }

    [Fact]
    public void TwoPlantedClusters_AreReportedAsNonOverlappingClusters()
    {
        var events = Background(4000, seed: 31);
        Plant(events, X0 + 4_500, Y0 + 4_500, count: 35, firstDay: 115, lastDay: 119, seed: 32);
        Plant(events, X0 + 15_500, Y0 + 15_500, count: 30, firstDay: 118, lastDay: 119, seed: 33);

        var result = SpaceTimeScan.Run(events, ScanOptions(seed: 6) with { Replications = 499 });

        var significant = result.Clusters.Where(c => c.PValue <= 0.01).ToList();
        Assert.Equal(2, significant.Count);
        Assert.Contains(significant, c => Near(c, X0 + 4_500, Y0 + 4_500));
        Assert.Contains(significant, c => Near(c, X0 + 15_500, Y0 + 15_500));
        Assert.Equal([1, 2], significant.Select(c => c.Rank));
        Assert.True(significant[0].LogLikelihoodRatio >= significant[1].LogLikelihoodRatio);

        // No location belongs to two reported clusters.
        var all = result.Clusters.SelectMany(c => c.Locations).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void NoCluster_TopClusterIsNotSignificant()
    {
        var events = Background(4000, seed: 41);
        var result = SpaceTimeScan.Run(events, ScanOptions(seed: 7) with { Replications = 199 });

        Assert.NotEmpty(result.Clusters);
        Assert.True(result.Clusters[0].PValue > 0.05, $"p = {result.Clusters[0].PValue}");
        foreach (var cluster in result.Clusters)
        {
            Assert.True(cluster.ObservedOverExpected > 1);
            Assert.False(double.IsNaN(cluster.LogLikelihoodRatio));
        }
    }

    [Fact]
    public void MonteCarlo_IsReproducibleAndIndependentOfThreadCount()
    {
        var events = Background(3000, seed: 51);
        Plant(events, X0 + 9_500, Y0 + 9_500, count: 12, firstDay: 118, lastDay: 119, seed: 52);
        var options = ScanOptions(seed: 99) with { Replications = 199 };

        var one = SpaceTimeScan.Run(events, options with { MaxDegreeOfParallelism = 1 });
        var two = SpaceTimeScan.Run(events, options with { MaxDegreeOfParallelism = 2 });

        Assert.Equal(Summary(one), Summary(two));
        Assert.Equal(Summary(one), Summary(SpaceTimeScan.Run(events, options)));
    }

    [Fact]
    public void ResultDoesNotDependOnTheOrderOfTheEvents()
    {
        var events = Background(1500, seed: 81);
        Plant(events, X0 + 5_500, Y0 + 5_500, count: 8, firstDay: 119, lastDay: 119, seed: 82);
        var reversed = Enumerable.Reverse(events).ToList();
        var options = ScanOptions(seed: 3) with { Replications = 99 };

        Assert.Equal(Summary(SpaceTimeScan.Run(events, options)), Summary(SpaceTimeScan.Run(reversed, options)));
    }

    [Fact]
    public void EventsAndCounts_GiveTheSameScan()
    {
        var events = Background(1500, seed: 61);
        var fromEvents = SpaceTimeScan.Run(events, ScanOptions(seed: 1) with { Replications = 99 });

        var counts = events
            .Select(e => (Cell: (Math.Floor(e.X / 1000), Math.Floor(e.Y / 1000)), Day: (int)Math.Floor(e.T)))
            .GroupBy(k => k)
            .Select(g => (g.Key.Cell, g.Key.Day, Count: g.Count()))
            .ToList();
        var locations = fromEvents.Locations.ToList();
        var index = locations.Select((l, i) => (l, i)).ToDictionary(p => (Math.Floor(p.l.X / 1000), Math.Floor(p.l.Y / 1000)), p => p.i);
        var fromCounts = SpaceTimeScan.Run(
            locations,
            counts.Select(c => new ScanCount(index[c.Cell], c.Day, c.Count)).ToList(),
            ScanOptions(seed: 1) with { Replications = 99 });

        Assert.Equal(Summary(fromEvents), Summary(fromCounts));
    }

    [Fact]
    public void BadInput_Throws()
    {
        var events = Background(50, seed: 71);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => SpaceTimeScan.Run(events.Take(2).ToList())).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => SpaceTimeScan.Run([.. events, new SpaceTimeEvent(double.NaN, 0, 1)])).ParamName);
        Assert.Equal(
            "options.LocationCellSize",
            Assert.Throws<ArgumentOutOfRangeException>(() => SpaceTimeScan.Run(events, new SpaceTimeScanOptions { LocationCellSize = 0 })).ParamName);
        Assert.Equal(
            "options.Replications",
            Assert.Throws<ArgumentOutOfRangeException>(() => SpaceTimeScan.Run(events, new SpaceTimeScanOptions { Replications = 5 })).ParamName);
        Assert.Equal(
            "options.MaxFractionOfEvents",
            Assert.Throws<ArgumentOutOfRangeException>(() => SpaceTimeScan.Run(events, new SpaceTimeScanOptions { MaxFractionOfEvents = 0 })).ParamName);

        ScanLocation[] locations = [new(0, 0), new(1000, 0)];
        Assert.Equal(
            "counts",
            Assert.Throws<ArgumentException>(() => SpaceTimeScan.Run(locations, [new ScanCount(0, 0, 5), new ScanCount(1, 1, -1)])).ParamName);
        Assert.Equal(
            "counts",
            Assert.Throws<ArgumentException>(() => SpaceTimeScan.Run(locations, [new ScanCount(2, 0, 5)])).ParamName);
        Assert.Equal(
            "counts",
            Assert.Throws<ArgumentException>(() => SpaceTimeScan.Run(locations, [new ScanCount(0, 0, 1), new ScanCount(1, 0, 1)])).ParamName);
        Assert.Equal(
            "locations",
            Assert.Throws<ArgumentException>(() => SpaceTimeScan.Run([new ScanLocation(0, double.NaN)], [new ScanCount(0, 0, 5)])).ParamName);
        Assert.Equal("expected", Assert.Throws<ArgumentOutOfRangeException>(() => SpaceTimeScan.LogLikelihoodRatio(1, 0, 10)).ParamName);
        Assert.Equal("observed", Assert.Throws<ArgumentOutOfRangeException>(() => SpaceTimeScan.LogLikelihoodRatio(11, 1, 10)).ParamName);
    }

    private static SpaceTimeScanOptions ScanOptions(long seed) => new()
    {
        LocationCellSize = 1000,
        MaxRadius = 3000,
        MaxWindowDays = 14,
        Replications = 999,
        Seed = seed,
    };

    /// <summary>Events uniform over a 20 km square and days 0–119.</summary>
    private static List<SpaceTimeEvent> Background(int count, int seed) =>
        SpaceTimeTestData.Uniform(count, 20_000, 120, seed, X0, Y0);

    /// <summary>Adds events within ±600 m of a point on whole days in [firstDay, lastDay].</summary>
    private static void Plant(List<SpaceTimeEvent> events, double x, double y, int count, int firstDay, int lastDay, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            events.Add(new SpaceTimeEvent(x + ((random.NextDouble() - 0.5) * 1200), y + ((random.NextDouble() - 0.5) * 1200), random.Next(firstDay, lastDay + 1)));
        }
    }

    private static bool Near(SpaceTimeCluster cluster, double x, double y) =>
        Math.Abs(cluster.CentreX - x) <= 1000 && Math.Abs(cluster.CentreY - y) <= 1000;

    private static string Summary(SpaceTimeScanResult result) =>
        string.Join(
            "\n",
            result.Clusters.Select(c => FormattableString.Invariant(
                $"{c.Rank} {c.CentreLocation} {c.RadiusMetres} {c.StartDay}-{c.EndDay} {c.Observed} {c.Expected:R} {c.LogLikelihoodRatio:R} {c.PValue:R} [{string.Join(",", c.Locations)}]")));
}
