using Waymark.Core.Analytics.Trends;
using Waymark.Core.Crimes;

namespace Waymark.Core.Tests.Analytics.Trends;

public class MonthlyAndYearToDateTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h = 0, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    private static TrendCrime At(string category, DateTimeOffset when) => new(category, when, when);

    [Fact]
    public void MonthlyCounts_UseTheLocalMonthOfTheWindowMidpoint()
    {
        TrendCrime[] crimes =
        [
            new("burglary", Utc(2026, 1, 25), Utc(2026, 2, 10)),  // midpoint 2 February
            new("burglary", Utc(2026, 1, 1), Utc(2026, 1, 31)),   // midpoint 16 January
            At("burglary", Utc(2026, 6, 30, 23, 30)),               // 00:30 BST on 1 July
            At("robbery", Utc(2026, 12, 31, 23, 30)),               // 23:30 GMT on 31 December
            TrendCrime.From("robbery", TimeWindow.ForMonth(2026, 3)),
        ];

        MonthlyCountTable table = CrimeTrends.MonthlyCounts(crimes);

        Assert.Equal(12, table.Months.Count);
        Assert.Equal(new YearMonth(2026, 1), table.Months[0]);
        Assert.Equal("2026-12", table.Months[^1].ToString());
        CategoryMonthlySeries burglary = table.Categories[0];
        Assert.Equal("burglary", burglary.Category);
        Assert.Equal([1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0], burglary.Counts);
        Assert.Equal(3, burglary.Total);
        CategoryMonthlySeries robbery = table.Categories[1];
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1], robbery.Counts);
        Assert.Equal([1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1], table.Totals);
        Assert.Equal(0, table.OutsideRange);
    }

    [Fact]
    public void MonthlyCounts_WithRangeAndRollUp()
    {
        TrendCrime[] crimes =
        [
            At("burglary-residential", Utc(2026, 2, 3, 12)),
            At("burglary-business", Utc(2026, 2, 4, 12)),
            At("burglary", Utc(2026, 3, 4, 12)),
            At("shoplifting", Utc(2025, 11, 4, 12)),
        ];

        MonthlyCountTable table = CrimeTrends.MonthlyCounts(crimes, new YearMonth(2026, 1), new YearMonth(2026, 4), rollUpToPoliceUk: true);

        Assert.Equal(["2026-01", "2026-02", "2026-03", "2026-04"], table.Months.Select(m => m.ToString()));
        CategoryMonthlySeries burglary = Assert.Single(table.Categories);
        Assert.Equal("burglary", burglary.Category);
        Assert.Equal([0, 2, 1, 0], burglary.Counts);
        Assert.Equal(1, table.OutsideRange);
    }

    [Fact]
    public void MonthlyCounts_BadInput_Throws()
    {
        Assert.Equal("crimes", Assert.Throws<ArgumentException>(() => CrimeTrends.MonthlyCounts([new TrendCrime("burglary", Utc(2026, 2, 1), Utc(2026, 1, 1))])).ParamName);
        Assert.Equal("crimes", Assert.Throws<ArgumentException>(() => CrimeTrends.MonthlyCounts([At(" ", Utc(2026, 2, 1))])).ParamName);
        Assert.Equal("lastMonth", Assert.Throws<ArgumentException>(() => CrimeTrends.MonthlyCounts([], new YearMonth(2026, 5), new YearMonth(2026, 4))).ParamName);
        Assert.Empty(CrimeTrends.MonthlyCounts([]).Months);
    }

    [Fact]
    public void CompareCounts_TenAgainstTwo_MatchesTheHandComputedExactTest()
    {
        // P(X ≥ 10 | N = 12, ½) = (66 + 12 + 1) / 4096 = 79/4096; two-sided p = 79/2048 = 0.0385742.
        CountComparison c = CrimeTrends.CompareCounts(10, 2);

        Assert.Equal(79.0 / 2048, c.ExactPValue, 12);
        Assert.Equal(8 / Math.Sqrt(12), c.ZScore, 12);
        Assert.Equal(0.020921335337794, c.NormalPValue, 10);
        Assert.Equal(400, c.PercentChange);
        Assert.Equal(8, c.Difference);
        Assert.True(c.Significant);
    }

    [Fact]
    public void CompareCounts_IsSymmetricInTheTest()
    {
        CountComparison down = CrimeTrends.CompareCounts(2, 10);

        Assert.Equal(79.0 / 2048, down.ExactPValue, 12);
        Assert.Equal(-8 / Math.Sqrt(12), down.ZScore, 12);
        Assert.Equal(-80, down.PercentChange);
    }

    [Theory]
    [InlineData(0, 0, 1.0, null)]
    [InlineData(5, 5, 1.0, 0.0)]
    [InlineData(3, 0, 0.25, null)]    // 2 × (½)³
    [InlineData(7, 6, 1.0, 16.666666666666668)]
    public void CompareCounts_EdgeCases_AreNeverNaN(int current, int previous, double exactP, double? percent)
    {
        CountComparison c = CrimeTrends.CompareCounts(current, previous);

        Assert.Equal(exactP, c.ExactPValue, 12);
        Assert.Equal(percent, c.PercentChange);
        Assert.False(c.Significant);
        Assert.True(double.IsFinite(c.ZScore) && double.IsFinite(c.NormalPValue));
    }

    [Fact]
    public void CompareCounts_LargeCounts_ExactIsCloseToNormal()
    {
        // 1100 against 1000: exact two-sided p = 0.0307207 (summed with exact integers); z = 2.1822, normal p = 0.0290963.
        CountComparison c = CrimeTrends.CompareCounts(1100, 1000);

        Assert.Equal(0.030720707864242, c.ExactPValue, 9);
        Assert.Equal(0.029096331741252, c.NormalPValue, 9);
        Assert.True(c.Significant);
    }

    [Fact]
    public void CompareCounts_BadArguments_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CrimeTrends.CompareCounts(-1, 0));
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => CrimeTrends.CompareCounts(1, 1, 0)).ParamName);
        Assert.Equal("alpha", Assert.Throws<ArgumentOutOfRangeException>(() => CrimeTrends.CompareCounts(1, 1, double.NaN)).ParamName);
    }

    [Fact]
    public void YearToDate_ComparesWithTheSamePeriodLastYear()
    {
        DateTimeOffset asOf = Utc(2026, 7, 1, 12); // 13:00 BST
        TrendCrime[] crimes =
        [
            At("burglary", Utc(2026, 1, 1, 0, 30)),
            At("burglary", Utc(2026, 6, 30)),
            At("burglary", Utc(2026, 7, 1, 11, 59)),
            At("burglary", Utc(2026, 7, 1, 12)),      // at asOf: excluded (half-open)
            At("burglary", Utc(2025, 12, 31, 23, 59)), // before this year, after last year's period
            At("burglary", Utc(2025, 3, 1)),
            At("robbery", Utc(2025, 7, 1, 11, 59)),    // inside last year's period (ends 12:00 UTC)
            At("robbery", Utc(2025, 7, 1, 12)),        // just after it
        ];

        YearToDateComparison ytd = CrimeTrends.YearToDate(crimes, asOf);

        Assert.Equal(Utc(2026, 1, 1), ytd.CurrentStart);
        Assert.Equal(Utc(2025, 1, 1), ytd.PreviousStart);
        Assert.Equal(Utc(2025, 7, 1, 12), ytd.PreviousEnd);
        Assert.Equal((3, 2), (ytd.Total.Current, ytd.Total.Previous));
        Assert.Equal(["burglary", "robbery"], ytd.Categories.Select(c => c.Category));
        Assert.Equal((3, 1), (ytd.Categories[0].Comparison.Current, ytd.Categories[0].Comparison.Previous));
        Assert.Equal((0, 1), (ytd.Categories[1].Comparison.Current, ytd.Categories[1].Comparison.Previous));
        Assert.Equal(-100, ytd.Categories[1].Comparison.PercentChange);
    }

    [Fact]
    public void YearToDate_FinancialYear_StartsOnTheFirstOfAprilLocal()
    {
        YearToDateComparison ytd = CrimeTrends.YearToDate([], Utc(2026, 3, 15), yearStartMonth: 4);

        Assert.Equal(Utc(2025, 3, 31, 23), ytd.CurrentStart); // midnight BST on 1 April 2025
        Assert.Equal(Utc(2024, 3, 31, 23), ytd.PreviousStart);
        Assert.Equal(0, ytd.Total.Current);
        Assert.Equal(1, ytd.Total.ExactPValue);
    }

    [Fact]
    public void YearToDate_LeapDay_ComparesWithTheTwentyEighth()
    {
        YearToDateComparison ytd = CrimeTrends.YearToDate([], Utc(2028, 2, 29, 10));

        Assert.Equal(Utc(2027, 2, 28, 10), ytd.PreviousEnd);
    }

    [Fact]
    public void YearToDate_BadYearStart_Throws()
    {
        Assert.Equal("yearStartMonth", Assert.Throws<ArgumentOutOfRangeException>(() => CrimeTrends.YearToDate([], Utc(2026, 1, 1), 13)).ParamName);
    }

    [Fact]
    public void YearMonth_Arithmetic()
    {
        var month = new YearMonth(2026, 11);

        Assert.Equal(new YearMonth(2027, 2), month.AddMonths(3));
        Assert.Equal(new YearMonth(2025, 12), month.AddMonths(-11));
        Assert.Equal(14, YearMonth.CountInclusive(new YearMonth(2025, 12), new YearMonth(2027, 1)));
        Assert.True(new YearMonth(2025, 12) < month);
        Assert.Equal(Utc(2026, 6, 30, 23), new YearMonth(2026, 7).Start());
        Assert.Equal(Utc(2026, 8, 31, 23), new YearMonth(2026, 8).End());
        Assert.Throws<ArgumentOutOfRangeException>(() => new YearMonth(2026, 13));
    }
}
