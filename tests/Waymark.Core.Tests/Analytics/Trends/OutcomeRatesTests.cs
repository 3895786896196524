using Waymark.Core.Analytics.Trends;

namespace Waymark.Core.Tests.Analytics.Trends;

public class OutcomeRatesTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 12) => new(y, mo, d, h, 0, 0, TimeSpan.Zero);

    private static OutcomeCrime Crime(string category, DateTimeOffset when, int? outcome) => new(category, when, when, outcome);

    [Fact]
    public void OutcomeRates_ShareByTypeAndAnyOutcome()
    {
        OutcomeCrime[] crimes =
        [
            Crime("burglary", Utc(2026, 2, 3), 1),    // charged
            Crime("burglary", Utc(2026, 2, 9), 18),   // no suspect identified
            Crime("burglary", Utc(2026, 2, 12), 0),   // not yet assigned: not an outcome
            Crime("burglary", Utc(2026, 2, 20), null),
            Crime("robbery", Utc(2026, 3, 1), 1),
        ];

        OutcomeRateTable table = CrimeTrends.OutcomeRates(crimes, new YearMonth(2026, 2), new YearMonth(2026, 3), Utc(2026, 12, 1));

        OutcomeRateRow feb = table.Monthly.Single(r => r.Category == "burglary" && r.Month == new YearMonth(2026, 2));
        Assert.Equal(4, feb.Offences);
        Assert.Equal(2, feb.WithAnyOutcome);
        Assert.Equal(0.5, feb.AnyOutcomeShare);
        Assert.Equal(23, feb.CountsByOutcomeType.Count);
        Assert.Equal(0.25, feb.SharesByOutcomeType[1]);
        Assert.Equal(0.25, feb.SharesByOutcomeType[18]);
        Assert.Equal(0.25, feb.SharesByOutcomeType[0]);
        Assert.Equal(1, feb.NoOutcomeRecorded);
        Assert.Equal(feb.Offences, feb.CountsByOutcomeType.Sum() + feb.NoOutcomeRecorded);
        Assert.False(feb.NotYetComplete);
        Assert.Null(feb.Note);

        // Zero-filled: burglary in March has no offences and shares of 0, not NaN.
        OutcomeRateRow mar = table.Monthly.Single(r => r.Category == "burglary" && r.Month == new YearMonth(2026, 3));
        Assert.Equal(0, mar.Offences);
        Assert.Equal(0, mar.AnyOutcomeShare);
        Assert.All(mar.SharesByOutcomeType, s => Assert.Equal(0, s));

        Assert.Equal(4, table.Monthly.Count); // 2 categories × 2 months
        Assert.Equal(["burglary", "robbery"], table.CategoryTotals.Select(r => r.Category));
        Assert.Equal((5, 3), (table.Total.Offences, table.Total.WithAnyOutcome));
        Assert.Equal(0.6, table.Total.AnyOutcomeShare, 12);
        Assert.Equal(CrimeTrends.AllCategories, table.Total.Category);
        Assert.Equal([4, 1], table.MonthTotals.Select(r => r.Offences));
    }

    [Fact]
    public void OutcomeRates_FlagMonthsYoungerThanTheLag()
    {
        // As of 15 July 2026 with a 3-month lag, months ending after 15 April are not yet complete:
        // March (ended 1 April) is complete, April (ended 1 May) is not.
        OutcomeCrime[] crimes = [Crime("drugs", Utc(2026, 3, 10), 1), Crime("drugs", Utc(2026, 4, 10), 1)];

        OutcomeRateTable table = CrimeTrends.OutcomeRates(crimes, new YearMonth(2026, 2), new YearMonth(2026, 6), Utc(2026, 7, 15));

        Assert.Equal([false, false, true, true, true], table.MonthTotals.Select(r => r.NotYetComplete));
        OutcomeRateRow april = table.MonthTotals[2];
        Assert.Contains("2026-04", april.Note, StringComparison.Ordinal);
        Assert.Contains("3 months", april.Note, StringComparison.Ordinal);
        Assert.True(table.Total.NotYetComplete);
        Assert.NotNull(table.Total.Note);
        Assert.Equal(3, table.LagMonths);

        OutcomeRateTable noLag = CrimeTrends.OutcomeRates(crimes, new YearMonth(2026, 2), new YearMonth(2026, 6), Utc(2026, 7, 15), lagMonths: 0);
        Assert.Equal([false, false, false, false, false], noLag.MonthTotals.Select(r => r.NotYetComplete));
    }

    [Fact]
    public void OutcomeRates_LeaveOutCrimesOutsideThePeriod()
    {
        OutcomeCrime[] crimes = [Crime("drugs", Utc(2026, 1, 10), 1), Crime("drugs", Utc(2026, 2, 10), null)];

        OutcomeRateTable table = CrimeTrends.OutcomeRates(crimes, new YearMonth(2026, 2), new YearMonth(2026, 2), Utc(2027, 1, 1));

        Assert.Equal(1, table.Total.Offences);
        Assert.Equal(0, table.Total.WithAnyOutcome);
    }

    [Fact]
    public void OutcomeRates_BadInput_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CrimeTrends.OutcomeRates([Crime("drugs", Utc(2026, 2, 10), 23)], new YearMonth(2026, 2), new YearMonth(2026, 2), Utc(2027, 1, 1)));
        Assert.Equal("crimes", error.ParamName);
        Assert.Contains("0–22", error.Message, StringComparison.Ordinal);
        Assert.Equal("lagMonths", Assert.Throws<ArgumentOutOfRangeException>(() =>
            CrimeTrends.OutcomeRates([], new YearMonth(2026, 2), new YearMonth(2026, 2), Utc(2027, 1, 1), -1)).ParamName);
        Assert.Equal("lastMonth", Assert.Throws<ArgumentException>(() =>
            CrimeTrends.OutcomeRates([], new YearMonth(2026, 2), new YearMonth(2026, 1), Utc(2027, 1, 1))).ParamName);
    }
}
