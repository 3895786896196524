namespace Waymark.Server.Features.Anpr;

/// <summary>ANPR settings under <c>Waymark:Anpr</c>.</summary>
public sealed class AnprOptions
{
    /// <summary>Reads younger than this are open to police users; older ones need a police analyst's recorded justification (default 90, the earlier national guidance).</summary>
    public int OpenDays { get; set; } = 90;

    /// <summary>Reads are deleted after this many days (default 365: the national store's 12 months).</summary>
    public int RetentionDays { get; set; } = 365;

    /// <summary>Most reads taken from one request; the rest of a larger batch are refused, each with the reason.</summary>
    public int MaxBatchReads { get; set; } = 100_000;

    /// <summary>A read time further ahead of the server clock than this is refused (camera clocks drift a little).</summary>
    public int MaxFutureSeconds { get; set; } = 300;

    /// <summary>How often the retention job runs, in minutes.</summary>
    public int PurgeEveryMinutes { get; set; } = 60;
}
