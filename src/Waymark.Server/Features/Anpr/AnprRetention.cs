using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Audit;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// The retention job: every <see cref="AnprOptions.PurgeEveryMinutes"/> minutes (and at start), drops every day of reads
/// older than <see cref="AnprOptions.RetentionDays"/>, and records the purge in the audit log.
/// </summary>
public sealed partial class AnprRetention(IServiceProvider services, IOptions<AnprOptions> options, TimeProvider clock, ILogger<AnprRetention> log) : BackgroundService
{
    /// <summary>Purges now; returns the days dropped.</summary>
    public async Task<IReadOnlyList<DateOnly>> PurgeAsync(DateTime now, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<AnprReadStore>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        var cutoff = now.Date.AddDays(-options.Value.RetentionDays);
        var dropped = await store.PurgeBeforeAsync(cutoff, ct);
        if (dropped.Count > 0)
        {
            audit.Record(Caller.System("anpr-retention"), "anpr.purge", "anpr-reads", null, "retention",
                $"reads before {cutoff:yyyy-MM-dd} deleted ({options.Value.RetentionDays} days): {string.Join(", ", dropped)}");
            await audit.SaveChangesAsync(ct);
            LogPurged(log, dropped.Count, cutoff);
        }

        return dropped;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, options.Value.PurgeEveryMinutes)), clock);
        do
        {
            try
            {
                await PurgeAsync(clock.GetUtcNow().UtcDateTime, stoppingToken);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                // The database may still be migrating at start, or briefly locked: the next tick tries again.
                LogFailed(log, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "ANPR retention: {Days} days of reads before {Cutoff:yyyy-MM-dd} deleted")]
    private static partial void LogPurged(ILogger logger, int days, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "ANPR retention run failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception e);
}
