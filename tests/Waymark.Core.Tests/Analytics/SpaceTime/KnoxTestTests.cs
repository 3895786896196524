using Waymark.Core.Analytics.SpaceTime;

namespace Waymark.Core.Tests.Analytics.SpaceTime;

public class KnoxTestTests
{
    // pysal/pointpats @ 524296c5, pointpats/tests/test_spacetime.py, burkitt with delta = 20, tau = 5
    // (values copied into /work/shared/data/pysal/README.txt).
    [Fact]
    public void Burkitt_ReproducesPointpats()
    {
        var result = KnoxTest.Run(SpaceTimeTestData.Burkitt(), 20, 5, new KnoxOptions { Permutations = 0 });

        Assert.Equal(188, result.EventCount);
        Assert.Equal(17578, result.PairCount);
        Assert.Equal(13, result.Statistic);
        Assert.Equal(new KnoxTable<long>(13, 3416, 39, 14110), result.Observed);
        AssertRelative(10.1438161, result.Expected.SpaceCloseTimeClose, 1e-6);
        AssertRelative(3418.85618, result.Expected.SpaceCloseTimeFar, 1e-6);
        AssertRelative(14107.1438, result.Expected.SpaceFarTimeFar, 1e-6);

        // pointpats' own test checks this table with rtol = 1e-5, and its published 41.856139 is only that good:
        // the margins give 14149 × 52 / 17578 = 41.8561839 (see the next test), 1.07e-6 away relatively.
        AssertRelative(41.856139, result.Expected.SpaceFarTimeClose, 1e-5);

        Assert.Equal(0.14624558197140414, result.PPoisson, 1e-9);
        Assert.Null(result.PSimulated);
    }

    private static void AssertRelative(double expected, double actual, double relativeTolerance) =>
        Assert.True(
            Math.Abs(actual - expected) <= relativeTolerance * Math.Abs(expected),
            $"Expected {expected} within relative {relativeTolerance}, got {actual}.");

    [Fact]
    public void Burkitt_ExpectedCellsAreRowTimesColumnOverTotal()
    {
        var result = KnoxTest.Run(SpaceTimeTestData.Burkitt(), 20, 5, new KnoxOptions { Permutations = 0 });

        // Exact margins: (13 + 3416)(13 + 39) / 17578 etc.
        Assert.Equal(3429.0 * 52 / 17578, result.Expected[0, 0], 1e-12);
        Assert.Equal(3429.0 * 17526 / 17578, result.Expected[0, 1], 1e-9);
        Assert.Equal(14149.0 * 52 / 17578, result.Expected[1, 0], 1e-12);
        Assert.Equal(14149.0 * 17526 / 17578, result.Expected[1, 1], 1e-9);
        Assert.Equal(13, result.Observed[0, 0]);
    }

    [Fact]
    public void Burkitt_PoissonAtLeastIsTheTailIncludingTheObservedValue()
    {
        // pointpats reports scipy's poisson.sf(13, λ) = P(X > 13); P(X ≥ 13) = 1 − Σ_{k≤12} e^−λ λ^k / k!
        // with λ = 178308/17578, computed independently: 0.2222666738887784.
        var result = KnoxTest.Run(SpaceTimeTestData.Burkitt(), 20, 5, new KnoxOptions { Permutations = 0 });
        Assert.Equal(0.2222666738887784, result.PPoissonAtLeast, 1e-9);
    }

    [Fact]
    public void Burkitt_StrictThresholdsWouldGiveTwelve_SoClosenessIsInclusive()
    {
        // README: strict < gives 12. Shrinking both thresholds by a hair reproduces the strict count.
        var result = KnoxTest.Run(SpaceTimeTestData.Burkitt(), 20 - 1e-9, 5 - 1e-9, new KnoxOptions { Permutations = 0 });
        Assert.Equal(12, result.Statistic);
    }

    [Fact]
    public void MonteCarlo_IsReproducibleAndIndependentOfThreadCount()
    {
        var events = SpaceTimeTestData.Burkitt();
        var one = KnoxTest.Run(events, 20, 5, new KnoxOptions { Permutations = 999, Seed = 42, MaxDegreeOfParallelism = 1 });
        var two = KnoxTest.Run(events, 20, 5, new KnoxOptions { Permutations = 999, Seed = 42, MaxDegreeOfParallelism = 2 });
        var again = KnoxTest.Run(events, 20, 5, new KnoxOptions { Permutations = 999, Seed = 42 });

        Assert.Equal(one.PSimulated, two.PSimulated);
        Assert.Equal(one.PSimulated, again.PSimulated);
        Assert.Equal(one.SimulatedMean, KnoxTest.Run(events.Reverse().ToList(), 20, 5, new KnoxOptions { Permutations = 999, Seed = 42 }).SimulatedMean);
        Assert.Equal(one.SimulatedMean, two.SimulatedMean);

        // pointpats' p_sim is 0.21 with numpy's RNG; a different stream lands near it, not on it.
        Assert.InRange(one.PSimulated!.Value, 0.1, 0.35);

        // Permuting times keeps the margins, so the permutation mean estimates the expected close/close count.
        Assert.InRange(one.SimulatedMean!.Value, 9.0, 11.5);
    }

    [Theory]
    [InlineData(DistanceMetric.Euclidean)]
    [InlineData(DistanceMetric.Manhattan)]
    public void Observed_MatchesBruteForceOnRandomData(DistanceMetric metric)
    {
        var events = SpaceTimeTestData.Uniform(400, 3000, 200, seed: 7);
        const double delta = 250, tau = 14;
        var result = KnoxTest.Run(events, delta, tau, new KnoxOptions { Permutations = 0, DistanceMetric = metric });

        long a = 0, b = 0, c = 0, d = 0;
        for (var i = 0; i < events.Count; i++)
        {
            for (var j = i + 1; j < events.Count; j++)
            {
                var dx = events[i].X - events[j].X;
                var dy = events[i].Y - events[j].Y;
                var dist = metric == DistanceMetric.Manhattan ? Math.Abs(dx) + Math.Abs(dy) : Math.Sqrt((dx * dx) + (dy * dy));
                var space = dist <= delta;
                var time = Math.Abs(events[i].T - events[j].T) <= tau;
                if (space && time) { a++; } else if (space) { b++; } else if (time) { c++; } else { d++; }
            }
        }

        Assert.Equal(new KnoxTable<long>(a, b, c, d), result.Observed);
    }

    [Fact]
    public void BadInput_Throws()
    {
        var events = SpaceTimeTestData.Uniform(10, 1000, 10, seed: 1);

        var few = Assert.Throws<ArgumentException>(() => KnoxTest.Run(events.Take(2).ToList(), 20, 5));
        Assert.Equal("events", few.ParamName);

        var nan = new List<SpaceTimeEvent>(events) { new(double.NaN, 0, 0) };
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => KnoxTest.Run(nan, 20, 5)).ParamName);

        var infinite = new List<SpaceTimeEvent>(events) { new(0, 0, double.PositiveInfinity) };
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => KnoxTest.Run(infinite, 20, 5)).ParamName);

        Assert.Equal("spatialThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => KnoxTest.Run(events, 0, 5)).ParamName);
        Assert.Equal("temporalThreshold", Assert.Throws<ArgumentOutOfRangeException>(() => KnoxTest.Run(events, 20, -1)).ParamName);
        Assert.Equal("options.Permutations", Assert.Throws<ArgumentOutOfRangeException>(() => KnoxTest.Run(events, 20, 5, new KnoxOptions { Permutations = -1 })).ParamName);
        Assert.Throws<ArgumentNullException>(() => KnoxTest.Run(null!, 20, 5));
    }

    [Fact]
    public void NoPairsCloseInTime_GivesFiniteResults()
    {
        // Three events far apart in time: every expected count with a zero margin is 0, never NaN.
        var events = new List<SpaceTimeEvent> { new(0, 0, 0), new(10, 0, 100), new(20, 0, 200) };
        var result = KnoxTest.Run(events, 50, 5, new KnoxOptions { Permutations = 19 });

        Assert.Equal(0, result.Statistic);
        Assert.Equal(0.0, result.Expected.SpaceCloseTimeClose);
        Assert.Equal(0.0, result.PPoisson);
        Assert.Equal(1.0, result.PPoissonAtLeast);
        Assert.Equal(1.0, result.PSimulated);
        Assert.False(double.IsNaN(result.Expected.SpaceFarTimeFar));
    }
}
