using System.Buffers;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;
using Waymark.Server.Infrastructure;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// <c>POST /api/anpr/reads</c>: a camera system's batch of reads. Each read is checked and matched against the hotlists,
/// the good ones are written with the batch's hotlist alerts (outbox rows) and its audit row in one transaction, and the
/// answer — sent only after that commit — says how many were stored, how many were repeats, and which were refused and why.
/// </summary>
public static class ReceiveReads
{
    public sealed record Response(int Received, int Stored, int Duplicates, int Rejected, int HotlistHits, IReadOnlyList<ReadRejection> Rejections);

    public static async Task<Results<Ok<Response>, ProblemHttpResult, ForbidHttpResult>> HandleAsync(
        HttpContext http, WaymarkDb db, AuditLog audit, AnprReadStore store, CameraDirectory cameras, HotlistMatcher hotlists,
        AlertDispatcher dispatcher, IOptions<AnprOptions> options, IOptions<WaymarkOptions> waymark, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.MaySendAnprReads(caller))
        {
            return TypedResults.Forbid();
        }

        var arrived = clock.GetUtcNow().UtcDateTime;
        Guid? keyId = Guid.TryParse(http.User.FindFirstValue(ApiKeyAuthentication.KeyIdClaim), out var k) ? k : null;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = waymark.Value.MaxUploadBytes;
        }

        var (buffer, length) = await ReadBodyAsync(http.Request, waymark.Value.MaxUploadBytes, ct);
        try
        {
            if (length < 0)
            {
                return TypedResults.Problem($"The batch is larger than {waymark.Value.MaxUploadBytes:N0} bytes; send smaller batches.",
                    title: "Batch too large", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            await cameras.RefreshAsync(db, ct);
            await hotlists.RefreshAsync(db, ct);
            var parser = new ReadBatchParser(cameras, hotlists, caller, keyId, arrived, options.Value);
            try
            {
                parser.Parse(buffer.AsSpan(0, length), http.Request.ContentType);
            }
            catch (ReadBatchFormatException e)
            {
                return TypedResults.Problem(e.Message, title: "The batch could not be read; nothing was stored", statusCode: StatusCodes.Status400BadRequest,
                    extensions: new Dictionary<string, object?> { ["field"] = "body", ["line"] = e.Line });
            }

            var batch = parser.Batch;
            var stored = 0;
            List<OutboxEvent> hits = [];
            List<Alert> decided = [];
            try
            {
                stored = await audit.InTransactionAsync(async c =>
                {
                    var n = await store.WriteAsync(batch, c);
                    hits = RaiseHits(db, batch, cameras, arrived);
                    if (hits.Count > 0)
                    {
                        // A hit is acted on the moment its read is durable: its alerts and deliveries are decided in this
                        // transaction, not by the dispatch loop, which would first queue for the write lock behind the
                        // next batch (seconds, at national volume).
                        await db.SaveChangesAsync(c);
                        decided = await dispatcher.DecideNowAsync(db, hits, c);
                    }

                    audit.Record(caller, "anpr.ingest", "anpr-batch", null, null,
                        $"received {parser.Received}, stored {n}, duplicates {batch.Count - n}, rejected {parser.Rejections.Count}, hotlist hits {hits.Count}");
                    return n;
                }, ct);
            }
            catch
            {
                // A day table created in the rolled-back transaction does not exist: forget the cache, then fail the request.
                AnprReadStore.Forget();
                throw;
            }

            dispatcher.Published(decided);
            return TypedResults.Ok(new Response(parser.Received, stored, batch.Count - stored, parser.Rejections.Count, hits.Count, parser.Rejections));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Raises an alert event for each hotlist hit of a newly stored read.</summary>
    private static List<OutboxEvent> RaiseHits(WaymarkDb db, ReadBatch batch, CameraDirectory cameras, DateTime arrived)
    {
        var raised = new List<OutboxEvent>();
        foreach (var (index, entry) in batch.Hits)
        {
            ref readonly var read = ref batch.Reads[index];
            if (!read.Stored)
            {
                continue;
            }

            var camera = cameras.ById(read.CameraId)!;
            var plate = batch.PlateString(read);
            var at = AnprReadStore.FromMs(read.AtMs);
            var time = at.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            // Recipients: the owning police force only, which may see the plate (it put it on its own list).
            raised.Add(db.RaiseAlert(new DirectedAlert(AlertKinds.AnprHotlistHit, [entry.Owner],
                entry.Reason is HotlistReasons.Wanted or HotlistReasons.MissingPerson ? AlertSeverity.Critical : AlertSeverity.High,
                $"Hotlist hit: {plate} ({entry.Reason}) at {camera.Name}",
                $"{plate} read by {camera.Name} ({camera.Code}) heading {camera.Direction} at {time} UTC. Action: {entry.Action}")
            {
                Evidence = new JsonObject
                {
                    ["hotlistEntryId"] = entry.Id.ToString(),
                    ["plate"] = plate,
                    ["reason"] = entry.Reason,
                    ["action"] = entry.Action,
                    ["source"] = entry.Source,
                    ["camera"] = camera.Code,
                    ["cameraName"] = camera.Name,
                    ["cameraId"] = camera.Id,
                    ["readAt"] = at,
                    ["direction"] = camera.Direction,
                    ["bearing"] = camera.Bearing,
                    ["lane"] = read.Lane > 0 ? read.Lane : null,
                    ["confidence"] = read.Confidence >= 0 ? read.Confidence : null,
                    // When the read reached Waymark: hit-to-alert latency is measured from here.
                    ["arrivedAt"] = arrived,
                },
                Latitude = camera.Latitude,
                Longitude = camera.Longitude,
                Link = $"/anpr?plate={Uri.EscapeDataString(plate)}",
                DedupKey = $"anpr-hotlist:{entry.Id}",
            }, arrived));
        }

        return raised;
    }

    /// <summary>Reads the whole body into a pooled buffer; length -1 when it exceeds <paramref name="max"/>.</summary>
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, long max, CancellationToken ct)
    {
        var size = request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 1 << 16;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size + 1, 4096));
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length >= max)
                {
                    return (buffer, -1);
                }

                var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Math.Min(max + 1, int.MaxValue - 64)));
                buffer.AsSpan(0, length).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = bigger;
            }

            var n = await request.Body.ReadAsync(buffer.AsMemory(length), ct);
            if (n == 0)
            {
                break;
            }

            length += n;
            if (length > max)
            {
                return (buffer, -1);
            }
        }

        return (buffer, length);
    }
}
