namespace Waymark.Core.Analytics.Trends;

/// <summary>A calendar month, such as 2026-07, in some local time zone (by default UK time).</summary>
/// <remarks>Invariant: <see cref="Month"/> is 1–12 and <see cref="Year"/> 1–9998. Ordered chronologically.</remarks>
public readonly record struct YearMonth : IComparable<YearMonth>
{
    /// <summary>Creates a month.</summary>
    /// <param name="year">Year, 1–9998.</param>
    /// <param name="month">Month, 1–12.</param>
    /// <exception cref="ArgumentOutOfRangeException">Out of range.</exception>
    public YearMonth(int year, int month)
    {
        if (year is < 1 or > 9998)
        {
            throw new ArgumentOutOfRangeException(nameof(year), year, "year must be between 1 and 9998.");
        }

        if (month is < 1 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(month), month, "month must be between 1 and 12.");
        }

        Year = year;
        Month = month;
    }

    /// <summary>The year.</summary>
    public int Year { get; }

    /// <summary>The month, 1 = January.</summary>
    public int Month { get; }

    /// <summary>Months since January of year 0, for arithmetic.</summary>
    internal int Ordinal => (Year * 12) + Month - 1;

    public static bool operator <(YearMonth left, YearMonth right) => left.CompareTo(right) < 0;

    public static bool operator >(YearMonth left, YearMonth right) => left.CompareTo(right) > 0;

    public static bool operator <=(YearMonth left, YearMonth right) => left.CompareTo(right) <= 0;

    public static bool operator >=(YearMonth left, YearMonth right) => left.CompareTo(right) >= 0;

    /// <summary>The local month an instant falls in.</summary>
    /// <param name="instant">The instant.</param>
    /// <param name="timeZone">The zone; default <see cref="UkTime.London"/>.</param>
    /// <returns>The month.</returns>
    public static YearMonth Of(DateTimeOffset instant, TimeZoneInfo? timeZone = null)
    {
        DateTime local = UkTime.ToLocal(instant, timeZone ?? UkTime.London);
        return new YearMonth(local.Year, local.Month);
    }

    /// <summary>Number of months from <paramref name="first"/> to <paramref name="last"/> inclusive (0 if last &lt; first).</summary>
    /// <param name="first">First month.</param>
    /// <param name="last">Last month.</param>
    /// <returns>The count.</returns>
    public static int CountInclusive(YearMonth first, YearMonth last) => Math.Max(0, last.Ordinal - first.Ordinal + 1);

    /// <summary>The month <paramref name="months"/> later (or earlier when negative).</summary>
    /// <param name="months">Months to add.</param>
    /// <returns>The month.</returns>
    public YearMonth AddMonths(int months)
    {
        int ordinal = Ordinal + months;
        return new YearMonth(ordinal / 12, (ordinal % 12) + 1);
    }

    /// <summary>The instant the month starts: local midnight on the 1st.</summary>
    /// <param name="timeZone">The zone; default <see cref="UkTime.London"/>.</param>
    /// <returns>The start, UTC.</returns>
    public DateTimeOffset Start(TimeZoneInfo? timeZone = null) =>
        UkTime.ToInstant(new DateTime(Year, Month, 1, 0, 0, 0, DateTimeKind.Unspecified), timeZone ?? UkTime.London);

    /// <summary>The instant the month ends (exclusive): the start of the next month.</summary>
    /// <param name="timeZone">The zone; default <see cref="UkTime.London"/>.</param>
    /// <returns>The end, UTC.</returns>
    public DateTimeOffset End(TimeZoneInfo? timeZone = null) => AddMonths(1).Start(timeZone);

    /// <inheritdoc/>
    public int CompareTo(YearMonth other) => Ordinal.CompareTo(other.Ordinal);

    /// <summary>The month as "yyyy-MM", as police.uk writes months.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => FormattableString.Invariant($"{Year:0000}-{Month:00}");
}
