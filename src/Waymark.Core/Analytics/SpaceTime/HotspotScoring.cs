using System.Globalization;

namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>Size of a study area, square metres.</summary>
public readonly record struct StudyArea
{
    private StudyArea(double squareMetres) => SquareMetres = squareMetres;

    /// <summary>Area, square metres.</summary>
    public double SquareMetres { get; }

    /// <summary>A study area of <paramref name="cells"/> square cells of side <paramref name="cellSize"/> metres.</summary>
    public static StudyArea FromCells(int cells, double cellSize)
    {
        Guard.AtLeast(cells, 1, nameof(cells));
        Guard.PositiveFinite(cellSize, nameof(cellSize), "metres");
        return new StudyArea(cells * cellSize * cellSize);
    }

    /// <summary>A study area in square kilometres.</summary>
    public static StudyArea FromSquareKilometres(double squareKilometres)
    {
        Guard.PositiveFinite(squareKilometres, nameof(squareKilometres), "km²");
        return new StudyArea(squareKilometres * 1e6);
    }

    /// <summary>A study area in square metres.</summary>
    public static StudyArea FromSquareMetres(double squareMetres)
    {
        Guard.PositiveFinite(squareMetres, nameof(squareMetres), "m²");
        return new StudyArea(squareMetres);
    }
}

/// <summary>How well a set of predicted hotspot cells caught the crimes that followed.</summary>
/// <param name="Crimes">Crimes in the evaluation period (N₂).</param>
/// <param name="Hits">Of those, crimes inside predicted cells (n₂).</param>
/// <param name="HitRate">Hits ÷ crimes, 0–1.</param>
/// <param name="PredictedCells">Distinct predicted cells.</param>
/// <param name="PredictedAreaSquareMetres">Area of the predicted cells, m².</param>
/// <param name="StudyAreaSquareMetres">Study area, m².</param>
/// <param name="AreaShare">Predicted area ÷ study area, 0–1.</param>
/// <param name="Pai">Prediction Accuracy Index, hit rate ÷ area share (Chainey, Tompson &amp; Uhlig 2008).</param>
/// <param name="Rri">
/// Recapture Rate Index (Levine 2008): (n₂ ÷ n₁) ÷ (N₂ ÷ N₁), where n₁ and N₁ are the crimes in the predicted
/// cells and in all in the earlier period. Null when no earlier-period crimes were given or none fell in the
/// predicted cells (the index is then undefined).
/// </param>
public sealed record HotspotScore(
    int Crimes,
    int Hits,
    double HitRate,
    int PredictedCells,
    double PredictedAreaSquareMetres,
    double StudyAreaSquareMetres,
    double AreaShare,
    double Pai,
    double? Rri);

/// <summary>
/// Scores hotspot forecasts against the crimes that happened next: hit rate, Prediction Accuracy Index (PAI;
/// Chainey, Tompson &amp; Uhlig 2008, "The utility of hotspot mapping for predicting spatial patterns of crime",
/// Security Journal 21, 4–28) and Recapture Rate Index (RRI; Levine 2008, "The 'hottest' part of a hotspot",
/// Security Journal 21, 295–302, as defined for CrimeStat).
/// </summary>
public static class HotspotScoring
{
    /// <summary>Scores predicted cells against the next period's crimes.</summary>
    /// <param name="grid">Grid the cells belong to (origin and cell size, metres).</param>
    /// <param name="predictedCells">Cells forecast as hotspots (duplicates ignored; at least one).</param>
    /// <param name="nextCrimes">Crimes in the evaluation period (at least one); only X and Y are used.</param>
    /// <param name="studyArea">Size of the study area; must be at least the predicted area.</param>
    /// <param name="earlierCrimes">Crimes in the period the forecast was made from, for the RRI; optional.</param>
    /// <exception cref="ArgumentException">No predicted cells, no crimes, non-finite coordinates, or a study area smaller than the predicted area.</exception>
    public static HotspotScore Evaluate(
        CellGrid grid,
        IEnumerable<GridCell> predictedCells,
        IReadOnlyList<SpaceTimeEvent> nextCrimes,
        StudyArea studyArea,
        IReadOnlyList<SpaceTimeEvent>? earlierCrimes = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(predictedCells);
        Guard.Events(nextCrimes, nameof(nextCrimes), minimum: 1);
        if (earlierCrimes is not null)
        {
            Guard.Events(earlierCrimes, nameof(earlierCrimes), minimum: 0);
        }

        var predicted = predictedCells.ToHashSet();
        if (predicted.Count == 0)
        {
            throw new ArgumentException("At least one predicted cell is needed.", nameof(predictedCells));
        }

        if (!(studyArea.SquareMetres > 0))
        {
            throw new ArgumentException("The study area must be greater than zero; build it with StudyArea.From….", nameof(studyArea));
        }

        var predictedArea = predicted.Count * grid.CellArea;
        if (predictedArea > studyArea.SquareMetres * (1 + 1e-12))
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The predicted cells cover {predictedArea} m², more than the study area of {studyArea.SquareMetres} m²."),
                nameof(studyArea));
        }

        var hits = CountIn(grid, predicted, nextCrimes);
        double? rri = null;
        if (earlierCrimes is not null)
        {
            rri = RecaptureRateIndex(CountIn(grid, predicted, earlierCrimes), hits, earlierCrimes.Count, nextCrimes.Count);
        }

        var areaShare = predictedArea / studyArea.SquareMetres;
        var hitRate = (double)hits / nextCrimes.Count;
        return new HotspotScore(
            nextCrimes.Count,
            hits,
            hitRate,
            predicted.Count,
            predictedArea,
            studyArea.SquareMetres,
            areaShare,
            hitRate / areaShare,
            rri);
    }

    /// <summary>PAI = (hits ÷ crimes) ÷ (predicted area ÷ study area).</summary>
    /// <param name="hits">Crimes inside the predicted area, 0 … <paramref name="crimes"/>.</param>
    /// <param name="crimes">All crimes, ≥ 1.</param>
    /// <param name="predictedArea">Predicted area, &gt; 0 (any unit, same as <paramref name="studyArea"/>).</param>
    /// <param name="studyArea">Study area, ≥ <paramref name="predictedArea"/>.</param>
    public static double PredictionAccuracyIndex(int hits, int crimes, double predictedArea, double studyArea)
    {
        Guard.AtLeast(crimes, 1, nameof(crimes));
        Guard.InRange(hits, 0, crimes, nameof(hits));
        Guard.PositiveFinite(predictedArea, nameof(predictedArea), "area");
        Guard.PositiveFinite(studyArea, nameof(studyArea), "area");
        if (predictedArea > studyArea)
        {
            throw new ArgumentOutOfRangeException(nameof(predictedArea), predictedArea, "predictedArea cannot exceed studyArea.");
        }

        return ((double)hits / crimes) / (predictedArea / studyArea);
    }

    /// <summary>
    /// RRI = (n₂ ÷ n₁) ÷ (N₂ ÷ N₁) (Levine 2008): growth of crime in the predicted cells relative to growth
    /// everywhere. Null when <paramref name="predictedPeriod1"/> or <paramref name="totalPeriod2"/> is 0
    /// (undefined).
    /// </summary>
    /// <param name="predictedPeriod1">n₁: crimes in the predicted cells in the earlier period, ≥ 0.</param>
    /// <param name="predictedPeriod2">n₂: crimes in the predicted cells in the later period, ≥ 0.</param>
    /// <param name="totalPeriod1">N₁: all crimes in the earlier period, ≥ n₁.</param>
    /// <param name="totalPeriod2">N₂: all crimes in the later period, ≥ n₂.</param>
    public static double? RecaptureRateIndex(int predictedPeriod1, int predictedPeriod2, int totalPeriod1, int totalPeriod2)
    {
        Guard.AtLeast(predictedPeriod1, 0, nameof(predictedPeriod1));
        Guard.AtLeast(predictedPeriod2, 0, nameof(predictedPeriod2));
        Guard.AtLeast(totalPeriod1, predictedPeriod1, nameof(totalPeriod1));
        Guard.AtLeast(totalPeriod2, predictedPeriod2, nameof(totalPeriod2));
        if (predictedPeriod1 == 0 || totalPeriod2 == 0)
        {
            return null;
        }

        return ((double)predictedPeriod2 / predictedPeriod1) / ((double)totalPeriod2 / totalPeriod1);
    }

    private static int CountIn(CellGrid grid, HashSet<GridCell> cells, IReadOnlyList<SpaceTimeEvent> crimes)
    {
        var count = 0;
        foreach (var crime in crimes)
        {
            if (grid.CellOf(crime.X, crime.Y) is { } cell && cells.Contains(cell))
            {
                count++;
            }
        }

        return count;
    }
}
