using Waymark.Core.Analytics.SpaceTime;

namespace Waymark.Core.Tests.Analytics.SpaceTime;

public class NearRepeatCalculatorTests
{
    // Five events on a line, so Manhattan and Euclidean distances are both |Δx|.
    //   E0 (0, 0) day 0 · E1 (0, 0) day 3 · E2 (50, 0) day 10 · E3 (150, 0) day 20 · E4 (1000, 0) day 1
    // Bands: same location [0, 1) · [1, 100) · [100, 200) · [200, ∞) m  ×  [0, 7) · [7, 14) · [14, ∞) days.
    // The ten pairs by hand (distance m, gap days → row, column):
    //   0-1 (0, 3 → 0,0)   0-2 (50, 10 → 1,1)   0-3 (150, 20 → 2,2)   0-4 (1000, 1 → 3,0)
    //   1-2 (50, 7 → 1,1: 7 days is the second band, right-open)        1-3 (150, 17 → 2,2)
    //   1-4 (1000, 2 → 3,0)   2-3 (100, 10 → 2,1: 100 m is the third band)   2-4 (950, 9 → 3,1)
    //   3-4 (850, 19 → 3,2)
    private static readonly SpaceTimeEvent[] Line =
    [
        new(0, 0, 0),
        new(0, 0, 3),
        new(50, 0, 10),
        new(150, 0, 20),
        new(1000, 0, 1),
    ];

    private static readonly long[,] LineObserved =
    {
        { 1, 0, 0 },
        { 0, 2, 0 },
        { 0, 1, 2 },
        { 2, 1, 1 },
    };

    private static NearRepeatOptions LineOptions(int permutations = 99, long seed = 1) => new()
    {
        SpatialBandWidth = 100,
        SpatialBandCount = 2,
        TemporalBandWidth = 7,
        TemporalBandCount = 2,
        Permutations = permutations,
        Seed = seed,
    };

    [Fact]
    public void HandComputedTable()
    {
        var result = NearRepeatCalculator.Run(Line, LineOptions());

        Assert.Equal(4, result.SpatialBands.Count);
        Assert.Equal(3, result.TemporalBands.Count);
        Assert.Equal(10, result.PairCount);
        for (var s = 0; s < 4; s++)
        {
            for (var t = 0; t < 3; t++)
            {
                Assert.Equal(LineObserved[s, t], result[s, t].Observed);
            }
        }
    }

    [Fact]
    public void Bands_AreRightOpenWithASameLocationRow()
    {
        var result = NearRepeatCalculator.Run(Line, LineOptions());

        Assert.Equal(
            ["same location (under 1 m)", "1–100 m", "100–200 m", "200 m or more"],
            result.SpatialBands.Select(b => b.Label));
        Assert.Equal(["0–7 days", "7–14 days", "14 days or more"], result.TemporalBands.Select(b => b.Label));
        Assert.Equal(NearRepeatBandKind.SameLocation, result.SpatialBands[0].Kind);
        Assert.Equal((0.0, 1.0), (result.SpatialBands[0].Lower, result.SpatialBands[0].Upper!.Value));
        Assert.Equal((1.0, 100.0), (result.SpatialBands[1].Lower, result.SpatialBands[1].Upper!.Value));
        Assert.Null(result.SpatialBands[^1].Upper);
        Assert.Equal(NearRepeatBandKind.Beyond, result.TemporalBands[^1].Kind);
    }

    [Fact]
    public void WithoutSameLocationRow_FirstBandStartsAtZero()
    {
        var options = LineOptions() with { SameLocationDistance = null };
        var result = NearRepeatCalculator.Run(Line, options);

        Assert.Equal(["0–100 m", "100–200 m", "200 m or more"], result.SpatialBands.Select(b => b.Label));

        // Rows 0 and 1 of the hand table merge.
        Assert.Equal([1L, 2, 0], Enumerable.Range(0, 3).Select(t => result[0, t].Observed));
        Assert.Equal([0L, 1, 2], Enumerable.Range(0, 3).Select(t => result[1, t].Observed));
        Assert.Equal([2L, 1, 1], Enumerable.Range(0, 3).Select(t => result[2, t].Observed));
    }

    [Fact]
    public void Metric_ChangesTheBandOfADiagonalPair()
    {
        // (0,0)–(60,60): Euclidean 84.9 m (band 1–100), Manhattan 120 m (band 100–200). Third event far away.
        SpaceTimeEvent[] events = [new(0, 0, 0), new(60, 60, 1), new(5000, 5000, 50)];
        var manhattan = NearRepeatCalculator.Run(events, LineOptions());
        var euclidean = NearRepeatCalculator.Run(events, LineOptions() with { DistanceMetric = DistanceMetric.Euclidean });

        Assert.Equal(DistanceMetric.Manhattan, manhattan.DistanceMetric);
        Assert.Equal(1, manhattan[2, 0].Observed);
        Assert.Equal(0, manhattan[1, 0].Observed);
        Assert.Equal(1, euclidean[1, 0].Observed);
        Assert.Equal(0, euclidean[2, 0].Observed);
    }

    [Fact]
    public void Expected_KeepsTheMarginsOfThePermutation()
    {
        // Distances never change and permuting times keeps the multiset of time gaps, so in every permutation
        // the row totals and the column totals equal the observed ones; so must the means.
        var result = NearRepeatCalculator.Run(Line, LineOptions(permutations: 999));
        for (var s = 0; s < 4; s++)
        {
            var observed = Enumerable.Range(0, 3).Sum(t => result[s, t].Observed);
            var expected = Enumerable.Range(0, 3).Sum(t => result[s, t].Expected);
            Assert.Equal(observed, expected, 1e-9);
        }

        for (var t = 0; t < 3; t++)
        {
            var observed = Enumerable.Range(0, 4).Sum(s => result[s, t].Observed);
            var expected = Enumerable.Range(0, 4).Sum(s => result[s, t].Expected);
            Assert.Equal(observed, expected, 1e-9);
        }

        foreach (var cell in result.Cells)
        {
            Assert.InRange(cell.PValue, 1.0 / 1000, 1.0);
            Assert.False(double.IsNaN(cell.Expected));
            if (cell.Expected > 0)
            {
                Assert.Equal(cell.Observed / cell.Expected, cell.KnoxRatio!.Value, 1e-12);
            }
            else
            {
                Assert.Null(cell.KnoxRatio);
            }
        }
    }

    [Fact]
    public void MonteCarlo_IsReproducibleAndIndependentOfThreadCount()
    {
        var events = SpaceTimeTestData.Uniform(600, 2000, 120, seed: 3);
        var options = new NearRepeatOptions { Permutations = 199, Seed = 2024 };
        var one = NearRepeatCalculator.Run(events, options with { MaxDegreeOfParallelism = 1 });
        var two = NearRepeatCalculator.Run(events, options with { MaxDegreeOfParallelism = 2 });
        var again = NearRepeatCalculator.Run(events, options);
        var otherSeed = NearRepeatCalculator.Run(events, options with { Seed = 7 });

        Assert.Equal(one.Cells, two.Cells);
        Assert.Equal(one.Cells, again.Cells);
        Assert.Equal(one.Cells, NearRepeatCalculator.Run(Enumerable.Reverse(events).ToList(), options).Cells);
        Assert.NotEqual(one.Cells, otherSeed.Cells);
        Assert.Equal(one.Cells.Select(c => c.Observed), otherSeed.Cells.Select(c => c.Observed));
    }

    [Theory]
    [InlineData(DistanceMetric.Manhattan, 1.0)]
    [InlineData(DistanceMetric.Euclidean, null)]
    public void Observed_MatchesBruteForceOnRandomData(DistanceMetric metric, double? sameLocation)
    {
        var events = SpaceTimeTestData.Uniform(500, 2500, 150, seed: 11);

        // Snap a few events onto others so the same-location row is not empty.
        for (var i = 0; i < 40; i++)
        {
            events[i + 100] = events[i] with { T = events[i + 100].T };
        }

        var options = new NearRepeatOptions
        {
            SpatialBandWidth = 150,
            SpatialBandCount = 4,
            TemporalBandWidth = 10,
            TemporalBandCount = 3,
            DistanceMetric = metric,
            SameLocationDistance = sameLocation,
            Permutations = 9,
        };
        var result = NearRepeatCalculator.Run(events, options);

        var spaceEdges = result.SpatialBands.Select(b => b.Lower).ToArray();
        var timeEdges = result.TemporalBands.Select(b => b.Lower).ToArray();
        var brute = new long[spaceEdges.Length, timeEdges.Length];
        for (var i = 0; i < events.Count; i++)
        {
            for (var j = i + 1; j < events.Count; j++)
            {
                var dx = Math.Abs(events[i].X - events[j].X);
                var dy = Math.Abs(events[i].Y - events[j].Y);
                var d = metric == DistanceMetric.Manhattan ? dx + dy : Math.Sqrt((dx * dx) + (dy * dy));
                var dt = Math.Abs(events[i].T - events[j].T);
                brute[spaceEdges.Count(e => d >= e) - 1, timeEdges.Count(e => dt >= e) - 1]++;
            }
        }

        Assert.True(brute[0, 0] + brute[0, 1] + brute[0, 2] + brute[0, 3] > 0);
        for (var s = 0; s < spaceEdges.Length; s++)
        {
            for (var t = 0; t < timeEdges.Length; t++)
            {
                Assert.Equal(brute[s, t], result[s, t].Observed);
            }
        }
    }

    [Fact]
    public void PlantedNearRepeats_AreFoundAndSummarised()
    {
        // Background burglaries plus, after 150 of them, a follow-up within 50 m and 3 days.
        var events = SpaceTimeTestData.Uniform(800, 4000, 365, seed: 5);
        var random = new Random(9);
        for (var i = 0; i < 150; i++)
        {
            var e = events[i];
            events.Add(new SpaceTimeEvent(e.X + ((random.NextDouble() - 0.5) * 60), e.Y + ((random.NextDouble() - 0.5) * 60), e.T + random.Next(0, 4)));
        }

        var result = NearRepeatCalculator.Run(events, new NearRepeatOptions { SameLocationDistance = null, Permutations = 999, Seed = 3 });

        var hot = result[0, 0];
        Assert.True(hot.SignificantAt01);
        Assert.True(hot.SignificantAt05);
        Assert.True(hot.KnoxRatio > 4, $"Knox ratio {hot.KnoxRatio}");
        Assert.Equal(0.001, hot.PValue, 1e-12);

        var summary = result.Summarise();
        Assert.Contains(summary, line => line.StartsWith("Crimes within 0–100 m of an earlier crime are ", StringComparison.Ordinal)
            && line.EndsWith(" times more likely than expected within 0–7 days (p = 0.001).", StringComparison.Ordinal));
        Assert.DoesNotContain(summary, line => line.Contains("or more", StringComparison.Ordinal));
    }

    [Fact]
    public void Summary_SaysSoWhenNothingQualifies()
    {
        var events = SpaceTimeTestData.Uniform(200, 20000, 365, seed: 8);
        var result = NearRepeatCalculator.Run(events, new NearRepeatOptions { Permutations = 99 });
        var summary = result.Summarise(significance: 0.01, minimumRatio: 1000);

        Assert.Single(summary);
        Assert.StartsWith("No near-repeat pattern found", summary[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_UsesRepeatWordingForTheSameLocationRow()
    {
        // Ten repeats at exactly the same address within a few days, in a sparse background.
        var events = SpaceTimeTestData.Uniform(300, 10000, 365, seed: 12);
        for (var i = 0; i < 30; i++)
        {
            events.Add(events[i] with { T = events[i].T + 2 });
        }

        var result = NearRepeatCalculator.Run(events, new NearRepeatOptions { Permutations = 99, Seed = 4 });
        var summary = result.Summarise();

        Assert.Contains(summary, line => line.StartsWith("Repeat crimes at the same location (under 1 m) are ", StringComparison.Ordinal)
            && line.Contains("within 0–7 days (p = 0.01)", StringComparison.Ordinal));
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => NearRepeatCalculator.Run(Line.Take(2).ToList())).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => NearRepeatCalculator.Run([.. Line, new(double.PositiveInfinity, 0, 0)])).ParamName);
        Assert.Equal(
            "options.SpatialBandWidth",
            Assert.Throws<ArgumentOutOfRangeException>(() => NearRepeatCalculator.Run(Line, new NearRepeatOptions { SpatialBandWidth = 0 })).ParamName);
        Assert.Equal(
            "options.TemporalBandWidth",
            Assert.Throws<ArgumentOutOfRangeException>(() => NearRepeatCalculator.Run(Line, new NearRepeatOptions { TemporalBandWidth = double.NaN })).ParamName);
        Assert.Equal(
            "options.SpatialBandCount",
            Assert.Throws<ArgumentOutOfRangeException>(() => NearRepeatCalculator.Run(Line, new NearRepeatOptions { SpatialBandCount = -1 })).ParamName);
        Assert.Equal(
            "options.TemporalBandCount",
            Assert.Throws<ArgumentOutOfRangeException>(() => NearRepeatCalculator.Run(Line, new NearRepeatOptions { TemporalBandCount = 0 })).ParamName);
        Assert.Equal(
            "options.Permutations",
            Assert.Throws<ArgumentOutOfRangeException>(() => NearRepeatCalculator.Run(Line, new NearRepeatOptions { Permutations = 0 })).ParamName);
        Assert.Equal(
            "options.SameLocationDistance",
            Assert.Throws<ArgumentOutOfRangeException>(() => NearRepeatCalculator.Run(Line, new NearRepeatOptions { SameLocationDistance = 100 })).ParamName);
    }
}
