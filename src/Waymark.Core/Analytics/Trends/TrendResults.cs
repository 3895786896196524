namespace Waymark.Core.Analytics.Trends;

/// <summary>Monthly counts of one category, aligned with <see cref="MonthlyCountTable.Months"/>.</summary>
/// <param name="Category">Category slug (or police.uk slug when rolled up).</param>
/// <param name="Counts">Count per month, one per month of the table, zero-filled.</param>
/// <param name="Total">Sum of <paramref name="Counts"/>.</param>
public sealed record CategoryMonthlySeries(string Category, IReadOnlyList<int> Counts, int Total);

/// <summary>Crimes per local month by category; every month from the first to the last is present.</summary>
/// <param name="Months">The months, consecutive and ascending.</param>
/// <param name="Categories">One series per category, ordered by slug (ordinal).</param>
/// <param name="Totals">All categories per month.</param>
/// <param name="OutsideRange">Crimes whose month fell outside the requested range and were not counted.</param>
public sealed record MonthlyCountTable(IReadOnlyList<YearMonth> Months, IReadOnlyList<CategoryMonthlySeries> Categories, IReadOnlyList<int> Totals, int OutsideRange);

/// <summary>
/// Comparison of two counts over periods of equal length (this period and the same period last year).
/// </summary>
/// <remarks>
/// <see cref="PercentChange"/> = (current − previous) / previous × 100, null when previous is 0.
/// <see cref="ZScore"/> = (current − previous) / √(current + previous), the normal approximation police
/// performance analysts quote (0 when both are 0), with its two-sided <see cref="NormalPValue"/>.
/// <see cref="ExactPValue"/> is the exact conditional binomial test (given N = current + previous,
/// current ~ Binomial(N, ½) if the underlying rates are equal; Przyborowski &amp; Wilenski 1940) and alone drives
/// <see cref="Significant"/>: ExactPValue &lt; <see cref="Alpha"/>. No value is ever NaN.
/// </remarks>
/// <param name="Current">Count in the current period.</param>
/// <param name="Previous">Count in the comparison period.</param>
/// <param name="Difference">Current − previous.</param>
/// <param name="PercentChange">Per cent change, or null when previous is 0.</param>
/// <param name="ZScore">Normal-approximation z.</param>
/// <param name="NormalPValue">Two-sided p of z.</param>
/// <param name="ExactPValue">Exact two-sided conditional binomial p.</param>
/// <param name="Significant">ExactPValue &lt; Alpha.</param>
/// <param name="Alpha">Significance level.</param>
public sealed record CountComparison(int Current, int Previous, int Difference, double? PercentChange, double ZScore, double NormalPValue, double ExactPValue, bool Significant, double Alpha);

/// <summary>A <see cref="CountComparison"/> for one category.</summary>
/// <param name="Category">Category slug.</param>
/// <param name="Comparison">The comparison.</param>
public sealed record CategoryComparison(string Category, CountComparison Comparison);

/// <summary>
/// Year to date against the same period last year. Periods are half-open, [start, end), UTC instants of
/// local times; crimes count in the period containing the midpoint of their window.
/// </summary>
/// <param name="CurrentStart">Start of this year (local midnight on the 1st of the year-start month).</param>
/// <param name="CurrentEnd">The as-of instant (exclusive).</param>
/// <param name="PreviousStart">The same start a year earlier.</param>
/// <param name="PreviousEnd">The same local time a year before the as-of instant (29 February → 28 February).</param>
/// <param name="Total">All categories.</param>
/// <param name="Categories">Per category, ordered by slug; categories seen in either period.</param>
public sealed record YearToDateComparison(DateTimeOffset CurrentStart, DateTimeOffset CurrentEnd, DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd, CountComparison Total, IReadOnlyList<CategoryComparison> Categories);

/// <summary>
/// Outcome shares of the offences of one category (or all, <see cref="CrimeTrends.AllCategories"/>) in one
/// month (or the whole period when <see cref="Month"/> is null).
/// </summary>
/// <remarks>
/// Shares are fractions 0–1 of <see cref="Offences"/> and are 0 when there are no offences (never NaN).
/// Index i of <see cref="CountsByOutcomeType"/> and <see cref="SharesByOutcomeType"/> is Home Office outcome
/// type i, 0–22. "Any outcome" means types 1–22; type 0 (not yet assigned) and no recorded outcome
/// (<see cref="NoOutcomeRecorded"/>) do not count. Invariant: Σ CountsByOutcomeType + NoOutcomeRecorded = Offences.
/// </remarks>
/// <param name="Category">Category slug, or "all".</param>
/// <param name="Month">The month, or null for the whole period.</param>
/// <param name="Offences">Offences whose window midpoint falls in the month (or period).</param>
/// <param name="WithAnyOutcome">Offences with an outcome of type 1–22.</param>
/// <param name="AnyOutcomeShare">WithAnyOutcome / Offences.</param>
/// <param name="CountsByOutcomeType">23 counts, by outcome type.</param>
/// <param name="SharesByOutcomeType">23 shares, by outcome type.</param>
/// <param name="NoOutcomeRecorded">Offences with no outcome recorded (null type).</param>
/// <param name="NotYetComplete">True when the month (or any month of the period) is younger than the lag.</param>
/// <param name="Note">Why the figures are not complete, or null.</param>
public sealed record OutcomeRateRow(
    string Category,
    YearMonth? Month,
    int Offences,
    int WithAnyOutcome,
    double AnyOutcomeShare,
    IReadOnlyList<int> CountsByOutcomeType,
    IReadOnlyList<double> SharesByOutcomeType,
    int NoOutcomeRecorded,
    bool NotYetComplete,
    string? Note);

/// <summary>Outcome rates by category and month over a range of months.</summary>
/// <param name="FirstMonth">First month of the period.</param>
/// <param name="LastMonth">Last month of the period.</param>
/// <param name="AsOf">The instant the outcomes were read.</param>
/// <param name="LagMonths">Months after a month's end before its outcomes are treated as complete.</param>
/// <param name="Monthly">Per category per month (categories by slug, then months), zero-filled.</param>
/// <param name="MonthTotals">All categories per month.</param>
/// <param name="CategoryTotals">Per category over the whole period.</param>
/// <param name="Total">All categories over the whole period.</param>
public sealed record OutcomeRateTable(
    YearMonth FirstMonth,
    YearMonth LastMonth,
    DateTimeOffset AsOf,
    int LagMonths,
    IReadOnlyList<OutcomeRateRow> Monthly,
    IReadOnlyList<OutcomeRateRow> MonthTotals,
    IReadOnlyList<OutcomeRateRow> CategoryTotals,
    OutcomeRateRow Total);

/// <summary>How an aoristic profile spreads a crime's weight over the hours its window touches.</summary>
public enum AoristicMethod
{
    /// <summary>
    /// Equal shares: 1/k to each of the k hour blocks the window overlaps (Ratcliffe 2002), however little of
    /// the block it covers.
    /// </summary>
    EqualPerHour = 0,

    /// <summary>In proportion to the time the window spends in each hour block.</summary>
    TimeProportional = 1,
}

/// <summary>
/// An aoristic hour-of-day × day-of-week profile: 168 weights, index = day × 24 + hour with day 0 = Monday
/// and hours in local time. Each crime contributes a total weight of 1, so <see cref="TotalWeight"/> equals
/// <see cref="CrimeCount"/> (to rounding). Weights are finite and non-negative.
/// </summary>
public sealed class AoristicProfile
{
    /// <summary>Number of cells: 7 days × 24 hours.</summary>
    public const int CellCount = 168;

    private readonly double[] _weights;

    internal AoristicProfile(double[] weights, int crimeCount, int spreadOverWholeWeek, AoristicMethod method, string timeZoneId)
    {
        _weights = weights;
        CrimeCount = crimeCount;
        SpreadOverWholeWeek = spreadOverWholeWeek;
        Method = method;
        TimeZoneId = timeZoneId;
    }

    /// <summary>The 168 weights, Monday 00:00–01:00 first.</summary>
    public IReadOnlyList<double> Weights => _weights;

    /// <summary>Number of crimes profiled.</summary>
    public int CrimeCount { get; }

    /// <summary>Crimes whose window was longer than 7 days and so were spread evenly over all 168 cells.</summary>
    public int SpreadOverWholeWeek { get; }

    /// <summary>The spreading method.</summary>
    public AoristicMethod Method { get; }

    /// <summary>Id of the time zone whose local hours were used.</summary>
    public string TimeZoneId { get; }

    /// <summary>Sum of all weights.</summary>
    public double TotalWeight => _weights.Sum();

    /// <summary>The weight of one local hour of one day.</summary>
    /// <param name="day">Day of the week.</param>
    /// <param name="hour">Hour, 0–23 (hour 13 is 13:00–14:00).</param>
    public double this[DayOfWeek day, int hour] => _weights[CellIndex(day, hour)];

    /// <summary>Index of a cell: Monday-based day × 24 + hour.</summary>
    /// <param name="day">Day of the week.</param>
    /// <param name="hour">Hour, 0–23.</param>
    /// <returns>0–167.</returns>
    public static int CellIndex(DayOfWeek day, int hour)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(hour);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);
        return (((int)day + 6) % 7 * 24) + hour;
    }

    /// <summary>Weights summed over the days: 24 values, hour 0 first.</summary>
    /// <returns>The hour-of-day profile.</returns>
    public IReadOnlyList<double> ByHourOfDay()
    {
        var hours = new double[24];
        for (int i = 0; i < CellCount; i++)
        {
            hours[i % 24] += _weights[i];
        }

        return hours;
    }

    /// <summary>Weights summed over the hours: 7 values, Monday first.</summary>
    /// <returns>The day-of-week profile.</returns>
    public IReadOnlyList<double> ByDayOfWeek()
    {
        var days = new double[7];
        for (int i = 0; i < CellCount; i++)
        {
            days[i / 24] += _weights[i];
        }

        return days;
    }
}
