using Waymark.Core.Analytics.SpaceTime;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Analytics;

public static partial class AnalyticsEndpoints
{
    private static readonly DateTime DayZero = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private static void MapSpaceTime(RouteGroupBuilder group)
    {
        group.MapGet("/near-repeat", NearRepeatAsync).WithName("NearRepeat")
            .WithSummary("Near repeat analysis (Ratcliffe's Near Repeat Calculator): observed, expected, Knox ratio and p-value per distance × time band, with a plain-language summary.");
        group.MapPost("/near-repeat", NearRepeatPosted).WithName("NearRepeatOfPoints").WithSummary("Near repeat analysis of your own points (each with a time).");
        group.MapGet("/knox", KnoxAsync).WithName("KnoxTest").WithSummary("The classic Knox test for one distance and one time threshold.");
        group.MapGet("/clusters", ClustersAsync).WithName("EmergingClusters")
            .WithSummary("Emerging clusters: the prospective space-time permutation scan statistic (Kulldorff 2005) over the last studyDays, with Monte-Carlo p-values and recurrence intervals.");
        group.MapGet("/risk", RiskAsync).WithName("ProspectiveRisk")
            .WithSummary("Prospective risk surface (Bowers, Johnson & Pease 2004): the top cells as a forecast, scored by hit rate, PAI and RRI against the crimes that followed, when there are any.");
    }

    /// <summary>Near Repeat Calculator settings: band widths in metres and days.</summary>
    public sealed record NearRepeatParameters(double? SpatialBand, int? SpatialBands, double? TemporalBand, int? TemporalBands, string? Metric, int? Permutations, long? Seed);

    /// <summary>Event time in days: the middle of the window in which the crime occurred.</summary>
    private static double Day(DateTime from, DateTime to) => ((from - DayZero).TotalDays + (to - DayZero).TotalDays) / 2;

    private static DateTime FromDay(double day) => DayZero.AddDays(day);

    private static async Task<IResult> WithEventsAsync(CrimeSearch search, HttpContext http, AnalysisSource source, Func<List<SpaceTimeEvent>, AnalysisEvents, IResult> analyse, CancellationToken ct)
    {
        var (events, errors) = await source.EventsAsync(search, Caller.From(http.User)!, ct);
        return events is null
            ? TypedResults.ValidationProblem(errors, title: "The filters are invalid.")
            : Guarded(() => analyse(events.Events.Select(e => new SpaceTimeEvent(e.X, e.Y, Day(e.From!.Value, e.To!.Value))).ToList(), events));
    }

    private static NearRepeatOptions NearRepeatOptionsOf(NearRepeatParameters q) => new()
    {
        SpatialBandWidth = q.SpatialBand ?? 100,
        SpatialBandCount = q.SpatialBands ?? 5,
        TemporalBandWidth = q.TemporalBand ?? 7,
        TemporalBandCount = q.TemporalBands ?? 4,
        DistanceMetric = (q.Metric ?? "manhattan").ToLowerInvariant() switch
        {
            "manhattan" => DistanceMetric.Manhattan,
            "euclidean" => DistanceMetric.Euclidean,
            _ => throw new AnalysisRefusedException("metric", "is manhattan (as the Near Repeat Calculator) or euclidean."),
        },
        Permutations = q.Permutations ?? 99,
        Seed = q.Seed ?? 1,
    };

    private static Task<IResult> NearRepeatAsync([AsParameters] CrimeSearch search, [AsParameters] NearRepeatParameters q, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        WithEventsAsync(search, http, source, (events, input) => NearRepeat(events, q, input.Excluded, input.ExclusionNote), ct);

    private static IResult NearRepeatPosted(PostedPoints body, [AsParameters] NearRepeatParameters q)
    {
        var (events, errors) = AnalysisInput.FromPosted(body.Points, MaxPostedPoints);
        if (events is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The points are invalid.");
        }

        if (events.Events.Any(e => e.From is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["points"] = ["a near repeat analysis needs a time on every point."] });
        }

        return Guarded(() => NearRepeat(events.Events.Select(e => new SpaceTimeEvent(e.X, e.Y, Day(e.From!.Value, e.To!.Value))).ToList(), q, 0, null));
    }

    private static IResult NearRepeat(List<SpaceTimeEvent> events, NearRepeatParameters q, int excluded, string? note)
    {
        RequireEvents(events, 3, "a near repeat analysis");
        var result = NearRepeatCalculator.Run(events, NearRepeatOptionsOf(q));
        return TypedResults.Json(new
        {
            events = result.EventCount,
            pairs = result.PairCount,
            permutations = result.Permutations,
            distanceMetric = result.DistanceMetric.ToString().ToLowerInvariant(),
            spatialBands = result.SpatialBands.Select(b => b.Label),
            temporalBands = result.TemporalBands.Select(b => b.Label),
            cells = result.Cells.Select(c => new
            {
                distance = result.SpatialBands[c.SpatialBand].Label,
                time = result.TemporalBands[c.TemporalBand].Label,
                observed = c.Observed,
                expected = Math.Round(c.Expected, 3),
                knoxRatio = c.KnoxRatio is { } r ? Math.Round(r, 3) : (double?)null,
                p = c.PValue,
                significant = c.SignificantAt05,
            }),
            summary = result.Summarise(),
            excluded,
            note,
        }, Json.Options);
    }

    private static Task<IResult> KnoxAsync([AsParameters] CrimeSearch search, double? distance, double? days, int? permutations, long? seed, HttpContext http, AnalysisSource source, CancellationToken ct) =>
        WithEventsAsync(search, http, source, (events, input) =>
        {
            RequireEvents(events, 3, "the Knox test");
            var r = KnoxTest.Run(events, distance ?? 200, days ?? 7, new KnoxOptions { Permutations = permutations ?? 99, Seed = seed ?? 1 });
            return TypedResults.Json(new
            {
                spatialThreshold = r.SpatialThreshold,
                temporalThreshold = r.TemporalThreshold,
                events = r.EventCount,
                pairs = r.PairCount,
                statistic = r.Statistic,
                observed = r.Observed,
                expected = r.Expected,
                pPoisson = r.PPoisson,
                permutations = r.Permutations,
                pSimulated = r.PSimulated,
                excluded = input.Excluded,
                note = input.ExclusionNote,
            }, Json.Options);
        }, ct);

    private static async Task<IResult> ClustersAsync(
        [AsParameters] CrimeSearch search, int? studyDays, int? maxWindowDays, double? maxRadius, double? cell, int? replications, long? seed,
        HttpContext http, AnalysisSource source, TimeProvider clock, CancellationToken ct)
    {
        var days = studyDays ?? 90;
        if (days is < 7 or > 3660)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["studyDays"] = ["is 7 to 3660 days."] });
        }

        // Prospective: the study period ends today (or at 'to'), and clusters must still be alive on its last day.
        var end = search.To ?? clock.GetUtcNow();
        search.To = end;
        search.From = end.AddDays(-days);
        var endDay = (int)Math.Floor((end.UtcDateTime - DayZero).TotalDays);
        return await WithEventsAsync(search, http, source, (events, input) =>
        {
            RequireEvents(events, 3, "the scan statistic");
            var result = SpaceTimeScan.Run(events.Select(e => e with { T = Math.Min(e.T, endDay) }).ToList(), new SpaceTimeScanOptions
            {
                LocationCellSize = cell ?? 1000,
                MaxRadius = maxRadius ?? 3000,
                MaxWindowDays = maxWindowDays ?? 30,
                StudyStartDay = endDay - days + 1,
                StudyEndDay = endDay,
                Replications = replications ?? 999,
                Seed = seed ?? 1,
            });
            return TypedResults.Json(new
            {
                statistic = "prospective space-time permutation scan (Kulldorff et al. 2005)",
                studyStart = FromDay(result.StudyStartDay),
                studyEnd = FromDay(result.StudyEndDay + 1),
                events = result.TotalEvents,
                replications = result.Replications,
                clusters = result.Clusters.Select(c =>
                {
                    var centre = AnalysisInput.ToLonLat(c.CentreX, c.CentreY);
                    return new
                    {
                        rank = c.Rank,
                        latitude = centre[1],
                        longitude = centre[0],
                        easting = c.CentreX,
                        northing = c.CentreY,
                        radiusMetres = c.RadiusMetres,
                        start = FromDay(c.StartDay),
                        end = FromDay(c.EndDay + 1),
                        observed = c.Observed,
                        expected = Math.Round(c.Expected, 3),
                        relativeRisk = c.RelativeRisk is { } rr ? Math.Round(rr, 3) : (double?)null,
                        logLikelihoodRatio = Math.Round(c.LogLikelihoodRatio, 4),
                        p = c.PValue,
                        recurrenceIntervalDays = c.RecurrenceIntervalDays,
                        significant = c.PValue <= 0.05,
                    };
                }).ToList(),
                excluded = input.Excluded,
                note = input.ExclusionNote,
            }, Json.Options);
        }, ct);
    }

    private static async Task<IResult> RiskAsync(
        [AsParameters] CrimeSearch search, double? cell, double? bandwidth, int? days, int? top, DateTimeOffset? at,
        HttpContext http, AnalysisSource source, TimeProvider clock, CancellationToken ct)
    {
        var forecastAt = at ?? clock.GetUtcNow();
        var lookback = days ?? 60;
        var caller = Caller.From(http.User)!;
        // The crimes that raise risk: those of the lookback before the forecast. Those after it (when 'at' is in the
        // past) are what the forecast is scored against.
        var before = Copy(search);
        before.From = forecastAt.AddDays(-lookback);
        before.To = forecastAt;
        var after = Copy(search);
        after.From = forecastAt;
        after.To = forecastAt.AddDays(lookback);
        var (recent, errors) = await source.EventsAsync(before, caller, ct);
        if (recent is null)
        {
            return TypedResults.ValidationProblem(errors, title: "The filters are invalid.");
        }

        var (next, _) = await source.EventsAsync(after, caller, ct);
        var t0 = (forecastAt.UtcDateTime - DayZero).TotalDays;
        return Guarded(() =>
        {
            var events = recent.Events.Select(e => new SpaceTimeEvent(e.X, e.Y, Day(e.From!.Value, e.To!.Value))).ToList();
            RequireEvents(events, 1, "a risk surface");
            var reach = bandwidth ?? 400;
            // Default cells: 100 m, or coarser when the crimes span more than a 1,000,000-cell grid of them.
            var span = (events.Max(e => e.X) - events.Min(e => e.X) + (2 * reach)) * (events.Max(e => e.Y) - events.Min(e => e.Y) + (2 * reach));
            var size = cell ?? Math.Max(100, Math.Ceiling(Math.Sqrt(span / MaxLatticeCells) / 50) * 50);
            var minX = Math.Floor((events.Min(e => e.X) - reach) / size) * size;
            var minY = Math.Floor((events.Min(e => e.Y) - reach) / size) * size;
            var columns = (int)Math.Ceiling((events.Max(e => e.X) + reach - minX) / size);
            var rows = (int)Math.Ceiling((events.Max(e => e.Y) + reach - minY) / size);
            if ((long)columns * rows > MaxLatticeCells)
            {
                throw new AnalysisRefusedException("cell", $"{columns} × {rows} cells of {size} m exceed the limit of {MaxLatticeCells:N0}: use larger cells or a smaller area.");
            }

            var grid = new CellGrid(minX, minY, size, columns, rows);
            var surface = ProspectiveRisk.Compute(events, grid, t0, new ProspectiveRiskOptions { SpaceBandwidth = reach, TimeBandwidthDays = lookback });
            var forecast = surface.Top(top ?? 20);
            var following = next?.Events.Select(e => new SpaceTimeEvent(e.X, e.Y, Day(e.From!.Value, e.To!.Value))).Where(e => grid.CellOf(e.X, e.Y) is not null).ToList() ?? [];
            HotspotScore? score = following.Count > 0 && forecast.Count > 0
                ? HotspotScoring.Evaluate(grid, forecast.Select(f => f.Cell), following, StudyArea.FromCells(columns * rows, size), events)
                : null;
            return TypedResults.Json(new
            {
                type = "FeatureCollection",
                method = "prospective mapping (Bowers, Johnson & Pease 2004)",
                forecastAt,
                bandwidthMetres = reach,
                lookbackDays = lookback,
                cellSize = size,
                crimes = events.Count,
                score = score is null ? null : new { crimesAfter = score.Crimes, hits = score.Hits, hitRate = score.HitRate, pai = score.Pai, rri = score.Rri, areaShare = score.AreaShare },
                scoreNote = score is null ? "No crimes yet after the forecast time to score it against." : null,
                features = forecast.Select(f => new
                {
                    type = "Feature",
                    geometry = new { type = "Polygon", coordinates = new[] { AnalysisInput.CellRing(grid.OriginX + (f.Cell.Column * size), grid.OriginY + (f.Cell.Row * size), size) } },
                    properties = new { rank = f.Rank, risk = Math.Round(f.Risk, 4) },
                }).ToList(),
            }, Json.Options, "application/geo+json");
        });
    }

    private static CrimeSearch Copy(CrimeSearch s) => new()
    {
        Bbox = s.Bbox, Polygon = s.Polygon, Lat = s.Lat, Lon = s.Lon, Radius = s.Radius, From = s.From, To = s.To,
        Category = s.Category, Sector = s.Sector, Owner = s.Owner, Q = s.Q,
    };

    private static void RequireEvents(List<SpaceTimeEvent> events, int minimum, string what)
    {
        if (events.Count < minimum)
        {
            throw new AnalysisRefusedException("points", $"{what} needs at least {minimum} located crimes; the filters select {events.Count}.");
        }
    }
}
