using Microsoft.EntityFrameworkCore;
using Waymark.Core.Analytics.Linkage;
using Waymark.Core.Analytics.Trends;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Analytics;

public static partial class AnalyticsEndpoints
{
    private static void MapTrends(RouteGroupBuilder group)
    {
        group.MapGet("/trends", TrendsAsync).WithName("Trends")
            .WithSummary("Monthly counts by category, year to date against the same period last year (% change, exact Poisson test), outcome rates, and the aoristic hour × weekday profile.");
        group.MapGet("/series", SeriesAsync).WithName("SeriesCandidates")
            .WithSummary("Pairs of crimes likely to be linked, scored by distance, time gap and modus-operandi tag similarity (Jaccard).");
    }

    private static async Task<IResult> TrendsAsync(
        [AsParameters] CrimeSearch search, DateTimeOffset? asOf, int? yearStartMonth, bool? rollUp, int? lagMonths,
        HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var (compiled, errors) = search.Compile(db.Crimes.AsNoTracking(), caller);
        if (compiled is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The filters are invalid.");
        }

        // Trends count every crime the filters select, located or not, as police.uk's own counts do.
        var rows = compiled.Exact is null
            ? await compiled.Query.Select(c => new OutcomeCrime(c.Category, c.OccurredFrom, c.OccurredTo, c.OutcomeType)).ToListAsync(ct)
            : await CrimeSearch.AllAsync(compiled, ct).Select(c => new OutcomeCrime(c.Category, c.OccurredFrom, c.OccurredTo, c.OutcomeType)).ToListAsync(ct);
        var now = asOf ?? clock.GetUtcNow();
        var roll = rollUp ?? false;
        return Guarded(() =>
        {
            var trendCrimes = rows.Select(r => new TrendCrime(r.Category, r.OccurredFrom, r.OccurredTo)).ToList();
            var monthly = CrimeTrends.MonthlyCounts(trendCrimes, rollUpToPoliceUk: roll);
            var ytd = CrimeTrends.YearToDate(trendCrimes, now, yearStartMonth ?? 1, rollUpToPoliceUk: roll);
            OutcomeRateTable? outcomes = monthly.Months.Count == 0 ? null
                : CrimeTrends.OutcomeRates(rows, monthly.Months[0], monthly.Months[^1], now, lagMonths ?? 3, roll);
            var aoristic = CrimeTrends.AoristicWeek(trendCrimes);
            return TypedResults.Json(new
            {
                crimes = rows.Count,
                months = monthly.Categories.SelectMany(c => c.Counts.Select((n, i) => new { month = monthly.Months[i].ToString(), category = c.Category, count = n }))
                    .Where(m => m.count > 0).ToList(),
                monthTotals = monthly.Months.Select((m, i) => new { month = m.ToString(), count = monthly.Totals[i] }).ToList(),
                categories = monthly.Categories.Select(c => new { category = c.Category, total = c.Total }).OrderByDescending(c => c.total).ToList(),
                yearToDate = new
                {
                    currentStart = ytd.CurrentStart,
                    currentEnd = ytd.CurrentEnd,
                    previousStart = ytd.PreviousStart,
                    previousEnd = ytd.PreviousEnd,
                    total = ytd.Total,
                    categories = ytd.Categories.Select(c => new { category = c.Category, comparison = c.Comparison }).ToList(),
                    test = "exact conditional binomial test of two Poisson counts; z is the normal approximation",
                },
                outcomeRates = outcomes?.CategoryTotals.Select(r => new
                {
                    category = r.Category,
                    offences = r.Offences,
                    withAnyOutcome = r.WithAnyOutcome,
                    anyOutcomeShare = Math.Round(r.AnyOutcomeShare, 4),
                    byOutcomeType = r.CountsByOutcomeType.Select((n, t) => new { type = t, count = n, share = Math.Round(r.SharesByOutcomeType[t], 4) }).Where(o => o.count > 0).ToList(),
                    noOutcomeRecorded = r.NoOutcomeRecorded,
                    notYetComplete = r.NotYetComplete,
                    note = r.Note,
                }).ToList(),
                aoristic = new
                {
                    timeZone = aoristic.TimeZoneId,
                    weights = aoristic.Weights.Select(w => Math.Round(w, 4)).ToList(),
                    byHourOfDay = aoristic.ByHourOfDay().Select(w => Math.Round(w, 4)).ToList(),
                    byDayOfWeek = aoristic.ByDayOfWeek().Select(w => Math.Round(w, 4)).ToList(),
                    layout = "168 cells, Monday 00:00 first, hour by hour; each crime's weight of 1 spread over the hours its window covers (Ratcliffe 2002)",
                },
            }, Json.Options);
        });
    }

    private static async Task<IResult> SeriesAsync(
        [AsParameters] CrimeSearch search, int? maxPairs, double? minScore, bool? anyCategory,
        HttpContext http, AnalysisSource source, WaymarkDb db, CancellationToken ct)
    {
        var (events, errors) = await source.EventsAsync(search, Caller.From(http.User)!, ct);
        if (events is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The filters are invalid.");
        }

        IReadOnlyList<CandidatePair> pairs;
        List<LinkageCrime> crimes;
        try
        {
            crimes = events.Events.Select(e => new LinkageCrime(e.Id!.Value.ToString(), e.X, e.Y, e.From!.Value, e.To!.Value, e.Category!,
                CrimeResponse.SplitList(e.Tags))).ToList();
            pairs = SeriesCandidates.Find(crimes, new SeriesCandidateOptions
            {
                MaxPairs = maxPairs ?? 100,
                MinimumScore = minScore ?? 0,
                SameCategoryGroupOnly = !(anyCategory ?? false),
            });
        }
        catch (ArgumentException e)
        {
            return Refused(e);
        }

        var ids = pairs.SelectMany(p => new[] { Guid.Parse(p.FirstId), Guid.Parse(p.SecondId) }).Distinct().ToList();
        var references = await db.Crimes.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id.ToString(), c => c.Reference, ct);
        return Guarded(() =>
        {
            return TypedResults.Json(new
            {
                crimes = crimes.Count,
                score = "0.4 × e^(−distance/2 km) + 0.3 × e^(−gap/14 days) + 0.3 × MO tag Jaccard",
                pairs = pairs.Select(p => new
                {
                    first = p.FirstId,
                    firstReference = references.GetValueOrDefault(p.FirstId),
                    second = p.SecondId,
                    secondReference = references.GetValueOrDefault(p.SecondId),
                    score = Math.Round(p.Score, 4),
                    distanceMetres = Math.Round(p.DistanceMetres, 1),
                    gapDays = Math.Round(p.GapDays, 2),
                    moSimilarity = Math.Round(p.MoSimilarity, 4),
                    sharedMoTags = p.SharedMoTags,
                }).ToList(),
                excluded = events.Excluded,
                note = events.ExclusionNote,
            }, Json.Options);
        });
    }
}
