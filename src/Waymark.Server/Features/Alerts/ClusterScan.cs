using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Core.Analytics.SpaceTime;
using Waymark.Core.Geo;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Crimes;

namespace Waymark.Server.Features.Alerts;

/// <summary>A significant emerging cluster found by a scheduled scan, as the outbox carries it to the dispatcher.</summary>
public sealed record ClusterFound(
    bool PoliceView,
    int WindowDays,
    double Latitude,
    double Longitude,
    double Easting,
    double Northing,
    double RadiusMetres,
    DateTime Start,
    DateTime End,
    long Observed,
    double Expected,
    double? RelativeRisk,
    double LogLikelihoodRatio,
    double? PValue,
    double? RecurrenceIntervalDays,
    IReadOnlyList<Guid> CrimeIds);

/// <summary>
/// Runs the prospective space-time permutation scan (Kulldorff et al. 2005; Waymark.Core SpaceTimeScan) for every window an
/// emerging-cluster rule asks for — clusters lasting up to N days and still alive today, judged against a baseline of
/// <see cref="BaselineDays"/> (at least four windows) so a place that is busy every month is not "emerging" — and queues
/// each significant live cluster (p ≤ 0.05) for the dispatcher. It runs twice per window: over what every partner may see, and over what police may see, so a
/// partner is never alerted to a cluster made of crimes it could not open.
/// </summary>
public sealed class ClusterScan(WaymarkDb db, AnalysisSource source, TimeProvider clock, ILogger<ClusterScan> log)
{
    public const int DefaultWindowDays = 14;

    public const int BaselineDays = 90;

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var windows = await db.Set<AlertRule>().AsNoTracking()
            .Where(r => r.Enabled && r.Kind == AlertKinds.EmergingCluster)
            .Select(r => r.WindowDays ?? DefaultWindowDays).Distinct().ToListAsync(ct);
        var now = clock.GetUtcNow();
        var queued = 0;
        foreach (var days in windows)
        {
            foreach (var police in new[] { false, true })
            {
                // Views: a partner organisation that owns nothing sees Partnership crimes; a police force also sees LawEnforcement ones.
                var view = police
                    ? new Caller(null, "system:cluster-scan", Guid.NewGuid(), OrganisationKind.PoliceForce, Roles.PoliceAnalyst)
                    : new Caller(null, "system:cluster-scan", Guid.Empty, OrganisationKind.InfrastructurePartner, Roles.PartnerAnalyst);
                var study = Math.Max(BaselineDays, 4 * days);
                var search = new CrimeSearch { From = now.AddDays(-study), To = now };
                var (events, _) = await source.EventsAsync(search, view, ct);
                if (events is null || events.Events.Count < 3)
                {
                    continue;
                }

                var endDay = (int)Math.Floor((now.UtcDateTime - DateTime.UnixEpoch).TotalDays);
                var input = events.Events.Where(e => e.From is not null).Select(e => new SpaceTimeEvent(e.X, e.Y,
                    Math.Min(Math.Floor((e.From!.Value - DateTime.UnixEpoch).TotalDays), endDay))).ToList();
                var result = SpaceTimeScan.Run(input, new SpaceTimeScanOptions
                {
                    StudyStartDay = endDay - study + 1,
                    StudyEndDay = endDay,
                    MaxWindowDays = days,
                    MaxRadius = 3000,
                    Replications = 999,
                    Seed = 1,
                    // One core: the scan is background work and must not take the map's CPU from the people using it.
                    MaxDegreeOfParallelism = 1,
                });
                foreach (var c in result.Clusters.Where(c => c.PValue <= 0.05))
                {
                    var centre = AnalysisInput.ToLonLat(c.CentreX, c.CentreY);
                    var start = DateTime.UnixEpoch.AddDays(c.StartDay);
                    var end = DateTime.UnixEpoch.AddDays(c.EndDay + 1);
                    var ids = events.Events
                        .Where(e => e.Id is not null && e.From >= start && e.From < end &&
                                    Math.Sqrt(((e.X - c.CentreX) * (e.X - c.CentreX)) + ((e.Y - c.CentreY) * (e.Y - c.CentreY))) <= c.RadiusMetres + 1e-6)
                        .Select(e => e.Id!.Value).ToList();
                    var found = new ClusterFound(police, days, centre[1], centre[0], c.CentreX, c.CentreY, c.RadiusMetres, start, end,
                        c.Observed, c.Expected, c.RelativeRisk, c.LogLikelihoodRatio, c.PValue, c.RecurrenceIntervalDays, ids);
                    db.Set<OutboxEvent>().Add(new OutboxEvent
                    {
                        Kind = OutboxEventKinds.ClusterFound,
                        At = now.UtcDateTime,
                        Payload = JsonSerializer.Serialize(found, Json.Options),
                    });
                    queued++;
                }
            }
        }

        await db.SaveChangesAsync(ct);
        log.LogInformation("Cluster scan: {Count} significant emerging clusters queued", queued);
        return queued;
    }
}

/// <summary>Tells organisations whose assets an emerging cluster touches; a cluster already alerted is updated, not repeated.</summary>
public sealed class ClusterMatcher(WaymarkDb db, AssetIndex assets)
{
    public async Task<List<AlertDraft>> MatchAsync(ClusterFound cluster, RuleBook.Book book, CancellationToken ct)
    {
        var drafts = new List<AlertDraft>();
        var rules = book.Rules(AlertKinds.EmergingCluster).Where(r => (r.WindowDays ?? ClusterScan.DefaultWindowDays) == cluster.WindowDays).ToList();
        foreach (var rule in rules)
        {
            if (!book.Organisations.TryGetValue(rule.OrganisationId, out var org) || org.IsLawEnforcement != cluster.PoliceView ||
                drafts.Any(d => d.OrganisationId == org.Id))
            {
                continue;
            }

            var touched = (await assets.NearAsync(Jurisdiction.GreatBritain, cluster.Easting, cluster.Northing, cluster.RadiusMetres + rule.DistanceMetres, ct))
                .Where(a => a.Asset.OrganisationId == org.Id).OrderBy(a => a.DistanceMetres).ToList();
            if (touched.Count == 0)
            {
                continue;
            }

            var severity = cluster.PValue <= 0.001 || (cluster.RelativeRisk ?? 0) >= 10 ? AlertSeverity.High : AlertSeverity.Medium;
            if (severity < rule.MinimumSeverity)
            {
                continue;
            }

            // The same cluster seen again (its centre within either radius of an open cluster alert's) continues that alert.
            // It is updated only when crimes have joined it since, so an unchanged cluster is not announced every hour.
            var open = await db.Set<Alert>().AsNoTracking()
                .Where(a => a.OrganisationId == org.Id && a.Kind == AlertKinds.EmergingCluster && a.Status != AlertStatus.Closed)
                .Select(a => new { a.DedupKey, a.Latitude, a.Longitude, a.Evidence }).ToListAsync(ct);
            string? key = null;
            foreach (var a in open)
            {
                var previous = JsonNode.Parse(a.Evidence)?["cluster"];
                var radius = previous?["radiusMetres"]?.GetValue<double>() ?? 0;
                if (a.Latitude is { } lat && a.Longitude is { } lon &&
                    CrimeSearch.Haversine(lat, lon, cluster.Latitude, cluster.Longitude) <= Math.Max(radius, cluster.RadiusMetres) + 1)
                {
                    var known = (previous?["crimeIds"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet();
                    key = cluster.CrimeIds.All(id => known.Contains(id.ToString())) ? "unchanged" : a.DedupKey;
                    break;
                }
            }

            if (key == "unchanged")
            {
                continue;
            }

            var nearest = touched[0];
            drafts.Add(new AlertDraft(org.Id, rule, AlertKinds.EmergingCluster, severity,
                $"Emerging cluster of {cluster.Observed} crimes near {nearest.Asset.Name}",
                $"{cluster.Observed} crimes within {cluster.RadiusMetres:0} m between {cluster.Start:d MMM} and {cluster.End.AddDays(-1):d MMM yyyy}, " +
                $"{cluster.Observed / Math.Max(cluster.Expected, 1e-9):0.0} times the expected {cluster.Expected:0.0} (p = {cluster.PValue:0.###}); " +
                $"{touched.Count} of your assets are within {rule.DistanceMetres:0} m of it, nearest {nearest.Asset.Name}.",
                new JsonObject
                {
                    ["rule"] = new JsonObject { ["id"] = rule.Id.ToString(), ["name"] = rule.Name, ["windowDays"] = cluster.WindowDays },
                    ["statistic"] = "prospective space-time permutation scan (Kulldorff et al. 2005), 999 replications",
                    ["cluster"] = JsonSerializer.SerializeToNode(cluster, Json.Options),
                    ["assets"] = new JsonArray(touched.Take(10).Select(n => (JsonNode)new JsonObject
                    {
                        ["id"] = n.Asset.Id.ToString(),
                        ["name"] = n.Asset.Name,
                        ["distanceMetres"] = Math.Round(Math.Max(0, n.DistanceMetres - cluster.RadiusMetres), 1),
                    }).ToArray()),
                },
                cluster.Latitude, cluster.Longitude, AlertText.MapLink(cluster.Latitude, cluster.Longitude, 13) + "&clusters=1",
                key ?? $"cluster:{Guid.CreateVersion7()}"));
        }

        return drafts;
    }
}

/// <summary>Runs <see cref="ClusterScan"/> on its schedule.</summary>
public sealed class ClusterScanSchedule(IServiceScopeFactory scopes, IOptions<AlertOptions> options, ILogger<ClusterScanSchedule> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.ClusterScanInterval;
        if (!options.Value.Enabled || every <= TimeSpan.Zero)
        {
            return;
        }

        // Once soon after start (so a restarted server does not wait an hour to notice a pattern) but after the map's
        // snapshot has loaded and the first users are in, then on the interval.
        await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
        using var timer = new PeriodicTimer(every);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ClusterScan>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "The scheduled cluster scan failed; it runs again at the next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
