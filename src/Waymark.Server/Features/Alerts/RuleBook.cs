using Microsoft.EntityFrameworkCore;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// The enabled rules, the organisations (their kind decides what they may see) and their webhooks, cached for the
/// dispatcher so matching a crime costs no queries. Reloaded after changes in this process, and every few seconds.
/// </summary>
public sealed class RuleBook(IServiceScopeFactory scopes, TimeProvider clock) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Book? _book;

    public sealed record Book(
        IReadOnlyDictionary<string, IReadOnlyList<AlertRule>> RulesByKind,
        IReadOnlyDictionary<Guid, Organisation> Organisations,
        IReadOnlyDictionary<Guid, IReadOnlyList<WebhookEndpoint>> Webhooks,
        DateTimeOffset LoadedAt)
    {
        public IReadOnlyList<AlertRule> Rules(string kind) => RulesByKind.TryGetValue(kind, out var r) ? r : [];

        public IReadOnlyList<WebhookEndpoint> WebhooksOf(Guid organisation) => Webhooks.TryGetValue(organisation, out var w) ? w : [];
    }

    public void Invalidate() => _book = null;

    public void Dispose() => _gate.Dispose();

    /// <summary>
    /// The current book. After a change made here (<see cref="Invalidate"/>) it is reloaded before answering; when it is
    /// merely old (another process may have changed rules) the old one answers while a fresh one loads in the background,
    /// so no alert waits for the reload.
    /// </summary>
    public async Task<Book> CurrentAsync(CancellationToken ct)
    {
        var book = _book;
        if (book is null)
        {
            return await LoadAsync(ct);
        }

        if (clock.GetUtcNow() - book.LoadedAt >= MaxAge && _gate.CurrentCount > 0)
        {
            _ = Task.Run(() => LoadAsync(CancellationToken.None), CancellationToken.None);
        }

        return book;
    }

    private async Task<Book> LoadAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var book = _book;
            if (book is not null && clock.GetUtcNow() - book.LoadedAt < MaxAge)
            {
                return book;
            }

            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
            var rules = await db.Set<AlertRule>().AsNoTracking().Where(r => r.Enabled).ToListAsync(ct);
            var orgs = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id, ct);
            var hooks = await db.Set<WebhookEndpoint>().AsNoTracking().Where(w => w.Enabled).ToListAsync(ct);
            book = new Book(
                rules.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => (IReadOnlyList<AlertRule>)g.ToList()),
                orgs,
                hooks.GroupBy(h => h.OrganisationId).ToDictionary(g => g.Key, g => (IReadOnlyList<WebhookEndpoint>)g.ToList()),
                clock.GetUtcNow());
            _book = book;
            return book;
        }
        finally
        {
            _gate.Release();
        }
    }
}
