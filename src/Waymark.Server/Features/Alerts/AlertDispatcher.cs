using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Core.Analytics.Trends;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// Turns outbox events into alerts and deliveries. For each event, in one transaction: the alerts it raises (or the open
/// alerts it continues), their history, one delivery per webhook and e-mail address, and the event marked processed.
/// Nothing is sent from here: the sender reads the deliveries after commit, so an alert decided is never lost and a crash
/// before commit simply decides it again.
/// </summary>
public sealed class AlertDispatcher(
    IServiceScopeFactory scopes, RuleBook rules, OutboxSignal outbox, DeliverySignal deliveries, AlertStream stream, TimeProvider clock,
    IOptions<AlertOptions> options, ILogger<AlertDispatcher> log) : BackgroundService
{
    private const int MaxEventAttempts = 5;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchPendingAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Alert dispatch failed; retrying shortly");
            }

            await outbox.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
        }
    }

    /// <summary>Processes the pending events (up to a batch); returns how many were taken.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var events = await db.Set<OutboxEvent>().AsNoTracking()
                .Where(e => e.ProcessedAt == null && e.Attempts < MaxEventAttempts)
                .OrderBy(e => e.Id).Take(100).ToListAsync(ct);
            if (events.Count == 0)
            {
                return 0;
            }

            var book = await rules.CurrentAsync(ct);
            foreach (var e in events)
            {
                List<Alert> written;
                try
                {
                    var drafts = await MatchAsync(scope.ServiceProvider, e, book, ct);
                    written = await WriteAsync(db, e, drafts, book, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    db.ChangeTracker.Clear();
                    e.Attempts++;
                    e.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
                    db.Attach(e).State = EntityState.Modified;
                    await db.SaveChangesAsync(ct);
                    db.ChangeTracker.Clear();
                    log.LogError(ex, "Outbox event {Id} ({Kind}) failed (attempt {Attempt})", e.Id, e.Kind, e.Attempts);
                    continue;
                }

                foreach (var alert in written)
                {
                    stream.Publish(alert);
                }
            }

            deliveries.Notify();
            return events.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task<List<AlertDraft>> MatchAsync(IServiceProvider services, OutboxEvent e, RuleBook.Book book, CancellationToken ct)
    {
        switch (e.Kind)
        {
            case OutboxEventKinds.CrimeRecorded:
                return await services.GetRequiredService<CrimeMatcher>().MatchAsync(Guid.Parse(e.Payload), book, ct);
            case OutboxEventKinds.ClusterFound:
                var cluster = JsonSerializer.Deserialize<ClusterFound>(e.Payload, Json.Options)!;
                return await services.GetRequiredService<ClusterMatcher>().MatchAsync(cluster, book, ct);
            case OutboxEventKinds.Directed:
                var directed = JsonSerializer.Deserialize<DirectedAlert>(e.Payload, Json.Options)!;
                return Directed(directed, book);
            default:
                throw new InvalidOperationException($"Unknown outbox event kind '{e.Kind}'.");
        }
    }

    /// <summary>
    /// A directed alert goes to each named organisation. Its rules of that kind, if any, choose e-mail, quiet hours and the
    /// minimum severity; without one the alert still reaches the inbox and the organisation's webhooks.
    /// </summary>
    private static List<AlertDraft> Directed(DirectedAlert d, RuleBook.Book book) =>
        d.Recipients.Distinct().Where(book.Organisations.ContainsKey).Select(org =>
        {
            var rules = book.Rules(d.Kind).Where(r => r.OrganisationId == org).ToList();
            var rule = rules.FirstOrDefault(r => d.Severity >= r.MinimumSeverity);
            return rules.Count > 0 && rule is null ? null
                : new AlertDraft(org, rule, d.Kind, d.Severity, d.Title, d.Summary, d.Evidence?.DeepClone().AsObject() ?? [],
                    d.Latitude, d.Longitude, d.Link ?? AlertText.MapLink(d.Latitude, d.Longitude), d.DedupKey);
        }).OfType<AlertDraft>().ToList();

    /// <summary>
    /// Decides directed alerts inside the caller's open transaction, for writers whose alerts cannot wait for the dispatch
    /// loop (an ANPR batch's hotlist hits: the loop would first wait for the write lock the next batch holds). The events
    /// must already be saved (they carry their ids); they are marked processed in the same transaction, so the loop never
    /// takes them up again. After the caller commits, it hands the returned alerts to <see cref="Published"/>.
    /// </summary>
    public async Task<List<Alert>> DecideNowAsync(WaymarkDb db, IReadOnlyList<OutboxEvent> events, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Alerts are decided now only inside the transaction that raised them.");
        }

        var decided = new List<Alert>();
        if (events.Count == 0 || !options.Value.Enabled)
        {
            return decided;
        }

        var book = await rules.CurrentAsync(ct);
        foreach (var e in events)
        {
            var directed = JsonSerializer.Deserialize<DirectedAlert>(e.Payload, Json.Options)!;
            decided.AddRange(await StageAsync(db, e, Directed(directed, book), book, ct));
        }

        return decided;
    }

    /// <summary>Streams alerts decided by <see cref="DecideNowAsync"/> once their transaction has committed, and wakes the sender.</summary>
    public void Published(IReadOnlyList<Alert> alerts)
    {
        foreach (var alert in alerts)
        {
            stream.Publish(alert);
        }

        if (alerts.Count > 0)
        {
            deliveries.Notify();
        }
    }

    private async Task<List<Alert>> WriteAsync(WaymarkDb db, OutboxEvent e, List<AlertDraft> drafts, RuleBook.Book book, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var written = await StageAsync(db, e, drafts, book, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return written;
    }

    /// <summary>Adds the event's alerts (or updates the open ones they continue), their history and deliveries, and marks the event processed; saves nothing.</summary>
    private async Task<List<Alert>> StageAsync(WaymarkDb db, OutboxEvent e, List<AlertDraft> drafts, RuleBook.Book book, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var written = new List<Alert>();
        foreach (var draft in drafts)
        {
            // An alert this unit of work already added is not in the database yet: look among the tracked ones first.
            var alert = draft.DedupKey is null ? null
                : db.Set<Alert>().Local.FirstOrDefault(a => a.OrganisationId == draft.OrganisationId && a.DedupKey == draft.DedupKey && a.Status != AlertStatus.Closed)
                  ?? await db.Set<Alert>().FirstOrDefaultAsync(
                      a => a.OrganisationId == draft.OrganisationId && a.DedupKey == draft.DedupKey && a.Status != AlertStatus.Closed, ct);
            var evidence = draft.Evidence.ToJsonString(Json.Options);
            if (alert is null)
            {
                alert = new Alert
                {
                    Id = Guid.CreateVersion7(),
                    OrganisationId = draft.OrganisationId,
                    RuleId = draft.Rule?.Id,
                    Kind = draft.Kind,
                    Severity = draft.Severity,
                    Status = AlertStatus.Open,
                    Title = Clip(draft.Title, 300),
                    Summary = draft.Summary,
                    Evidence = evidence,
                    Latitude = draft.Latitude,
                    Longitude = draft.Longitude,
                    Link = draft.Link,
                    DedupKey = draft.DedupKey,
                    CreatedAt = now,
                    UpdatedAt = now,
                    SourceEventId = e.Id,
                };
                db.Set<Alert>().Add(alert);
                db.Set<AlertHistoryEntry>().Add(new AlertHistoryEntry { AlertId = alert.Id, At = now, Actor = "waymark", Action = "raised", Note = alert.Title });
            }
            else
            {
                alert.Occurrences++;
                alert.Severity = (AlertSeverity)Math.Max((int)alert.Severity, (int)draft.Severity);
                alert.Title = Clip(draft.Title, 300);
                alert.Summary = draft.Summary;
                alert.Evidence = evidence;
                alert.Latitude = draft.Latitude;
                alert.Longitude = draft.Longitude;
                alert.Link = draft.Link;
                alert.UpdatedAt = now;
                alert.SourceEventId = e.Id;
                db.Set<AlertHistoryEntry>().Add(new AlertHistoryEntry { AlertId = alert.Id, At = now, Actor = "waymark", Action = "updated", Note = $"occurrence {alert.Occurrences}: {alert.Title}" });
            }

            AddDeliveries(db, alert, draft.Rules.ToList(), book, now);
            written.Add(alert);
        }

        if (db.Entry(e).State == EntityState.Detached)
        {
            db.Attach(e);
        }

        e.ProcessedAt = now;
        return written;
    }

    private void AddDeliveries(WaymarkDb db, Alert alert, List<AlertRule> rules, RuleBook.Book book, DateTime now)
    {
        // Webhooks wait only if every matching rule is in its quiet hours; a directed alert with no rule goes now.
        var due = rules.Count == 0 ? now : rules.Min(r => DueAt(r, alert.Severity, now));
        foreach (var hook in book.WebhooksOf(alert.OrganisationId))
        {
            db.Set<AlertDelivery>().Add(new AlertDelivery
            {
                AlertId = alert.Id,
                OrganisationId = alert.OrganisationId,
                Channel = DeliveryChannel.Webhook,
                EndpointId = hook.Id,
                Target = hook.Url,
                Occurrence = alert.Occurrences,
                NextAttemptAt = due,
                CreatedAt = now,
            });
        }

        if (string.IsNullOrEmpty(options.Value.Smtp.Host))
        {
            return;
        }

        var addressed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            foreach (var address in rule.EmailTo.Where(addressed.Add))
            {
                db.Set<AlertDelivery>().Add(new AlertDelivery
                {
                    AlertId = alert.Id,
                    OrganisationId = alert.OrganisationId,
                    Channel = rule.DailyDigest ? DeliveryChannel.Digest : DeliveryChannel.Email,
                    Target = address,
                    Occurrence = alert.Occurrences,
                    NextAttemptAt = rule.DailyDigest ? NextDigest(now, options.Value.DigestHour) : DueAt(rule, alert.Severity, now),
                    CreatedAt = now,
                });
            }
        }
    }

    /// <summary>Now, or the end of the rule's quiet hours (UK local time) when now falls in them and the alert is not critical.</summary>
    public static DateTime DueAt(AlertRule? rule, AlertSeverity severity, DateTime nowUtc)
    {
        if (rule?.QuietFrom is not { } from || rule.QuietTo is not { } to || severity == AlertSeverity.Critical || from == to)
        {
            return nowUtc;
        }

        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, UkTime.London);
        var time = TimeOnly.FromDateTime(local);
        var quiet = from < to ? time >= from && time < to : time >= from || time < to;
        if (!quiet)
        {
            return nowUtc;
        }

        var endDate = DateOnly.FromDateTime(local);
        if (from > to && time >= from)
        {
            endDate = endDate.AddDays(1); // quiet hours that cross midnight end tomorrow
        }

        return TimeZoneInfo.ConvertTimeToUtc(endDate.ToDateTime(to), UkTime.London);
    }

    public static DateTime NextDigest(DateTime nowUtc, int hour)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(nowUtc, UkTime.London);
        var at = DateOnly.FromDateTime(local).ToDateTime(new TimeOnly(hour, 0));
        if (at <= local)
        {
            at = at.AddDays(1);
        }

        return TimeZoneInfo.ConvertTimeToUtc(at, UkTime.London);
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
