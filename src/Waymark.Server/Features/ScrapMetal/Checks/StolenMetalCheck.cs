using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Core.Crimes;
using Waymark.Core.ScrapMetal;

namespace Waymark.Server.Features.ScrapMetal.Checks;

/// <summary>
/// Metal of the same type, and of a weight that could have come from it, reported stolen within the configured distance
/// of the place of receipt and in the look-back before it (<see cref="StolenMetalMatch"/>). Only crimes shared with law
/// enforcement are read (Partnership or LawEnforcement visibility), so that the force told of a match may see each crime
/// it is shown; an owner's organisation-only crimes stay out of it.
/// </summary>
public sealed class StolenMetalCheck(IOptions<ScrapMetalOptions> options) : IReceiptCheck
{
    public const string CheckName = "stolen-metal-nearby";

    /// <summary>The partnership's metal-theft categories: the crimes this check reads.</summary>
    public static readonly IReadOnlyList<string> MetalTheftCategories =
        CrimeCategories.All.Where(c => c.Slug.StartsWith("metal-theft", StringComparison.Ordinal)).Select(c => c.Slug).ToArray();

    // Inlined into the SQL as constants (EF.Constant): as a parameter, EF sends the list through json_each, and SQLite
    // then cannot use the (category, occurred_to) index and reads every crime.
    private static readonly string[] CategoryList = [.. MetalTheftCategories];

    private static readonly Dictionary<string, string> CategoryNames = CrimeCategories.All.ToDictionary(c => c.Slug, c => c.Name, StringComparer.Ordinal);

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
        // Candidates by the (category, occurred_to) index, then the box on the grid; distance, metal and weight below.
        var candidates = await context.Db.Crimes.AsNoTracking()
            .Where(c => EF.Constant(CategoryList).Contains(c.Category) && c.OccurredTo >= earliestEnd && c.OccurredFrom <= r.ReceivedAt
                        && c.Visibility != Visibility.Organisation
                        && c.Easting >= e - radius && c.Easting <= e + radius && c.Northing >= n - radius && c.Northing <= n + radius)
            .Select(c => new { c.Id, c.Reference, c.Category, c.OccurredFrom, c.OccurredTo, c.Easting, c.Northing, c.PropertyStolen, c.OwnerOrganisationId })
            .ToListAsync(ct);

        var matches = new List<(double Distance, string Id, string Detail)>();
        foreach (var c in candidates)
        {
            var distance = StolenMetalMatch.Distance(e, n, c.Easting!.Value, c.Northing!.Value);
            if (distance > radius || !match.TimeConsistent(c.OccurredFrom, c.OccurredTo, r.ReceivedAt))
            {
                continue;
            }

            // What was stolen: its property items, or, when none was itemised, the category's name ("…lead and roofing").
            var stolen = c.PropertyStolen.Count > 0
                ? c.PropertyStolen.Select(p => (Text: $"{p.Type} {p.Description}", p.WeightKg)).ToList()
                : [(Text: CategoryNames.GetValueOrDefault(c.Category, c.Category), WeightKg: (double?)null)];
            var hit = r.Items.SelectMany(item => stolen
                    .Where(s => StolenMetalMatch.SameMetal(item.MetalType, s.Text) && match.WeightConsistent(item.WeightKg, s.WeightKg))
                    .Select(s => (item, s)))
                .FirstOrDefault();
            if (hit.item is null)
            {
                continue;
            }

            matches.Add((distance, c.Id.ToString(), string.Create(CultureInfo.InvariantCulture,
                $"{c.Reference} ({c.Category}, {distance / 1000:0.0} km away, ended {(r.ReceivedAt - c.OccurredTo).TotalDays:0.#} days before): {hit.s.Text.Trim()}{(hit.s.WeightKg is { } kg ? $" {kg:0.#} kg" : "")} against {hit.item.MetalType} {hit.item.WeightKg:0.#} kg received")));
        }

        // Nearest first: the most telling match leads.
        matches.Sort((a, b) => a.Distance.CompareTo(b.Distance));
        var matched = matches.Select(m => m.Id).ToList();
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
}
