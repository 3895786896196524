namespace Waymark.Core.Crimes;

/// <summary>
/// When a crime happened: crimes are often discovered after the fact (a cable found cut in the morning),
/// so a crime occurred at some unknown instant between <see cref="From"/> and <see cref="To"/>, both UTC.
/// Invariant: From &lt;= To.
/// </summary>
public readonly record struct TimeWindow
{
    private TimeWindow(DateTimeOffset from, DateTimeOffset to)
    {
        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public TimeSpan Length => To - From;

    /// <summary>Creates a window; a missing end means the crime happened at <paramref name="from"/>.</summary>
    public static TimeWindow Create(DateTimeOffset from, DateTimeOffset? to = null)
    {
        var end = to ?? from;
        if (end < from)
        {
            throw new ArgumentException($"The window ends ({end:O}) before it starts ({from:O}).", nameof(to));
        }

        return new TimeWindow(from.ToUniversalTime(), end.ToUniversalTime());
    }

    /// <summary>A whole calendar month in UTC, as police.uk publishes crimes ("2021-08").</summary>
    public static TimeWindow ForMonth(int year, int month)
    {
        var start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return new TimeWindow(start, start.AddMonths(1).AddTicks(-1));
    }
}
