using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// s.15: receipts and disposals are kept for three years after the transaction, and no longer. The purge deletes records
/// whose transaction is more than <see cref="ScrapMetalOptions.RetentionYears"/> years old and audits what it deleted,
/// in one transaction. Run by <see cref="ScrapRetentionService"/>, by an admin (POST /api/scrap/retention/purge) and by
/// <c>waymark scrap purge</c>.
/// </summary>
public sealed class ScrapRetention(WaymarkDb db, AuditLog audit, TimeProvider clock, IOptions<ScrapMetalOptions> options)
{
    public sealed record PurgeResult(DateTimeOffset Cutoff, int Receipts, int Disposals);

    public async Task<PurgeResult> PurgeAsync(Caller caller, CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddYears(-options.Value.RetentionYears);
        var due = await db.Set<ScrapReceipt>().CountAsync(r => r.ReceivedAt < cutoff, ct) + await db.Set<ScrapDisposal>().CountAsync(d => d.DisposedAt < cutoff, ct);
        if (due == 0)
        {
            return new PurgeResult(cutoff, 0, 0);
        }

        return await audit.InTransactionAsync(async token =>
        {
            var receipts = await db.Set<ScrapReceipt>().Where(r => r.ReceivedAt < cutoff).ExecuteDeleteAsync(token);
            var disposals = await db.Set<ScrapDisposal>().Where(d => d.DisposedAt < cutoff).ExecuteDeleteAsync(token);
            audit.Record(caller, "scrap.retention.purge", "scrap-receipt", null, "retention (Scrap Metal Dealers Act 2013 s.15)",
                string.Create(CultureInfo.InvariantCulture, $"deleted {receipts} receipts and {disposals} disposals dated before {cutoff:yyyy-MM-dd HH:mm:ss}Z"));
            return new PurgeResult(cutoff, receipts, disposals);
        }, ct);
    }
}

/// <summary>Runs the retention purge a minute after start and then every <see cref="ScrapMetalOptions.RetentionIntervalHours"/>.</summary>
public sealed partial class ScrapRetentionService(IServiceScopeFactory scopes, IOptions<ScrapMetalOptions> options, TimeProvider clock, ILogger<ScrapRetentionService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), clock, stoppingToken);
            using var timer = new PeriodicTimer(TimeSpan.FromHours(Math.Max(0.01, options.Value.RetentionIntervalHours)), clock);
            do
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<ScrapRetention>().PurgeAsync(Caller.System("retention"), stoppingToken);
                    if (result.Receipts + result.Disposals > 0)
                    {
                        Purged(log, result.Receipts, result.Disposals, result.Cutoff);
                    }
                }
                catch (Exception e) when (e is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
                {
                    PurgeFailed(log, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scrap-metal retention: deleted {Receipts} receipts and {Disposals} disposals before {Cutoff}")]
    private static partial void Purged(ILogger log, int receipts, int disposals, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scrap-metal retention purge failed; it runs again at the next interval")]
    private static partial void PurgeFailed(ILogger log, Exception e);
}
