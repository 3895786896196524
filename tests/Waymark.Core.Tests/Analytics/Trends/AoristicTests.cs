using Waymark.Core.Analytics.Trends;
using Waymark.Core.Crimes;

namespace Waymark.Core.Tests.Analytics.Trends;

public class AoristicTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi = 0) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Fact]
    public void London_IsBritishSummerTimeInJuly()
    {
        DateTimeOffset local = TimeZoneInfo.ConvertTime(Utc(2026, 7, 1, 12), UkTime.London);

        Assert.Equal(13, local.Hour);
        Assert.Equal(TimeSpan.FromHours(1), local.Offset);
        Assert.Equal(12, TimeZoneInfo.ConvertTime(Utc(2026, 1, 15, 12), UkTime.London).Hour);
    }

    [Fact]
    public void RuleBasedLondon_AgreesWithTheTimeZoneDatabase()
    {
        TimeZoneInfo rules = UkTime.CreateRuleBasedLondon();
        for (DateTimeOffset t = Utc(2000, 1, 1, 0); t < Utc(2035, 1, 1, 0); t = t.AddHours(1))
        {
            Assert.Equal(UkTime.London.GetUtcOffset(t), rules.GetUtcOffset(t));
        }
    }

    [Fact]
    public void EveningToEarlyMorning_GivesAQuarterToEachOfFourHours()
    {
        // Monday 5 January 2026 22:00 to Tuesday 02:00 GMT (= UTC in winter).
        AoristicProfile profile = CrimeTrends.AoristicWeek([new TrendCrime("burglary", Utc(2026, 1, 5, 22), Utc(2026, 1, 6, 2))]);

        Assert.Equal(0.25, profile[DayOfWeek.Monday, 22]);
        Assert.Equal(0.25, profile[DayOfWeek.Monday, 23]);
        Assert.Equal(0.25, profile[DayOfWeek.Tuesday, 0]);
        Assert.Equal(0.25, profile[DayOfWeek.Tuesday, 1]);
        Assert.Equal(0, profile[DayOfWeek.Tuesday, 2]);
        Assert.Equal(1, profile.TotalWeight, 12);
        Assert.Equal(1, profile.CrimeCount);
    }

    [Fact]
    public void SummerWindows_UseLocalHours()
    {
        // Monday 6 July 2026 21:00Z to 01:00Z is 22:00 to 02:00 BST.
        AoristicProfile profile = CrimeTrends.AoristicWeek([TimeWindow.Create(Utc(2026, 7, 6, 21), Utc(2026, 7, 7, 1))]);

        Assert.Equal(0.25, profile[DayOfWeek.Monday, 22]);
        Assert.Equal(0.25, profile[DayOfWeek.Tuesday, 1]);
        Assert.Equal(0, profile[DayOfWeek.Monday, 21]);
        Assert.Equal(0, profile[DayOfWeek.Tuesday, 2]);
    }

    [Fact]
    public void AnInstant_GoesWhollyToItsHour()
    {
        AoristicProfile profile = CrimeTrends.AoristicWeek([TimeWindow.Create(Utc(2026, 1, 7, 14, 30))]);

        Assert.Equal(1, profile[DayOfWeek.Wednesday, 14]);
        Assert.Equal(1, profile.TotalWeight);
    }

    [Fact]
    public void PartialHours_EqualOrProportional()
    {
        // Thursday 8 January 2026 22:30 to Friday 01:00: blocks 22 (30 min), 23 (60), 00 (60).
        TimeWindow[] windows = [TimeWindow.Create(Utc(2026, 1, 8, 22, 30), Utc(2026, 1, 9, 1))];

        AoristicProfile equal = CrimeTrends.AoristicWeek(windows);
        AoristicProfile proportional = CrimeTrends.AoristicWeek(windows, AoristicMethod.TimeProportional);

        Assert.Equal(1.0 / 3, equal[DayOfWeek.Thursday, 22], 15);
        Assert.Equal(1.0 / 3, equal[DayOfWeek.Friday, 0], 15);
        Assert.Equal(0, equal[DayOfWeek.Friday, 1]);
        Assert.Equal(0.2, proportional[DayOfWeek.Thursday, 22], 15);
        Assert.Equal(0.4, proportional[DayOfWeek.Thursday, 23], 15);
        Assert.Equal(0.4, proportional[DayOfWeek.Friday, 0], 15);
    }

    [Fact]
    public void WindowsLongerThanAWeek_AreSpreadOverAll168Hours()
    {
        AoristicProfile profile = CrimeTrends.AoristicWeek([TimeWindow.Create(Utc(2026, 1, 1, 0), Utc(2026, 1, 8, 0, 1))]);

        Assert.All(profile.Weights, w => Assert.Equal(1.0 / 168, w, 15));
        Assert.Equal(1, profile.SpreadOverWholeWeek);
        Assert.Equal(1, profile.TotalWeight, 12);
    }

    [Fact]
    public void ExactlyAWeekOnTheHour_CoversEachHourOnce()
    {
        AoristicProfile profile = CrimeTrends.AoristicWeek([TimeWindow.Create(Utc(2026, 1, 5, 9), Utc(2026, 1, 12, 9))]);

        Assert.All(profile.Weights, w => Assert.Equal(1.0 / 168, w, 15));
        Assert.Equal(0, profile.SpreadOverWholeWeek);
    }

    [Fact]
    public void ClocksGoingBack_CountTheRepeatedHourTwice()
    {
        // Sunday 25 October 2026: 00:00Z is 01:00 BST and 01:00Z is 01:00 GMT, both local hour 1.
        AoristicProfile profile = CrimeTrends.AoristicWeek([TimeWindow.Create(Utc(2026, 10, 25, 0), Utc(2026, 10, 25, 2))]);

        Assert.Equal(1, profile[DayOfWeek.Sunday, 1], 15);
        Assert.Equal(1, profile.TotalWeight, 15);
    }

    [Fact]
    public void Profiles_SumByHourAndDay()
    {
        AoristicProfile profile = CrimeTrends.AoristicWeek(
        [
            TimeWindow.Create(Utc(2026, 1, 5, 22), Utc(2026, 1, 6, 2)),
            TimeWindow.Create(Utc(2026, 1, 11, 23, 30)),
        ]);

        Assert.Equal(0.25 + 1, profile.ByHourOfDay()[23], 15);
        Assert.Equal(0.5, profile.ByDayOfWeek()[0], 15); // Monday
        Assert.Equal(1, profile.ByDayOfWeek()[6], 15);   // Sunday
        Assert.Equal(2, profile.TotalWeight, 12);
        Assert.Equal(167, AoristicProfile.CellIndex(DayOfWeek.Sunday, 23));
        Assert.Equal(0, AoristicProfile.CellIndex(DayOfWeek.Monday, 0));
    }

    [Fact]
    public void ReversedWindow_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            CrimeTrends.AoristicWeek([new TrendCrime("burglary", Utc(2026, 1, 6, 2), Utc(2026, 1, 5, 22))]));
        Assert.Equal("crimes", error.ParamName);
    }
}
