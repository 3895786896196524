using System.Globalization;
using Microsoft.Extensions.Options;
using Waymark.Core.Crimes;
using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>
/// Metal of the same type, and of a weight that could have come from it, reported stolen within the configured distance
/// of the place of receipt and in the look-back before it (<see cref="StolenMetalMatch"/>). Only crimes shared with law
/// enforcement are read (Partnership or LawEnforcement visibility), so that the force told of a match may see each crime
/// it is shown; an owner's organisation-only crimes stay out of it. The candidates come from the in-memory
/// <see cref="StolenMetalIndex"/>, which follows the crimes table.
/// </summary>
public sealed class StolenMetalCheck(IOptions<ScrapMetalOptions> options, StolenMetalIndex index) : IReceiptCheck
{
    public const string CheckName = "stolen-metal-nearby";

    /// <summary>The partnership's metal-theft categories: the crimes this check reads.</summary>
    public static readonly IReadOnlyList<string> MetalTheftCategories =
        CrimeCategories.All.Where(c => c.Slug.StartsWith("metal-theft", StringComparison.Ordinal)).Select(c => c.Slug).ToArray();

    public string Name => CheckName;

    public async Task<CheckOutcome> RunAsync(ReceiptCheckContext context, CancellationToken ct)
    {
        var r = context.Receipt;
        var result = new ReceiptCheckResult { Check = Name, Kind = CheckKinds.Intelligence, Passed = true };
        if (r.Easting is not { } e || r.Northing is not { } n)
        {
            result.Ran = false;
            result.Detail = "Not run: the receipt has no place of receipt in Great Britain (a collector's receipt without a collection point).";
            return new CheckOutcome(result);
        }

        var match = options.Value.Match;
        var earliestEnd = r.ReceivedAt - match.Lookback;
        var radius = match.RadiusMetres;
        // Candidates in the box on the grid whose window reaches the look-back; distance, metal and weight below.
        var candidates = await index.CandidatesAsync(context.Db, e, n, radius, earliestEnd, r.ReceivedAt, ct);

        var matches = new List<(double Distance, MetalTheft Theft, string Detail)>();
        foreach (var c in candidates)
        {
            var distance = StolenMetalMatch.Distance(e, n, c.Easting, c.Northing);
            if (distance > radius || !match.TimeConsistent(c.OccurredFrom, c.OccurredTo, r.ReceivedAt))
            {
                continue;
            }

            // What was stolen: its property items, or, when none was itemised, the category's name ("…lead and roofing").
            var hit = r.Items.SelectMany(item => c.Stolen
                    .Where(s => s.IsOf(item.MetalType) && match.WeightConsistent(item.WeightKg, s.WeightKg))
                    .Select(s => (item, s)))
                .FirstOrDefault();
            if (hit.item is null)
            {
                continue;
            }

            matches.Add((distance, c, string.Create(CultureInfo.InvariantCulture,
                $"{c.Reference} ({c.Category}, {distance / 1000:0.0} km away, ended {(r.ReceivedAt - c.OccurredTo).TotalDays:0.#} days before): {hit.s.Text.Trim()}{(hit.s.WeightKg is { } kg ? $" {kg:0.#} kg" : "")} against {hit.item.MetalType} {hit.item.WeightKg:0.#} kg received")));
        }

        // Nearest first: the most telling match leads. Equally near ones in a fixed order — category, end of window,
        // easting, northing: the order the check met them in when it read them from the crimes table's index.
        matches.Sort((a, b) => a.Distance != b.Distance ? a.Distance.CompareTo(b.Distance) : Ordered(a.Theft, b.Theft));
        var matched = matches.Select(m => m.Theft.Id.ToString()).ToList();
        var details = matches.Select(m => m.Detail).ToList();

        if (matched.Count > 0)
        {
            result.Passed = false;
            result.Code = "stolen-metal-nearby";
            result.RelatedIds = matched;
            result.Detail = string.Create(CultureInfo.InvariantCulture,
                $"{matched.Count} reported theft(s) of matching metal within {radius / 1000:0.#} km and {match.Lookback.TotalDays:0} days: {string.Join("; ", details.Take(10))}{(details.Count > 10 ? "; …" : "")}");
        }

        return new CheckOutcome(result);
    }

    private static int Ordered(MetalTheft a, MetalTheft b)
    {
        var order = string.CompareOrdinal(a.Category, b.Category);
        order = order != 0 ? order : a.OccurredTo.CompareTo(b.OccurredTo);
        order = order != 0 ? order : a.Easting.CompareTo(b.Easting);
        order = order != 0 ? order : a.Northing.CompareTo(b.Northing);
        return order != 0 ? order : a.Id.CompareTo(b.Id);
    }
}
