using System.Text.Json;
using System.Text.Json.Nodes;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>The kinds of alert an organisation can subscribe to. Features that raise alerts add their kind here.</summary>
public static class AlertKinds
{
    /// <summary>A new crime within the rule's distance of one of the organisation's assets.</summary>
    public const string CrimeNearAsset = "crime-near-asset";

    /// <summary>The scheduled space-time scan found an emerging cluster touching the organisation's assets or areas.</summary>
    public const string EmergingCluster = "emerging-cluster";

    /// <summary>A crime raised the prospective (near-repeat) risk above the rule's threshold at an asset.</summary>
    public const string NearRepeatRisk = "near-repeat-risk";

    /// <summary>A new crime scored as linked to an existing series.</summary>
    public const string SeriesGrows = "series-grows";

    /// <summary>An ANPR read matched a live hotlist entry the organisation owns.</summary>
    public const string AnprHotlistHit = "anpr-hotlist-hit";

    /// <summary>A forensic marking code registered to the organisation (or its crime) was traced on recovered property.</summary>
    public const string ForensicCodeTraced = "forensic-code-traced";

    /// <summary>A scrap-metal receipt failed its checks (marked metal, stolen metal nearby, watchlist, breach of the Act).</summary>
    public const string ScrapReceiptFlagged = "scrap-receipt-flagged";

    public static readonly IReadOnlyList<string> All =
        [CrimeNearAsset, EmergingCluster, NearRepeatRisk, SeriesGrows, AnprHotlistHit, ForensicCodeTraced, ScrapReceiptFlagged];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}

public enum AlertSeverity
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

/// <summary>
/// An alert whose recipients the raising feature already knows: the hotlist owner's control room, the holder of a traced
/// code, the force covering a scrap yard. The feature decides what each recipient may see — the title, summary and
/// evidence go to every recipient as written, so they must hold nothing a recipient could not see in Waymark itself.
/// </summary>
public sealed record DirectedAlert(string Kind, IReadOnlyList<Guid> Recipients, AlertSeverity Severity, string Title, string Summary)
{
    /// <summary>Why it matched: the records and figures behind it (ids, distances, statistics), as JSON.</summary>
    public JsonObject? Evidence { get; init; }

    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>Where to look in the web app, e.g. <c>/?lat=…&amp;lon=…&amp;zoom=14</c> or <c>/marking/trace/…</c>.</summary>
    public string? Link { get; init; }

    /// <summary>
    /// Alerts with the same key for the same recipient are one alert, updated rather than repeated (e.g. <c>hotlist:{entryId}</c>
    /// while the same vehicle keeps passing cameras). Null: every event is a new alert.
    /// </summary>
    public string? DedupKey { get; init; }
}

public static class AlertOutbox
{
    /// <summary>
    /// Queues <paramref name="alert"/> in the outbox. It is written by the caller's next SaveChanges (or the transaction
    /// it is part of) and delivered after commit — never before, and never lost after.
    /// </summary>
    public static OutboxEvent RaiseAlert(this WaymarkDb db, DirectedAlert alert, DateTime now)
    {
        if (alert.Recipients.Count == 0)
        {
            throw new ArgumentException("A directed alert needs at least one recipient.", nameof(alert));
        }

        var e = new OutboxEvent { Kind = OutboxEventKinds.Directed, At = now, Payload = JsonSerializer.Serialize(alert, Json.Options) };
        db.Set<OutboxEvent>().Add(e);
        return e;
    }

    /// <summary>Queues the matching of a recorded or updated crime against every organisation's rules.</summary>
    public static void RaiseCrimeRecorded(this WaymarkDb db, Guid crimeId, DateTime now) =>
        db.Set<OutboxEvent>().Add(new OutboxEvent { Kind = OutboxEventKinds.CrimeRecorded, At = now, Payload = crimeId.ToString() });
}
