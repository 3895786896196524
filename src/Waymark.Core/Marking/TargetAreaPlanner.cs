namespace Waymark.Core.Marking;

/// <summary>A candidate area: its residential burglaries over the last 12 months, its households and those already marked.</summary>
public readonly record struct CandidateArea(string Area, string? Name, int Burglaries, int Households, int MarkedHouseholds);

/// <summary>An area in ranked order with the kits it needs to reach the target and whether the kits given cover it.</summary>
public sealed record ProposedArea(
    int Rank, string Area, string? Name, int Burglaries, int Households, double RatePerThousandHouseholds,
    int MarkedHouseholds, int KitsNeeded, int CumulativeKits, bool Proposed);

/// <summary>
/// Chooses where the next kits go: areas ranked by residential burglary rate per 1,000 households (highest first; ties by
/// count, then code), each needing enough kits to lift it from its marked households to the saturation target
/// (⌈target × households⌉ − marked). Areas are taken in rank order while the kits last — saturation is the point, so an
/// area is proposed only when it can be covered in full; a smaller area further down may still fit in what is left.
/// </summary>
public static class TargetAreaPlanner
{
    public static IReadOnlyList<ProposedArea> Propose(IEnumerable<CandidateArea> areas, int kits, double saturationTarget)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kits);
        if (saturationTarget is <= 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(saturationTarget), "is a share of households, above 0 and at most 1.");
        }

        var ranked = areas
            .Where(a => a.Households > 0)
            .Select(a => (Area: a, Rate: 1000.0 * a.Burglaries / a.Households))
            .OrderByDescending(x => x.Rate).ThenByDescending(x => x.Area.Burglaries).ThenBy(x => x.Area.Area, StringComparer.Ordinal)
            .ToList();
        var left = kits;
        var used = 0;
        var result = new List<ProposedArea>(ranked.Count);
        for (var i = 0; i < ranked.Count; i++)
        {
            var (a, rate) = ranked[i];
            var needed = Math.Max(0, (int)Math.Ceiling(saturationTarget * a.Households - 1e-9) - a.MarkedHouseholds);
            var proposed = needed > 0 && needed <= left;
            if (proposed)
            {
                left -= needed;
                used += needed;
            }

            result.Add(new ProposedArea(i + 1, a.Area, a.Name, a.Burglaries, a.Households, rate, a.MarkedHouseholds, needed, used, proposed));
        }

        return result;
    }
}
