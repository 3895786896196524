namespace Waymark.Core.Analytics.Trends;

/// <summary>
/// UK civil time (Europe/London: GMT in winter, BST = UTC+1 in summer), the default time zone of the trend
/// analyses, which work in local months, local hours and local days of the week.
/// </summary>
/// <remarks>
/// <see cref="London"/> comes from the host's time zone database — on Linux the IANA files in
/// /usr/share/zoneinfo, which .NET reads even with InvariantGlobalization on (no ICU needed); on Windows the
/// "GMT Standard Time" entry. Hosts without one (minimal containers) get <see cref="CreateRuleBasedLondon"/>:
/// the current rule, in force since 1996 under EU Directive 2000/84/EC and retained by the Summer Time Order
/// 2002, that BST runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October.
/// </remarks>
public static class UkTime
{
    /// <summary>The Europe/London zone.</summary>
    public static TimeZoneInfo London { get; } = Resolve();

    /// <summary>A Europe/London zone built from the current rule alone (wrong for dates before 1996).</summary>
    /// <returns>The zone.</returns>
    public static TimeZoneInfo CreateRuleBasedLondon()
    {
        // TransitionTime times are local clock times: the clocks go forward at 01:00 GMT and back at 02:00 BST.
        var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 1, 0, 0, DateTimeKind.Unspecified), 3, 5, DayOfWeek.Sunday);
        var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0, DateTimeKind.Unspecified), 10, 5, DayOfWeek.Sunday);
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
        return TimeZoneInfo.CreateCustomTimeZone("Europe/London", TimeSpan.Zero, "United Kingdom time", "GMT", "BST", [rule]);
    }

    /// <summary>The local wall-clock time of an instant in a zone.</summary>
    internal static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).DateTime;

    /// <summary>
    /// The instant of a local wall-clock time: a time skipped by the clocks going forward moves on past the gap,
    /// and a time that occurs twice takes the first (daylight-saving) occurrence.
    /// </summary>
    internal static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        DateTime wall = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (int i = 0; i < 16 && zone.IsInvalidTime(wall); i++)
        {
            wall = wall.AddMinutes(15);
        }

        TimeSpan offset = zone.IsAmbiguousTime(wall) ? zone.GetAmbiguousTimeOffsets(wall).Max() : zone.GetUtcOffset(wall);
        return new DateTimeOffset(wall, offset).ToUniversalTime();
    }

    private static TimeZoneInfo Resolve()
    {
        foreach (string id in (string[])["Europe/London", "GMT Standard Time"])
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        return CreateRuleBasedLondon();
    }
}
