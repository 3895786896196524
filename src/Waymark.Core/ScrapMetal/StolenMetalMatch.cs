namespace Waymark.Core.ScrapMetal;

/// <summary>
/// When metal offered to a dealer is consistent with metal reported stolen: the same metal, close enough in place and
/// time, and a weight that could have come from the theft. A theft's haul is often sold in parts and cable is stripped
/// or burnt before sale (a copper cable is roughly half copper by weight), so the weight received may be a share of the
/// weight stolen, down to <see cref="MinimumShare"/>; it may exceed it only by the weighing slack of <see cref="MaximumRatio"/>.
/// </summary>
public sealed record StolenMetalMatch
{
    /// <summary>Furthest a theft may be from the place of receipt, metres (British National Grid).</summary>
    public double RadiusMetres { get; init; } = 25_000;

    /// <summary>How long before the receipt a theft counts: its window must end no earlier than this before the receipt.</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Smallest share of the stolen weight that a receipt may be and still match.</summary>
    public double MinimumShare { get; init; } = 0.2;

    /// <summary>Largest received weight as a multiple of the stolen weight (weighbridge and reporting differences).</summary>
    public double MaximumRatio { get; init; } = 1.25;

    /// <summary>True when <paramref name="receivedKg"/> could have come from a theft of <paramref name="stolenKg"/> (unknown stolen weight: true).</summary>
    public bool WeightConsistent(double receivedKg, double? stolenKg) =>
        stolenKg is not { } stolen || stolen <= 0 || (receivedKg >= stolen * MinimumShare && receivedKg <= stolen * MaximumRatio);

    /// <summary>True when a theft occurring in [<paramref name="occurredFrom"/>, <paramref name="occurredTo"/>] fits a receipt at <paramref name="receivedAt"/>.</summary>
    public bool TimeConsistent(DateTime occurredFrom, DateTime occurredTo, DateTime receivedAt) =>
        occurredFrom <= receivedAt && occurredTo >= receivedAt - Lookback;

    /// <summary>Straight-line distance on the grid, metres.</summary>
    public static double Distance(double e1, double n1, double e2, double n2) => Math.Sqrt(((e1 - e2) * (e1 - e2)) + ((n1 - n2) * (n1 - n2)));

    public bool Near(double e1, double n1, double e2, double n2) => Distance(e1, n1, e2, n2) <= RadiusMetres;

    /// <summary>True when a stolen item described by <paramref name="stolenText"/> is of <paramref name="metal"/>.</summary>
    public static bool SameMetal(string metal, string? stolenText) => MetalTypes.Read(stolenText).Contains(metal, StringComparer.Ordinal);
}
