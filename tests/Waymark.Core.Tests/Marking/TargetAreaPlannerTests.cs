using Waymark.Core.Marking;

namespace Waymark.Core.Tests.Marking;

public sealed class TargetAreaPlannerTests
{
    [Fact]
    public void Propose_RanksByRateAndFillsToTheTargetWhileKitsLast()
    {
        var areas = new[]
        {
            new CandidateArea("E01000001", "A", Burglaries: 30, Households: 1000, MarkedHouseholds: 0),   // 30.0 per 1,000; needs 850
            new CandidateArea("E01000002", "B", Burglaries: 40, Households: 2000, MarkedHouseholds: 100), // 20.0; needs 1700-100 = 1600
            new CandidateArea("E01000003", "C", Burglaries: 9, Households: 400, MarkedHouseholds: 0),     // 22.5; needs 340
            new CandidateArea("E01000004", "D", Burglaries: 5, Households: 0, MarkedHouseholds: 0),       // no households: not ranked
        };

        var plan = TargetAreaPlanner.Propose(areas, kits: 1500, saturationTarget: 0.85);

        Assert.Equal(["E01000001", "E01000003", "E01000002"], plan.Select(p => p.Area));
        Assert.Equal([850, 340, 1600], plan.Select(p => p.KitsNeeded));
        Assert.Equal([true, true, false], plan.Select(p => p.Proposed));
        Assert.Equal(1190, plan[1].CumulativeKits);
        Assert.Equal(22.5, plan[1].RatePerThousandHouseholds, 9);
    }
}
