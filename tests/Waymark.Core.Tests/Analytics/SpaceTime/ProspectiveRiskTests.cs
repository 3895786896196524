using Waymark.Core.Analytics.SpaceTime;

namespace Waymark.Core.Tests.Analytics.SpaceTime;

public class ProspectiveRiskTests
{
    // 5 × 5 grid of 100 m cells from (500 000, 200 000); reach 200 m = 2 cells; forecast at day 100.
    //   crime A in cell (2,2), day 90  → 10 days ago = 1 whole week → time weight 1/2
    //   crime B in cell (0,0), day 100 → 0 weeks → time weight 1
    //   crime C in cell (4,4), day 39  → 61 days ago: beyond 60 days, ignored
    //   crime D in cell (1,1), day 101 → after the forecast time, ignored
    private static readonly CellGrid Grid = new(500_000, 200_000, 100, 5, 5);

    private static readonly SpaceTimeEvent[] Crimes =
    [
        new(500_250, 200_250, 90),
        new(500_050, 200_050, 100),
        new(500_450, 200_450, 39),
        new(500_150, 200_150, 101),
    ];

    private static readonly ProspectiveRiskOptions Options = new() { SpaceBandwidth = 200, TimeBandwidthDays = 60 };

    [Fact]
    public void Weight_IsInverseBandTimesInverseWeek()
    {
        Assert.Equal(1.0, ProspectiveRisk.Weight(0, 0));
        Assert.Equal(0.5, ProspectiveRisk.Weight(1, 0));
        Assert.Equal(1.0 / 6, ProspectiveRisk.Weight(2, 1), 1e-15);
        Assert.Equal(1.0 / 40, ProspectiveRisk.Weight(3, 9), 1e-15);
    }

    [Fact]
    public void Chebyshev_HandComputed()
    {
        var surface = ProspectiveRisk.Compute(Crimes, Grid, 100, Options);

        // (2,2): A 0 away × 1/2 = 1/2, B 2 away × 1 = 1/3                 → 5/6
        // (0,0): B 0 away = 1, A 2 away × 1/2 = 1/6                       → 7/6
        // (1,1): B 1 away = 1/2, A 1 away × 1/2 = 1/4                     → 3/4
        // (4,4): A 2 away × 1/2 = 1/6, B 4 away: out of reach             → 1/6
        // (4,0): A 2 away × 1/2 = 1/6, B 4 away                           → 1/6
        // (3,0): A max(1,2) = 2 away → 1/6, B 3 away: out of reach        → 1/6
        // (0,3): A 2 away → 1/6, B 3 away                                 → 1/6
        // (0,2): A 2 away → 1/6, B 2 away → 1/3                           → 1/2
        Assert.Equal(5.0 / 6, surface[2, 2], 1e-12);
        Assert.Equal(7.0 / 6, surface[0, 0], 1e-12);
        Assert.Equal(3.0 / 4, surface[1, 1], 1e-12);
        Assert.Equal(1.0 / 6, surface[4, 4], 1e-12);
        Assert.Equal(1.0 / 6, surface[4, 0], 1e-12);
        Assert.Equal(1.0 / 6, surface[3, 0], 1e-12);
        Assert.Equal(1.0 / 2, surface[0, 2], 1e-12);
        Assert.Equal(7.0 / 6, surface.MaxRisk, 1e-12);

        var top = surface.Top(3);
        Assert.Equal(new GridCell(0, 0), top[0].Cell);
        Assert.Equal(new GridCell(2, 2), top[1].Cell);
        Assert.Equal(new GridCell(1, 1), top[2].Cell);
        Assert.Equal([1, 2, 3], top.Select(c => c.Rank));
        Assert.Equal((500_050.0, 200_050.0), (top[0].CentreX, top[0].CentreY));
    }

    [Fact]
    public void Manhattan_CountsDiagonalsAsTwo()
    {
        var surface = ProspectiveRisk.Compute(Crimes, Grid, 100, Options with { CellDistance = CellDistance.Manhattan });

        // (2,2): A 0 away × 1/2 = 1/2; B |2|+|2| = 4 away: out of reach   → 1/2
        // (1,1): B 2 away = 1/3; A 2 away × 1/2 = 1/6                     → 1/2
        // (3,3): A 2 away × 1/2 = 1/6                                     → 1/6
        // (4,4): A 4 away: out of reach                                   → 0
        Assert.Equal(0.5, surface[2, 2], 1e-12);
        Assert.Equal(0.5, surface[1, 1], 1e-12);
        Assert.Equal(1.0 / 6, surface[3, 3], 1e-12);
        Assert.Equal(0.0, surface[4, 4]);
    }

    [Fact]
    public void ReachIsInclusive_AndCrimesOutsideTheGridCount()
    {
        // A crime one cell west of the grid, exactly 60 days old, reaches 2 cells into the grid.
        SpaceTimeEvent[] crimes = [new(499_950, 200_250, 40)];
        var surface = ProspectiveRisk.Compute(crimes, Grid, 100, Options);

        // 60 days = 8 whole weeks → 1/9; column 0 is 1 away, column 1 is 2 away, column 2 out of reach.
        Assert.Equal(1.0 / 2 / 9, surface[0, 2], 1e-12);
        Assert.Equal(1.0 / 3 / 9, surface[1, 2], 1e-12);
        Assert.Equal(0.0, surface[2, 2]);
    }

    [Fact]
    public void Defaults_AreFourHundredMetresAndSixtyDays()
    {
        var grid = new CellGrid(0, 0, 50, 40, 40);
        SpaceTimeEvent[] crimes = [new(1000 + 25, 1000 + 25, 0)];
        var surface = ProspectiveRisk.Compute(crimes, grid, 0);

        // 400 m ÷ 50 m = 8 cells of reach.
        Assert.Equal(1.0 / 9, surface[20 + 8, 20], 1e-12);
        Assert.Equal(0.0, surface[20 + 9, 20]);
        Assert.Equal(1.0, surface[20, 20]);
        Assert.Empty(ProspectiveRisk.Compute(crimes, grid, 61).Top(5));
    }

    [Fact]
    public void NoCrimes_GivesAZeroSurface()
    {
        var surface = ProspectiveRisk.Compute([], Grid, 100);
        Assert.Equal(0.0, surface.MaxRisk);
        Assert.Empty(surface.Top(10));
        Assert.All(surface.ToArray(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void BadInput_Throws()
    {
        Assert.Equal("cellSize", Assert.Throws<ArgumentOutOfRangeException>(() => new CellGrid(0, 0, 0, 5, 5)).ParamName);
        Assert.Equal("columns", Assert.Throws<ArgumentOutOfRangeException>(() => new CellGrid(0, 0, 100, 0, 5)).ParamName);
        Assert.Equal("originX", Assert.Throws<ArgumentOutOfRangeException>(() => new CellGrid(double.NaN, 0, 100, 5, 5)).ParamName);
        Assert.Equal("events", Assert.Throws<ArgumentException>(() => ProspectiveRisk.Compute([new(double.NaN, 0, 0)], Grid, 100)).ParamName);
        Assert.Equal("forecastTime", Assert.Throws<ArgumentOutOfRangeException>(() => ProspectiveRisk.Compute(Crimes, Grid, double.PositiveInfinity)).ParamName);
        Assert.Equal(
            "options.TimeUnitDays",
            Assert.Throws<ArgumentOutOfRangeException>(() => ProspectiveRisk.Compute(Crimes, Grid, 100, Options with { TimeUnitDays = 0 })).ParamName);
        Assert.Equal(
            "options.SpaceBandwidth",
            Assert.Throws<ArgumentOutOfRangeException>(() => ProspectiveRisk.Compute(Crimes, Grid, 100, Options with { SpaceBandwidth = -1 })).ParamName);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => ProspectiveRisk.Compute(Crimes, Grid, 100).Top(0)).ParamName);
        Assert.Equal("cellsAway", Assert.Throws<ArgumentOutOfRangeException>(() => ProspectiveRisk.Weight(-1, 0)).ParamName);
    }
}
