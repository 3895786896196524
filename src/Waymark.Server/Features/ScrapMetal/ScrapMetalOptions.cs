using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Settings under "Waymark:ScrapMetal" in configuration.</summary>
public sealed class ScrapMetalOptions
{
    /// <summary>How far from the place of receipt a reported theft counts, metres (default 25 km).</summary>
    public double StolenMetalRadiusMetres { get; set; } = 25_000;

    /// <summary>How long before the receipt a theft counts, days (default 14).</summary>
    public double StolenMetalLookbackDays { get; set; } = 14;

    /// <summary>Smallest share of a stolen weight a receipt may be and still match (default 0.2).</summary>
    public double StolenMetalMinimumShare { get; set; } = 0.2;

    /// <summary>Largest received weight as a multiple of the stolen weight (default 1.25).</summary>
    public double StolenMetalMaximumRatio { get; set; } = 1.25;

    /// <summary>Years receipts and disposals are kept after the transaction (s.15: three).</summary>
    public int RetentionYears { get; set; } = 3;

    /// <summary>How often the retention job runs, hours (default 24).</summary>
    public double RetentionIntervalHours { get; set; } = 24;

    public StolenMetalMatch Match => new()
    {
        RadiusMetres = StolenMetalRadiusMetres,
        Lookback = TimeSpan.FromDays(StolenMetalLookbackDays),
        MinimumShare = StolenMetalMinimumShare,
        MaximumRatio = StolenMetalMaximumRatio,
    };
}
