using Waymark.Core.Analytics.SpaceTime;

namespace Waymark.Core.Tests.Analytics.SpaceTime;

public class HotspotScoringTests
{
    // 10 × 10 grid of 100 m cells = 1 km². Predicted: cells (0,0) and (1,0) = 0.02 km², 2% of the area.
    private static readonly CellGrid Grid = new(0, 0, 100, 10, 10);
    private static readonly GridCell[] Predicted = [new(0, 0), new(1, 0), new(1, 0)];

    // Next period: 10 crimes, 4 in predicted cells (two in (0,0), two in (1,0)).
    private static readonly SpaceTimeEvent[] Next =
    [
        new(10, 10, 0), new(90, 90, 0), new(150, 50, 0), new(199, 1, 0),
        new(250, 50, 0), new(500, 500, 0), new(950, 950, 0), new(50, 150, 0), new(300, 300, 0), new(700, 100, 0),
    ];

    // Earlier period: 20 crimes, 5 in predicted cells.
    private static readonly SpaceTimeEvent[] Earlier =
    [
        .. Enumerable.Range(0, 5).Select(i => new SpaceTimeEvent(20 + (i * 30), 50, 0)),
        .. Enumerable.Range(0, 15).Select(i => new SpaceTimeEvent(500 + (i * 10), 500, 0)),
    ];

    [Fact]
    public void HandComputed()
    {
        var score = HotspotScoring.Evaluate(Grid, Predicted, Next, StudyArea.FromSquareKilometres(1), Earlier);

        Assert.Equal(10, score.Crimes);
        Assert.Equal(4, score.Hits);
        Assert.Equal(0.4, score.HitRate, 1e-15);
        Assert.Equal(2, score.PredictedCells);
        Assert.Equal(20_000, score.PredictedAreaSquareMetres, 1e-9);
        Assert.Equal(1e6, score.StudyAreaSquareMetres, 1e-9);
        Assert.Equal(0.02, score.AreaShare, 1e-15);

        // PAI = 0.4 / 0.02 = 20.
        Assert.Equal(20.0, score.Pai, 1e-12);

        // RRI = (4 / 5) / (10 / 20) = 1.6.
        Assert.Equal(1.6, score.Rri!.Value, 1e-12);
    }

    [Fact]
    public void StudyAreaInCells_EqualsSquareKilometres()
    {
        var byCells = HotspotScoring.Evaluate(Grid, Predicted, Next, StudyArea.FromCells(100, 100));
        var byKm2 = HotspotScoring.Evaluate(Grid, Predicted, Next, StudyArea.FromSquareKilometres(1));

        Assert.Equal(byKm2.Pai, byCells.Pai, 1e-12);
        Assert.Null(byCells.Rri);
    }

    [Fact]
    public void Formulas_HandComputed()
    {
        Assert.Equal(20.0, HotspotScoring.PredictionAccuracyIndex(4, 10, 2, 100), 1e-12);
        Assert.Equal(0.0, HotspotScoring.PredictionAccuracyIndex(0, 10, 2, 100));
        Assert.Equal(1.6, HotspotScoring.RecaptureRateIndex(5, 4, 20, 10)!.Value, 1e-12);
        Assert.Equal(1.0, HotspotScoring.RecaptureRateIndex(10, 10, 100, 100)!.Value, 1e-12);
        Assert.Null(HotspotScoring.RecaptureRateIndex(0, 4, 20, 10));
        Assert.Null(HotspotScoring.RecaptureRateIndex(0, 0, 0, 0));
    }

    [Fact]
    public void BadInput_Throws()
    {
        var area = StudyArea.FromSquareKilometres(1);
        Assert.Equal("predictedCells", Assert.Throws<ArgumentException>(() => HotspotScoring.Evaluate(Grid, [], Next, area)).ParamName);
        Assert.Equal("nextCrimes", Assert.Throws<ArgumentException>(() => HotspotScoring.Evaluate(Grid, Predicted, [], area)).ParamName);
        Assert.Equal("nextCrimes", Assert.Throws<ArgumentException>(() => HotspotScoring.Evaluate(Grid, Predicted, [new(double.NaN, 0, 0)], area)).ParamName);
        Assert.Equal("studyArea", Assert.Throws<ArgumentException>(() => HotspotScoring.Evaluate(Grid, Predicted, Next, default)).ParamName);
        Assert.Equal("studyArea", Assert.Throws<ArgumentException>(() => HotspotScoring.Evaluate(Grid, Predicted, Next, StudyArea.FromCells(1, 100))).ParamName);
        Assert.Equal("squareKilometres", Assert.Throws<ArgumentOutOfRangeException>(() => StudyArea.FromSquareKilometres(0)).ParamName);
        Assert.Equal("cells", Assert.Throws<ArgumentOutOfRangeException>(() => StudyArea.FromCells(-3, 100)).ParamName);
        Assert.Equal("hits", Assert.Throws<ArgumentOutOfRangeException>(() => HotspotScoring.PredictionAccuracyIndex(11, 10, 2, 100)).ParamName);
        Assert.Equal("predictedArea", Assert.Throws<ArgumentOutOfRangeException>(() => HotspotScoring.PredictionAccuracyIndex(1, 10, 200, 100)).ParamName);
        Assert.Equal("predictedPeriod1", Assert.Throws<ArgumentOutOfRangeException>(() => HotspotScoring.RecaptureRateIndex(-1, 4, 20, 10)).ParamName);
        Assert.Equal("totalPeriod2", Assert.Throws<ArgumentOutOfRangeException>(() => HotspotScoring.RecaptureRateIndex(5, 4, 20, 3)).ParamName);
    }
}
