using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// Sends due deliveries: webhooks (signed, retried with exponential back-off, then marked failed) and e-mail through the
/// configured SMTP server (one message per alert, or one daily digest per address). Each delivery is sent on its own
/// task, so an unreachable receiver waits out its timeout without holding up anyone else's. Delivery is at least once: a
/// process stopping after a send but before recording it sends again, and receivers de-duplicate by
/// <c>X-Waymark-Delivery</c>. Outcomes are recorded in batches every few milliseconds rather than one transaction per
/// send: under heavy writing (an ANPR feed holds SQLite's write lock for a batch at a time) a commit per delivery
/// let the sends themselves queue for minutes behind their own bookkeeping.
/// </summary>
public sealed class AlertSender(
    IServiceScopeFactory scopes, DeliverySignal signal, IHttpClientFactory http, TimeProvider clock,
    IOptions<AlertOptions> options, ILogger<AlertSender> log) : BackgroundService
{
    public const string HttpClientName = "waymark-webhooks";
    public const string SignatureHeader = "X-Waymark-Signature";
    public const string TimestampHeader = "X-Waymark-Timestamp";
    public const string DeliveryHeader = "X-Waymark-Delivery";
    public const string EventHeader = "X-Waymark-Event";

    private static readonly TimeSpan RecordEvery = TimeSpan.FromMilliseconds(25);

    private readonly ConcurrentDictionary<long, byte> _inFlight = new();
    private readonly ConcurrentQueue<Outcome> _outcomes = new();
    private readonly SemaphoreSlim _concurrency = new(32, 32);

    /// <summary>What one send of one or more deliveries (a digest) came to, waiting to be recorded.</summary>
    private sealed record Outcome(IReadOnlyList<long> Ids, bool Ok, int? Status, string? Error, DateTime At);

    public override void Dispose()
    {
        _concurrency.Dispose();
        base.Dispose();
    }

    /// <summary><c>sha256=</c> and the lower-case hex HMAC-SHA256 of <c>{timestamp}.{body}</c> under the endpoint's secret.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var recording = RecordOutcomesAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await StartDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Reading due deliveries failed; retrying shortly");
                }

                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
        finally
        {
            await recording;
        }
    }

    private async Task RecordOutcomesAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RecordEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RecordAsync();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping: what was sent before is still recorded below
        }

        await RecordAsync();
    }

    /// <summary>Records the queued outcomes in one transaction, then frees their deliveries for the next due read.</summary>
    private async Task RecordAsync()
    {
        if (_outcomes.IsEmpty)
        {
            return;
        }

        var batch = new List<Outcome>();
        while (_outcomes.TryDequeue(out var o))
        {
            batch.Add(o);
        }

        var ids = batch.SelectMany(o => o.Ids).ToList();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var deliveries = await db.Set<AlertDelivery>().Where(d => ids.Contains(d.Id)).ToDictionaryAsync(d => d.Id);
            var retry = false;
            foreach (var o in batch)
            {
                foreach (var id in o.Ids)
                {
                    if (deliveries.TryGetValue(id, out var d))
                    {
                        retry |= !Apply(d, o);
                    }
                }
            }

            await db.SaveChangesAsync();
            if (retry)
            {
                signal.Notify(); // the back-off is timed by NextAttemptAt; the loop's poll picks it up
            }
        }
        catch (Exception e)
        {
            // Not recorded: the deliveries stay pending and are sent again (at least once; receivers de-duplicate).
            log.LogError(e, "Recording {Count} delivery outcomes failed", ids.Count);
        }
        finally
        {
            foreach (var id in ids)
            {
                _inFlight.TryRemove(id, out _);
            }
        }
    }

    /// <summary>Applies a send's outcome to a delivery; false when it is to be tried again.</summary>
    private bool Apply(AlertDelivery d, Outcome o)
    {
        d.Attempts++;
        d.LastStatusCode = o.Status;
        d.LastError = o.Error is { Length: > 1000 } long_ ? long_[..1000] : o.Error;
        if (o.Ok)
        {
            d.Status = DeliveryStatus.Sent;
            d.SentAt = o.At;
            return true;
        }

        if (d.Attempts >= options.Value.MaxAttempts)
        {
            d.Status = DeliveryStatus.Failed;
            log.LogWarning("Delivery {Id} to {Target} failed after {Attempts} attempts: {Error}", d.Id, d.Target, d.Attempts, d.LastError);
            return true;
        }

        // Exponential back-off: 1, 2, 4, 8 … times the first delay.
        d.NextAttemptAt = o.At + (options.Value.FirstRetryDelay * Math.Pow(2, d.Attempts - 1));
        return false;
    }

    private async Task StartDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<AlertDelivery>().AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).Take(200)
            .Select(d => new { d.Id, d.Channel, d.Target }).ToListAsync(ct);
        foreach (var group in due.Where(d => !_inFlight.ContainsKey(d.Id)).GroupBy(d => d.Channel == DeliveryChannel.Digest ? "digest:" + d.Target : d.Id.ToString(CultureInfo.InvariantCulture)))
        {
            var ids = group.Select(d => d.Id).ToList();
            if (!ids.All(id => _inFlight.TryAdd(id, 0)))
            {
                continue;
            }

            _ = Task.Run(async () =>
            {
                var queued = false;
                await _concurrency.WaitAsync(ct);
                try
                {
                    queued = await SendAsync(ids, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "Delivery {Ids} failed unexpectedly", string.Join(",", ids));
                }
                finally
                {
                    _concurrency.Release();
                    if (!queued)
                    {
                        foreach (var id in ids)
                        {
                            _inFlight.TryRemove(id, out _);
                        }
                    }
                }
            }, ct);
        }
    }

    /// <summary>Sends the deliveries (one, or a digest's); true when the outcome was queued for recording.</summary>
    private async Task<bool> SendAsync(List<long> ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        var deliveries = await db.Set<AlertDelivery>().AsNoTracking().Where(d => ids.Contains(d.Id) && d.Status == DeliveryStatus.Pending).ToListAsync(ct);
        if (deliveries.Count == 0)
        {
            return false;
        }

        foreach (var id in ids.Except(deliveries.Select(d => d.Id)))
        {
            _inFlight.TryRemove(id, out _); // no longer pending (sent or removed meanwhile): nothing to record
        }

        var alertIds = deliveries.Select(d => d.AlertId).Distinct().ToList();
        var alerts = await db.Set<Alert>().AsNoTracking().Where(a => alertIds.Contains(a.Id)).ToDictionaryAsync(a => a.Id, ct);
        var first = deliveries[0];
        (bool Ok, int? Status, string? Error) outcome;
        try
        {
            outcome = first.Channel switch
            {
                DeliveryChannel.Webhook => await PostAsync(db, first, alerts[first.AlertId], ct),
                DeliveryChannel.Email => await MailAsync(first.Target, Subject(alerts[first.AlertId]), Body([alerts[first.AlertId]]), ct),
                _ => await MailAsync(first.Target, $"Waymark daily digest: {alerts.Count} alert{(alerts.Count == 1 ? "" : "s")}",
                    Body(alerts.Values.OrderByDescending(a => a.Severity).ThenBy(a => a.CreatedAt).ToList()), ct),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or SmtpCommandException or SmtpProtocolException or SslHandshakeException or System.Net.Sockets.SocketException or AuthenticationException)
        {
            outcome = (false, null, e.Message);
        }

        _outcomes.Enqueue(new Outcome(deliveries.Select(d => d.Id).ToList(), outcome.Ok, outcome.Status, outcome.Error, clock.GetUtcNow().UtcDateTime));
        return true;
    }

    private async Task<(bool, int?, string?)> PostAsync(WaymarkDb db, AlertDelivery d, Alert alert, CancellationToken ct)
    {
        var endpoint = await db.Set<WebhookEndpoint>().AsNoTracking().FirstOrDefaultAsync(w => w.Id == d.EndpointId, ct);
        if (endpoint is null || !endpoint.Enabled)
        {
            return (false, null, "the webhook endpoint was removed or disabled");
        }

        var body = JsonSerializer.Serialize(new { delivery = d.Id, occurrence = d.Occurrence, alert = AlertView.From(alert) }, Json.Options);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(SignatureHeader, Sign(endpoint.Secret, timestamp, body));
        request.Headers.Add(TimestampHeader, timestamp);
        request.Headers.Add(DeliveryHeader, d.Id.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(EventHeader, alert.Kind);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.WebhookTimeout);
        using var response = await http.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
        var status = (int)response.StatusCode;
        return response.IsSuccessStatusCode ? (true, status, null) : (false, status, $"HTTP {status} {response.ReasonPhrase}");
    }

    private async Task<(bool, int?, string?)> MailAsync(string to, string subject, string body, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrEmpty(smtp.Host))
        {
            return (false, null, "no SMTP server is configured (Waymark:Alerts:Smtp:Host)");
        }

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        using var client = new SmtpClient { Timeout = (int)options.Value.WebhookTimeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host, smtp.Port, smtp.StartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(true, ct);
        return (true, 250, null);
    }

    private static string Subject(Alert a) => $"[Waymark {a.Severity}] {a.Title}" + (a.Occurrences > 1 ? $" (update {a.Occurrences - 1})" : "");

    private string Body(IReadOnlyList<Alert> alerts)
    {
        var sb = new StringBuilder();
        foreach (var a in alerts)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"{a.Severity}: {a.Title}");
            sb.AppendLine(a.Summary);
            if (a.Link is not null)
            {
                sb.AppendLine((options.Value.PublicBaseUrl?.TrimEnd('/') ?? "") + a.Link);
            }

            sb.AppendLine();
        }

        sb.AppendLine("Sent by Waymark. Reply to your partnership's control room, not to this address.");
        return sb.ToString();
    }
}
