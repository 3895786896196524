using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Analytics.Linkage;
using Waymark.Core.Analytics.SpaceTime;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Crimes;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// Decides who is told about a crime just recorded: organisations with assets near it (crime-near-asset), those at whose
/// assets it raised the near-repeat risk over their threshold (near-repeat-risk), and those following a series it extends
/// (series-grows). Each organisation is judged on what it may see: a crime it could not open in Waymark tells it nothing.
/// </summary>
public sealed class CrimeMatcher(WaymarkDb db, AssetIndex assets)
{
    /// <summary>No rule reaches further than this; it bounds the asset search.</summary>
    public const double MaxDistanceMetres = 50_000;

    // Near-repeat risk as in Johnson & Bowers' prospective mapping (Waymark.Core ProspectiveRisk): 50 m cells,
    // weight 1/(1+cells away) × 1/(1+weeks ago), reaching 400 m and 60 days.
    private const double RiskCell = 50, RiskReach = 400, RiskDays = 60;
    public const double DefaultRiskThreshold = 2.0;

    // Series: a new crime joins a series when it scores at least this with a crime already linked to another.
    private const double SeriesScore = 0.55;
    public const int DefaultSeriesDays = 42;

    public async Task<List<AlertDraft>> MatchAsync(Guid crimeId, RuleBook.Book book, CancellationToken ct)
    {
        var crime = await db.Crimes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == crimeId, ct);
        if (crime is null || AssetGeometry.GridPositionOf(crime) is not { } at)
        {
            return []; // deleted since, or has no place: nothing can be near it
        }

        var drafts = new List<AlertDraft>();
        drafts.AddRange(await NearAssetsAsync(crime, at, book, ct));
        drafts.AddRange(await RiskAsync(crime, at, book, ct));
        drafts.AddRange(await SeriesAsync(crime, at, book, ct));
        return drafts;
    }

    private async Task<List<AlertDraft>> NearAssetsAsync(Crime crime, (Jurisdiction J, double X, double Y) at, RuleBook.Book book, CancellationToken ct)
    {
        var (rules, concerned) = await ConcernedAsync(AlertKinds.CrimeNearAsset, crime, at, book, ct);
        var drafts = new List<AlertDraft>();
        foreach (var (org, group) in concerned)
        {
            var matched = new List<(AlertRule Rule, List<(IndexedAsset Asset, double DistanceMetres)> Within, AlertSeverity Severity)>();
            foreach (var rule in rules.Where(r => r.OrganisationId == org.Id && AlertText.Matches(r, crime)))
            {
                var within = group.Where(n => n.DistanceMetres <= rule.DistanceMetres).OrderBy(n => n.DistanceMetres).ToList();
                if (within.Count > 0 && Severity(crime, within[0].DistanceMetres, rule.DistanceMetres) is var severity && severity >= rule.MinimumSeverity)
                {
                    matched.Add((rule, within, severity));
                }
            }

            if (matched.Count == 0)
            {
                continue;
            }

            // One alert per organisation per crime, however many of its rules match; the widest rule's view of it.
            var (primary, assetsWithin, level) = matched.OrderByDescending(m => m.Within.Count).ThenByDescending(m => m.Severity).First();
            var nearest = assetsWithin[0];
            var category = AlertText.CategoryName(crime.Category);
            drafts.Add(new AlertDraft(org.Id, primary, AlertKinds.CrimeNearAsset, matched.Max(m => m.Severity),
                $"{category} {AlertText.Metres(nearest.DistanceMetres)} {nearest.Asset.Name}",
                $"A {category.ToLowerInvariant()} ({crime.Reference}, {crime.OccurredFrom:d MMM yyyy HH:mm} UTC) is {AlertText.Metres(nearest.DistanceMetres)} your asset {nearest.Asset.Name}; " +
                $"{assetsWithin.Count} of your assets are within {primary.DistanceMetres:0} m.",
                new JsonObject
                {
                    ["rule"] = new JsonObject { ["id"] = primary.Id.ToString(), ["name"] = primary.Name, ["distanceMetres"] = primary.DistanceMetres },
                    ["crime"] = AlertText.Describe(crime, book.Organisations),
                    ["assets"] = new JsonArray(assetsWithin.Take(10).Select(n => (JsonNode)new JsonObject
                    {
                        ["id"] = n.Asset.Id.ToString(),
                        ["name"] = n.Asset.Name,
                        ["kind"] = n.Asset.Kind,
                        ["distanceMetres"] = Math.Round(n.DistanceMetres, 1),
                    }).ToArray()),
                },
                crime.Latitude, crime.Longitude, AlertText.MapLink(crime.Latitude, crime.Longitude, crime: crime.Id), DedupKey: null)
            {
                AlsoMatched = matched.Select(m => m.Rule).Where(r => r != primary).ToList(),
            });
        }

        return drafts;
    }

    /// <summary>
    /// The rules of a kind, and the organisations that have them, may see the crime, and have assets within the widest
    /// rule's reach of it — with those assets and their distances.
    /// </summary>
    private async Task<(IReadOnlyList<AlertRule> Rules, List<(Organisation Org, List<(IndexedAsset Asset, double DistanceMetres)> Assets)> Concerned)> ConcernedAsync(
        string kind, Crime crime, (Jurisdiction J, double X, double Y) at, RuleBook.Book book, CancellationToken ct)
    {
        var rules = book.Rules(kind);
        if (rules.Count == 0)
        {
            return (rules, []);
        }

        var subscribers = rules.Select(r => r.OrganisationId).ToHashSet();
        var reach = Math.Min(MaxDistanceMetres, rules.Max(r => r.DistanceMetres));
        var near = await assets.NearAsync(at.J, at.X, at.Y, reach, ct);
        var concerned = near.Where(n => subscribers.Contains(n.Asset.OrganisationId))
            .GroupBy(n => n.Asset.OrganisationId)
            .Select(g => (Org: book.Organisations.GetValueOrDefault(g.Key), Assets: g.ToList()))
            .Where(g => g.Org is not null && SharingRules.CanSee(crime, AlertText.ViewOf(g.Org)))
            .Select(g => (g.Org!, g.Assets))
            .ToList();
        return (rules, concerned);
    }

    /// <summary>
    /// Critical when the crime disrupted service badly (an hour or more, or a thousand customers); high when it is at the
    /// asset or within a quarter of the rule's distance; medium otherwise.
    /// </summary>
    public static AlertSeverity Severity(Crime crime, double distance, double ruleDistance) =>
        crime.DisruptionMinutes >= 60 || crime.CustomersAffected >= 1000 ? AlertSeverity.Critical
        : distance <= 0.25 * ruleDistance ? AlertSeverity.High
        : AlertSeverity.Medium;

    private async Task<List<AlertDraft>> RiskAsync(Crime crime, (Jurisdiction J, double X, double Y) at, RuleBook.Book book, CancellationToken ct)
    {
        var (rules, concerned) = await ConcernedAsync(AlertKinds.NearRepeatRisk, crime, at, book, ct);
        if (concerned.Count == 0)
        {
            return [];
        }

        // Crimes that could weigh on those assets: within reach + 400 m of this one, in the 60 days before it.
        var recent = await NearbyAsync(crime, rules.Max(r => r.DistanceMetres) + RiskReach, RiskDays, ct);
        var drafts = new List<AlertDraft>();
        foreach (var (org, group) in concerned)
        {
            var view = AlertText.ViewOf(org);
            foreach (var rule in rules.Where(r => r.OrganisationId == org.Id && AlertText.Matches(r, crime)))
            {
                var threshold = rule.RiskThreshold ?? DefaultRiskThreshold;
                var counted = recent.Where(c => SharingRules.CanSee(c, view) && AlertText.Matches(rule, c)).ToList();
                var raised = new List<(IndexedAsset Asset, double Before, double After)>();
                foreach (var (asset, _) in group.Where(n => n.DistanceMetres <= Math.Max(rule.DistanceMetres, RiskReach)))
                {
                    var before = Risk(asset, counted, crime.OccurredFrom, except: crime.Id);
                    var after = before + Weight(asset, crime, crime.OccurredFrom);
                    if (before < threshold && after >= threshold)
                    {
                        raised.Add((asset, before, after));
                    }
                }

                if (raised.Count == 0)
                {
                    continue;
                }

                var top = raised.OrderByDescending(r => r.After).First();
                var severity = top.After >= 2 * threshold ? AlertSeverity.High : AlertSeverity.Medium;
                if (severity < rule.MinimumSeverity)
                {
                    continue;
                }

                drafts.Add(new AlertDraft(org.Id, rule, AlertKinds.NearRepeatRisk, severity,
                    $"Near-repeat risk raised at {top.Asset.Name}",
                    $"{crime.Reference} raised the near-repeat risk at {raised.Count} of your assets above {threshold:0.##}; at {top.Asset.Name} it rose from {top.Before:0.##} to {top.After:0.##}.",
                    new JsonObject
                    {
                        ["rule"] = new JsonObject { ["id"] = rule.Id.ToString(), ["name"] = rule.Name, ["threshold"] = threshold },
                        ["model"] = "prospective (Bowers, Johnson & Pease 2004): 50 m cells, weight 1/(1+cells) × 1/(1+weeks), within 400 m and 60 days",
                        ["crime"] = AlertText.Describe(crime, book.Organisations),
                        ["assets"] = new JsonArray(raised.Select(r => (JsonNode)new JsonObject
                        {
                            ["id"] = r.Asset.Id.ToString(),
                            ["name"] = r.Asset.Name,
                            ["riskBefore"] = Math.Round(r.Before, 3),
                            ["riskAfter"] = Math.Round(r.After, 3),
                        }).ToArray()),
                        ["crimesCounted"] = counted.Count,
                    },
                    crime.Latitude, crime.Longitude, AlertText.MapLink(crime.Latitude, crime.Longitude, crime: crime.Id),
                    DedupKey: $"risk:{top.Asset.Id}"));
                break;
            }
        }

        return drafts;
    }

    private static double Risk(IndexedAsset asset, IEnumerable<Crime> crimes, DateTime at, Guid except) =>
        crimes.Where(c => c.Id != except).Sum(c => Weight(asset, c, at));

    private static double Weight(IndexedAsset asset, Crime c, DateTime at)
    {
        if (AssetGeometry.GridPositionOf(c) is not { } p || p.Jurisdiction != asset.Jurisdiction)
        {
            return 0;
        }

        var distance = asset.DistanceTo(new NetTopologySuite.Geometries.Point(p.X, p.Y));
        var days = (at - c.OccurredFrom).TotalDays;
        return distance > RiskReach || days < 0 || days > RiskDays
            ? 0
            : ProspectiveRisk.Weight((int)(distance / RiskCell), (int)(days / 7));
    }

    private async Task<List<AlertDraft>> SeriesAsync(Crime crime, (Jurisdiction J, double X, double Y) at, RuleBook.Book book, CancellationToken ct)
    {
        var rules = book.Rules(AlertKinds.SeriesGrows).Where(r => AlertText.Matches(r, crime)).ToList();
        if (rules.Count == 0 || at.J != Jurisdiction.GreatBritain)
        {
            return []; // linkage works on the British National Grid
        }

        var days = rules.Max(r => r.WindowDays ?? DefaultSeriesDays);
        var nearby = await NearbyAsync(crime, new SeriesCandidateOptions().MaxDistanceMetres, days, ct);
        var drafts = new List<AlertDraft>();
        var series = new Dictionary<bool, List<Crime>?>(); // by police view or not: computed at most twice
        foreach (var rule in rules)
        {
            if (!book.Organisations.TryGetValue(rule.OrganisationId, out var org) || drafts.Any(d => d.OrganisationId == org.Id))
            {
                continue;
            }

            var view = AlertText.ViewOf(org);
            if (!SharingRules.CanSee(crime, view))
            {
                continue;
            }

            if (!series.TryGetValue(view.InPoliceForce, out var members))
            {
                members = SeriesOf(crime, nearby.Where(c => SharingRules.CanSee(c, view)).ToList());
                series[view.InPoliceForce] = members;
            }

            if (members is null)
            {
                continue;
            }

            // An organisation follows a series it has a crime in, or one that comes within its rule's distance of its assets.
            var concerned = members.Any(m => m.OwnerOrganisationId == org.Id) ||
                            (await assets.NearAsync(at.J, at.X, at.Y, rule.DistanceMetres, ct)).Any(a => a.Asset.OrganisationId == org.Id);
            if (!concerned)
            {
                continue;
            }

            var first = members.OrderBy(m => m.OccurredFrom).ThenBy(m => m.Id).First();
            var severity = members.Count >= 5 ? AlertSeverity.High : AlertSeverity.Medium;
            if (severity < rule.MinimumSeverity)
            {
                continue;
            }

            drafts.Add(new AlertDraft(org.Id, rule, AlertKinds.SeriesGrows, severity,
                $"Series grows to {members.Count} crimes: {AlertText.CategoryName(crime.Category)}",
                $"{crime.Reference} is linked (space, time and method) to a series that began with {first.Reference} on {first.OccurredFrom:d MMM yyyy}; it now has {members.Count} crimes.",
                new JsonObject
                {
                    ["rule"] = new JsonObject { ["id"] = rule.Id.ToString(), ["name"] = rule.Name },
                    ["linkage"] = $"score ≥ {SeriesScore} (distance, time gap and shared MO tags; Waymark.Core SeriesCandidates)",
                    ["crime"] = AlertText.Describe(crime, book.Organisations),
                    ["series"] = new JsonArray(members.OrderBy(m => m.OccurredFrom).Select(m => (JsonNode)AlertText.Describe(m, book.Organisations)).ToArray()),
                },
                crime.Latitude, crime.Longitude, AlertText.MapLink(crime.Latitude, crime.Longitude, 13, crime.Id),
                DedupKey: $"series:{first.Id}"));
        }

        return drafts;
    }

    /// <summary>The series the crime extends: its linked component among nearby crimes, when it already had two or more members.</summary>
    private static List<Crime>? SeriesOf(Crime crime, List<Crime> nearby)
    {
        var candidates = nearby.Where(c => c.Easting is not null && c.Id != crime.Id).Append(crime).ToList();
        if (candidates.Count < 3)
        {
            return null;
        }

        var pairs = SeriesCandidates.Find(candidates.Select(c => new LinkageCrime(c.Id.ToString(), c.Easting!.Value, c.Northing!.Value,
                new DateTimeOffset(c.OccurredFrom, TimeSpan.Zero), new DateTimeOffset(c.OccurredTo, TimeSpan.Zero), c.Category,
                (c.MoTags ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))).ToList(),
            new SeriesCandidateOptions { MinimumScore = SeriesScore, MaxPairs = 10_000 });

        // Connected components over the links (union–find).
        var parent = candidates.ToDictionary(c => c.Id.ToString(), c => c.Id.ToString());
        string Find(string x) => parent[x] == x ? x : parent[x] = Find(parent[x]);
        foreach (var p in pairs)
        {
            parent[Find(p.FirstId)] = Find(p.SecondId);
        }

        var root = Find(crime.Id.ToString());
        var members = candidates.Where(c => Find(c.Id.ToString()) == root).ToList();
        return members.Count >= 3 ? members : null;
    }

    /// <summary>Crimes within <paramref name="metres"/> of the crime (by a lat/lon box, then exactly) in the days before it.</summary>
    private async Task<List<Crime>> NearbyAsync(Crime crime, double metres, double days, CancellationToken ct)
    {
        var lat = crime.Latitude!.Value;
        var lon = crime.Longitude!.Value;
        var dLat = metres / 111_000.0;
        var dLon = metres / (111_000.0 * Math.Cos(lat * Math.PI / 180));
        var from = crime.OccurredFrom.AddDays(-days);
        var found = await db.Crimes.AsNoTracking()
            .Where(c => c.Latitude >= lat - dLat && c.Latitude <= lat + dLat && c.Longitude >= lon - dLon && c.Longitude <= lon + dLon &&
                        c.OccurredFrom >= from && c.OccurredFrom <= crime.OccurredTo)
            .Take(20_000)
            .ToListAsync(ct);
        return found.Where(c => CrimeSearch.Haversine(lat, lon, c.Latitude!.Value, c.Longitude!.Value) <= metres).ToList();
    }
}
