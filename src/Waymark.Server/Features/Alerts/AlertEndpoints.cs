using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;
using Waymark.Server.Features.Sharing;

namespace Waymark.Server.Features.Alerts;

public sealed record AlertRuleRequest(
    string? Name, string? Kind, List<string>? Categories, List<string>? Sectors, AlertSeverity? MinimumSeverity, double? DistanceMetres,
    double? RiskThreshold, int? WindowDays, bool? Enabled, List<string>? EmailTo, string? QuietFrom, string? QuietTo, bool? DailyDigest);

public sealed record WebhookRequest(string? Url, string? Description);

/// <summary>A webhook endpoint; the secret is shown only in the response that creates it.</summary>
public sealed record WebhookResponse(Guid Id, string Url, string? Description, bool Enabled, DateTime CreatedAt, string? Secret = null);

public sealed record DeliveryResponse(
    long Id, Guid AlertId, DeliveryChannel Channel, string Target, int Occurrence, DeliveryStatus Status, int Attempts,
    DateTime NextAttemptAt, int? LastStatusCode, string? LastError, DateTime CreatedAt, DateTime? SentAt)
{
    public static DeliveryResponse From(AlertDelivery d) => new(d.Id, d.AlertId, d.Channel, d.Target, d.Occurrence, d.Status, d.Attempts,
        d.NextAttemptAt, d.LastStatusCode, d.LastError, d.CreatedAt, d.SentAt);
}

public sealed record AlertPage(int Total, int Unread, int Page, int PageSize, IReadOnlyList<AlertView> Items);

public sealed record AssignRequest(Guid? UserId, string? Note);

/// <summary>A person an alert can be assigned to.</summary>
public sealed record Colleague(Guid Id, string Name, string Email);

public sealed record NoteRequest(string? Note);

public static class AlertEndpoints
{
    public static void MapAlerts(this IEndpointRouteBuilder app)
    {
        app.MapAssets();

        var rules = app.MapGroup("/api/alert-rules").WithTags("Alerts").RequireAuthorization();
        rules.MapGet("/", ListRulesAsync).WithName("ListAlertRules");
        rules.MapPost("/", CreateRuleAsync).WithName("CreateAlertRule")
            .WithSummary($"Subscribe to a kind of alert: {string.Join(", ", AlertKinds.All)}.");
        rules.MapPut("/{id:guid}", UpdateRuleAsync).WithName("UpdateAlertRule");
        rules.MapDelete("/{id:guid}", DeleteRuleAsync).WithName("DeleteAlertRule");

        var hooks = app.MapGroup("/api/webhooks").WithTags("Alerts").RequireAuthorization();
        hooks.MapGet("/", ListWebhooksAsync).WithName("ListWebhooks");
        hooks.MapPost("/", CreateWebhookAsync).WithName("CreateWebhook")
            .WithSummary("Register an http(s) receiver. Alerts are POSTed as JSON signed with HMAC-SHA256 (X-Waymark-Signature: sha256=hex of \"{X-Waymark-Timestamp}.{body}\").");
        hooks.MapDelete("/{id:guid}", DeleteWebhookAsync).WithName("DeleteWebhook");
        hooks.MapGet("/{id:guid}/deliveries", WebhookDeliveriesAsync).WithName("WebhookDeliveries").WithSummary("The delivery log of one endpoint, newest first.");

        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization();
        alerts.MapGet("/", InboxAsync).WithName("AlertInbox").WithSummary("Your organisation's alerts, newest change first, with your unread count.");
        alerts.MapGet("/unread-count", UnreadAsync).WithName("UnreadAlerts");
        alerts.MapGet("/stream", Stream).WithName("AlertStream").WithSummary("Server-Sent Events: your organisation's alerts as they are raised or updated.");
        alerts.MapGet("/{id:guid}", GetAsync).WithName("GetAlert").WithSummary("One alert (marks it read for you).");
        alerts.MapGet("/{id:guid}/history", HistoryAsync).WithName("AlertHistory");
        alerts.MapGet("/{id:guid}/deliveries", AlertDeliveriesAsync).WithName("AlertDeliveries");
        alerts.MapPost("/{id:guid}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeAlert");
        alerts.MapPost("/{id:guid}/assign", AssignAsync).WithName("AssignAlert").WithSummary("Assign to a colleague in your organisation.");
        alerts.MapGet("/colleagues", ColleaguesAsync).WithName("AlertColleagues").WithSummary("The people of your organisation an alert can be assigned to.");
        alerts.MapPost("/{id:guid}/close", CloseAsync).WithName("CloseAlert").WithSummary("Close with a note (required).");
        alerts.MapPost("/scan", ScanAsync).WithName("RunClusterScan").WithSummary("Run the emerging-cluster scan now (it also runs on its schedule).");
    }

    // ---- rules ----

    private static async Task<Results<Ok<List<AlertRule>>, ForbidHttpResult>> ListRulesAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanReadAlerts(caller))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await db.Set<AlertRule>().AsNoTracking().Where(r => r.OrganisationId == caller.OrganisationId).OrderBy(r => r.Name).ToListAsync(ct));
    }

    private static async Task<Results<Created<AlertRule>, ValidationProblem, ForbidHttpResult>> CreateRuleAsync(
        AlertRuleRequest request, HttpContext http, WaymarkDb db, AuditLog audit, RuleBook book, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        var rule = new AlertRule { Id = Guid.CreateVersion7(), OrganisationId = caller.OrganisationId, Name = "", Kind = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        var errors = Apply(request, rule);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The rule was not saved: some fields are invalid.");
        }

        db.Set<AlertRule>().Add(rule);
        audit.Record(caller, "alert-rule.create", "alert-rule", rule.Id.ToString(), detail: $"{rule.Name} {rule.Kind}");
        await audit.SaveChangesAsync(ct);
        book.Invalidate();
        return TypedResults.Created($"/api/alert-rules/{rule.Id}", rule);
    }

    private static async Task<Results<Ok<AlertRule>, ValidationProblem, NotFound, ForbidHttpResult>> UpdateRuleAsync(
        Guid id, AlertRuleRequest request, HttpContext http, WaymarkDb db, AuditLog audit, RuleBook book, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await db.FindOwnAsync<AlertRule>(id, caller, ct) is not { } rule)
        {
            return TypedResults.NotFound();
        }

        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        var errors = Apply(request, rule);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The rule was not saved: some fields are invalid.");
        }

        audit.Record(caller, "alert-rule.update", "alert-rule", rule.Id.ToString(), detail: $"{rule.Name} {rule.Kind}");
        await audit.SaveChangesAsync(ct);
        book.Invalidate();
        return TypedResults.Ok(rule);
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> DeleteRuleAsync(
        Guid id, HttpContext http, WaymarkDb db, AuditLog audit, RuleBook book, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await db.FindOwnAsync<AlertRule>(id, caller, ct) is not { } rule)
        {
            return TypedResults.NotFound();
        }

        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        db.Set<AlertRule>().Remove(rule);
        audit.Record(caller, "alert-rule.delete", "alert-rule", rule.Id.ToString(), detail: rule.Name);
        await audit.SaveChangesAsync(ct);
        book.Invalidate();
        return TypedResults.NoContent();
    }

    internal static Dictionary<string, string[]> Apply(AlertRuleRequest r, AlertRule rule)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var name = r.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["is required, at most 200 characters."];
        }

        if (!AlertKinds.IsKnown(r.Kind))
        {
            errors["kind"] = [$"is one of {string.Join(", ", AlertKinds.All)}."];
        }

        var spatial = r.Kind is AlertKinds.CrimeNearAsset or AlertKinds.EmergingCluster or AlertKinds.NearRepeatRisk;
        var distance = r.DistanceMetres ?? (spatial ? null : 0);
        if (distance is null || !double.IsFinite(distance.Value) || distance < 0 || distance > CrimeMatcher.MaxDistanceMetres || (spatial && distance == 0))
        {
            errors["distanceMetres"] = [$"is required for this kind: more than 0 and at most {CrimeMatcher.MaxDistanceMetres:0} metres."];
        }

        if (r.RiskThreshold is { } t && (!double.IsFinite(t) || t <= 0 || t > 1000))
        {
            errors["riskThreshold"] = ["is a positive risk score (the sum of near-repeat weights; a crime next door this week weighs 1)."];
        }

        if (r.WindowDays is { } w && (w < 3 || w > 365))
        {
            errors["windowDays"] = ["is 3 to 365 days."];
        }

        var unknownCategories = (r.Categories ?? []).Where(c => !CrimeCategories.TryGet(c, out _)).ToList();
        if (unknownCategories.Count > 0)
        {
            errors["categories"] = [$"has unknown categories: {string.Join(", ", unknownCategories)}."];
        }

        var unknownSectors = (r.Sectors ?? []).Where(s => !Sector.IsKnown(s)).ToList();
        if (unknownSectors.Count > 0)
        {
            errors["sectors"] = [$"has unknown sectors: {string.Join(", ", unknownSectors)}; known: {string.Join(", ", Sector.All)}."];
        }

        var badEmails = (r.EmailTo ?? []).Where(e => !MimeKit.MailboxAddress.TryParse(e, out var m) || !e.Contains('@', StringComparison.Ordinal) || m is null).ToList();
        if (badEmails.Count > 0 || (r.EmailTo?.Count ?? 0) > 20)
        {
            errors["emailTo"] = [badEmails.Count > 0 ? $"has addresses that are not e-mail addresses: {string.Join(", ", badEmails)}." : "has more than 20 addresses."];
        }

        TimeOnly? from = null, to = null;
        if (r.QuietFrom is not null || r.QuietTo is not null)
        {
            if (!TimeOnly.TryParseExact(r.QuietFrom ?? "", "HH:mm", out var f) || !TimeOnly.TryParseExact(r.QuietTo ?? "", "HH:mm", out var t2) || f == t2)
            {
                errors["quietFrom"] = ["quiet hours need both quietFrom and quietTo as HH:mm (UK local time), different from each other."];
            }
            else
            {
                (from, to) = (f, t2);
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        rule.Name = name!;
        rule.Kind = r.Kind!;
        rule.Categories = r.Categories?.Distinct().ToList() ?? [];
        rule.Sectors = r.Sectors?.Distinct().ToList() ?? [];
        rule.MinimumSeverity = r.MinimumSeverity ?? AlertSeverity.Low;
        rule.DistanceMetres = distance!.Value;
        rule.RiskThreshold = r.RiskThreshold;
        rule.WindowDays = r.WindowDays;
        rule.Enabled = r.Enabled ?? true;
        rule.EmailTo = r.EmailTo?.Select(e => e.Trim()).Distinct().ToList() ?? [];
        rule.QuietFrom = from;
        rule.QuietTo = to;
        rule.DailyDigest = r.DailyDigest ?? false;
        return errors;
    }

    // ---- webhooks ----

    private static async Task<Results<Ok<List<WebhookResponse>>, ForbidHttpResult>> ListWebhooksAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        var hooks = await db.Set<WebhookEndpoint>().AsNoTracking().Where(w => w.OrganisationId == caller.OrganisationId).OrderBy(w => w.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(hooks.Select(w => new WebhookResponse(w.Id, w.Url, w.Description, w.Enabled, w.CreatedAt)).ToList());
    }

    private static async Task<Results<Created<WebhookResponse>, ValidationProblem, ForbidHttpResult>> CreateWebhookAsync(
        WebhookRequest request, HttpContext http, WaymarkDb db, AuditLog audit, RuleBook book, IServer server, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        if (CheckWebhookUrl(request.Url, http, server) is { } reason)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["url"] = [reason] }, title: "The webhook was not saved.");
        }

        var hook = new WebhookEndpoint
        {
            Id = Guid.CreateVersion7(),
            OrganisationId = caller.OrganisationId,
            Url = request.Url!.Trim(),
            Secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
            Description = request.Description?.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Set<WebhookEndpoint>().Add(hook);
        audit.Record(caller, "webhook.create", "webhook", hook.Id.ToString(), detail: hook.Url);
        await audit.SaveChangesAsync(ct);
        book.Invalidate();
        return TypedResults.Created($"/api/webhooks/{hook.Id}", new WebhookResponse(hook.Id, hook.Url, hook.Description, hook.Enabled, hook.CreatedAt, hook.Secret));
    }

    /// <summary>
    /// An absolute http(s) URL, without credentials in it, that does not point back at this server (which would let a
    /// partner make Waymark call its own API).
    /// </summary>
    internal static string? CheckWebhookUrl(string? url, HttpContext http, IServer server)
    {
        if (!Uri.TryCreate(url?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "is not an absolute http:// or https:// URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry credentials; Waymark signs each request instead.";
        }

        var own = (server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            .Select(a => Uri.TryCreate(a.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out var u) ? u : null)
            .OfType<Uri>().ToList();
        var host = uri.IdnHost;
        var local = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && (IPAddress.IsLoopback(ip) || ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
        var itself = (http.Request.Host.HasValue && string.Equals(http.Request.Host.Host, host, StringComparison.OrdinalIgnoreCase) && (http.Request.Host.Port ?? (http.Request.IsHttps ? 443 : 80)) == uri.Port) ||
                     own.Any(o => o.Port == uri.Port && (local || string.Equals(o.IdnHost, host, StringComparison.OrdinalIgnoreCase)));
        return itself ? "points at this Waymark server itself." : null;
    }

    private static async Task<Results<NoContent, NotFound, ForbidHttpResult>> DeleteWebhookAsync(
        Guid id, HttpContext http, WaymarkDb db, AuditLog audit, RuleBook book, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await db.FindOwnAsync<WebhookEndpoint>(id, caller, ct) is not { } hook)
        {
            return TypedResults.NotFound();
        }

        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        // Disabled rather than deleted: the delivery log refers to it.
        hook.Enabled = false;
        audit.Record(caller, "webhook.disable", "webhook", hook.Id.ToString(), detail: hook.Url);
        await audit.SaveChangesAsync(ct);
        book.Invalidate();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<DeliveryResponse>>, NotFound>> WebhookDeliveriesAsync(Guid id, int? take, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller) || !await db.Set<WebhookEndpoint>().AnyAsync(w => w.Id == id && w.OrganisationId == caller.OrganisationId, ct))
        {
            return TypedResults.NotFound();
        }

        var log = await db.Set<AlertDelivery>().AsNoTracking().Where(d => d.EndpointId == id)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(take ?? 100, 1, 1000)).ToListAsync(ct);
        return TypedResults.Ok(log.Select(DeliveryResponse.From).ToList());
    }

    // ---- alerts ----

    private static IQueryable<Alert> Mine(WaymarkDb db, Caller caller) =>
        db.Set<Alert>().AsNoTracking().Where(a => a.OrganisationId == caller.OrganisationId);

    private static IQueryable<Alert> Unread(WaymarkDb db, Caller caller) =>
        Mine(db, caller).Where(a => a.Status != AlertStatus.Closed &&
            !db.Set<AlertRead>().Any(r => r.AlertId == a.Id && r.UserId == caller.UserId && r.ReadAt >= a.UpdatedAt));

    private static async Task<Results<Ok<AlertPage>, ForbidHttpResult, ValidationProblem>> InboxAsync(
        string? status, string? kind, int? page, int? pageSize, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanReadAlerts(caller))
        {
            return TypedResults.Forbid();
        }

        var q = Mine(db, caller);
        if (status is not null)
        {
            if (!Enum.TryParse<AlertStatus>(status, ignoreCase: true, out var s))
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["status"] = ["is open, acknowledged or closed."] });
            }

            q = q.Where(a => a.Status == s);
        }

        if (kind is not null)
        {
            q = q.Where(a => a.Kind == kind);
        }

        var size = Math.Clamp(pageSize ?? 50, 1, 500);
        var number = Math.Max(1, page ?? 1);
        var total = await q.CountAsync(ct);
        var unreadIds = caller.UserId is null ? [] : (await Unread(db, caller).Select(a => a.Id).ToListAsync(ct)).ToHashSet();
        var items = await q.OrderByDescending(a => a.UpdatedAt).ThenByDescending(a => a.Id).Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new AlertPage(total, unreadIds.Count, number, size, items.Select(a => AlertView.From(a, unreadIds.Contains(a.Id))).ToList()));
    }

    private static async Task<Results<Ok<UnreadCount>, ForbidHttpResult>> UnreadAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanReadAlerts(caller))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(new UnreadCount(caller.UserId is null ? 0 : await Unread(db, caller).CountAsync(ct)));
    }

    public sealed record UnreadCount(int Unread);

    private static IResult Stream(HttpContext http, AlertStream stream)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanReadAlerts(caller))
        {
            return TypedResults.Forbid();
        }

        return TypedResults.ServerSentEvents(Events(stream, caller.OrganisationId, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<AlertView?>> Events(AlertStream stream, Guid organisation, [EnumeratorCancellation] CancellationToken ct)
    {
        var (id, reader) = stream.Subscribe(organisation);
        try
        {
            yield return new SseItem<AlertView?>(null, "ready");
            while (!ct.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(20));
                AlertView? next = null;
                try
                {
                    if (await reader.WaitToReadAsync(heartbeat.Token))
                    {
                        reader.TryRead(out next);
                    }
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    // quiet for 20 s: a keep-alive, so proxies do not close the connection
                }

                yield return next is null ? new SseItem<AlertView?>(null, "ping") : new SseItem<AlertView?>(next, "alert") { EventId = next.Id.ToString() };
            }
        }
        finally
        {
            stream.Unsubscribe(id);
        }
    }

    private static async Task<Alert?> VisibleAsync(WaymarkDb db, Guid id, Caller caller, CancellationToken ct) =>
        await db.Set<Alert>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } alert && SharingRules.CanSee(alert, caller) ? alert : null;

    private static async Task<Results<Ok<AlertView>, NotFound>> GetAsync(Guid id, HttpContext http, WaymarkDb db, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await VisibleAsync(db, id, caller, ct) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        if (caller.UserId is { } user)
        {
            var read = await db.Set<AlertRead>().FirstOrDefaultAsync(r => r.AlertId == id && r.UserId == user, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            if (read is null)
            {
                db.Set<AlertRead>().Add(new AlertRead { AlertId = id, UserId = user, ReadAt = now });
            }
            else
            {
                read.ReadAt = now;
            }

            await db.SaveChangesAsync(ct);
        }

        return TypedResults.Ok(AlertView.From(alert, unread: false));
    }

    private static async Task<Results<Ok<List<AlertHistoryEntry>>, NotFound>> HistoryAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await VisibleAsync(db, id, caller, ct) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        return TypedResults.Ok(await db.Set<AlertHistoryEntry>().AsNoTracking().Where(h => h.AlertId == id).OrderBy(h => h.Id).ToListAsync(ct));
    }

    private static async Task<Results<Ok<List<DeliveryResponse>>, NotFound>> AlertDeliveriesAsync(Guid id, HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (await VisibleAsync(db, id, caller, ct) is not { } alert)
        {
            return TypedResults.NotFound();
        }

        var log = await db.Set<AlertDelivery>().AsNoTracking().Where(d => d.AlertId == id).OrderBy(d => d.Id).ToListAsync(ct);
        return TypedResults.Ok(log.Select(DeliveryResponse.From).ToList());
    }

    private static Task<Results<Ok<AlertView>, NotFound, ValidationProblem>> AcknowledgeAsync(
        Guid id, NoteRequest? body, HttpContext http, WaymarkDb db, AuditLog audit, AlertStream stream, TimeProvider clock, CancellationToken ct) =>
        ActAsync(id, http, db, audit, stream, clock, "acknowledged", body?.Note, (alert, _) =>
        {
            if (alert.Status == AlertStatus.Closed)
            {
                return "a closed alert cannot be acknowledged.";
            }

            alert.Status = AlertStatus.Acknowledged;
            return null;
        }, ct);

    /// <summary>Whom an alert can be assigned to: the caller's own organisation only, by name and e-mail, for the picker.</summary>
    private static async Task<Results<Ok<List<Colleague>>, ForbidHttpResult>> ColleaguesAsync(HttpContext http, WaymarkDb db, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanReadAlerts(caller))
        {
            return TypedResults.Forbid();
        }

        var people = await db.Users.AsNoTracking().Where(u => u.OrganisationId == caller.OrganisationId)
            .Select(u => new Colleague(u.Id, u.DisplayName, u.Email ?? u.UserName ?? "")).ToListAsync(ct);
        return TypedResults.Ok(people.OrderBy(p => string.IsNullOrEmpty(p.Name) ? p.Email : p.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static async Task<Results<Ok<AlertView>, NotFound, ValidationProblem>> AssignAsync(
        Guid id, AssignRequest body, HttpContext http, WaymarkDb db, AuditLog audit, AlertStream stream, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        var colleague = body.UserId is { } uid ? await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == uid && u.OrganisationId == caller.OrganisationId, ct) : null;
        return await ActAsync(id, http, db, audit, stream, clock, "assigned", body.Note, (alert, _) =>
        {
            if (colleague is null)
            {
                return "userId is not a user of your organisation.";
            }

            alert.AssignedToUserId = colleague.Id;
            alert.AssignedToName = colleague.UserName;
            if (alert.Status == AlertStatus.Open)
            {
                alert.Status = AlertStatus.Acknowledged;
            }

            return null;
        }, ct, detail: colleague?.UserName);
    }

    private static Task<Results<Ok<AlertView>, NotFound, ValidationProblem>> CloseAsync(
        Guid id, NoteRequest body, HttpContext http, WaymarkDb db, AuditLog audit, AlertStream stream, TimeProvider clock, CancellationToken ct) =>
        ActAsync(id, http, db, audit, stream, clock, "closed", body.Note, (alert, note) =>
        {
            if (string.IsNullOrWhiteSpace(note))
            {
                return "note is required: say what was done or why no action is needed.";
            }

            alert.Status = AlertStatus.Closed;
            alert.ClosingNote = note.Trim();
            return null;
        }, ct);

    private static async Task<Results<Ok<AlertView>, NotFound, ValidationProblem>> ActAsync(
        Guid id, HttpContext http, WaymarkDb db, AuditLog audit, AlertStream stream, TimeProvider clock, string action, string? note,
        Func<Alert, string?, string?> change, CancellationToken ct, string? detail = null)
    {
        var caller = Caller.From(http.User)!;
        var alert = await db.Set<Alert>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (alert is null || !SharingRules.CanSee(alert, caller))
        {
            return TypedResults.NotFound();
        }

        if (change(alert, note) is { } refusal)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [refusal.StartsWith("userId", StringComparison.Ordinal) ? "userId" : "note"] = [refusal] },
                title: $"The alert was not {action}.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        alert.UpdatedAt = now;
        db.Set<AlertHistoryEntry>().Add(new AlertHistoryEntry { AlertId = alert.Id, At = now, Actor = caller.Name, Action = action, Note = detail is null ? note : $"{detail}: {note}".TrimEnd(' ', ':') });
        if (caller.UserId is { } user && await db.Set<AlertRead>().FirstOrDefaultAsync(r => r.AlertId == id && r.UserId == user, ct) is { } read)
        {
            read.ReadAt = now;
        }
        else if (caller.UserId is { } u)
        {
            db.Set<AlertRead>().Add(new AlertRead { AlertId = id, UserId = u, ReadAt = now });
        }

        audit.Record(caller, $"alert.{action}", "alert", alert.Id.ToString(), detail: detail ?? note);
        await audit.SaveChangesAsync(ct);
        stream.Publish(alert);
        return TypedResults.Ok(AlertView.From(alert, unread: false));
    }

    private static async Task<Results<Ok<ScanResult>, ForbidHttpResult>> ScanAsync(HttpContext http, ClusterScan scan, AlertDispatcher dispatcher, CancellationToken ct)
    {
        var caller = Caller.From(http.User)!;
        if (!SharingRules.CanManageAlerting(caller))
        {
            return TypedResults.Forbid();
        }

        var clusters = await scan.RunAsync(ct);
        await dispatcher.DispatchPendingAsync(ct);
        return TypedResults.Ok(new ScanResult(clusters));
    }

    public sealed record ScanResult(int SignificantClusters);
}
