using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Analytics;
using Waymark.Server.Features.Demo;

namespace Waymark.Server.Infrastructure;

/// <summary>On start: applies migrations and, on an empty database, seeds the demo partnership if asked to.</summary>
public sealed class DatabaseInitializer(IServiceProvider services, IOptions<WaymarkOptions> options, CrimeSnapshot snapshot, ILogger<DatabaseInitializer> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WaymarkDb>();
        await DatabaseSetup.MigrateAsync(db, cancellationToken);
        log.LogInformation("Database ready: {Provider}", db.Provider);
        if (options.Value.SeedDemo)
        {
            var seed = scope.ServiceProvider.GetRequiredService<DemoSeed>();
            await seed.SeedIfEmptyAsync(Console.Out, cancellationToken);
        }

        // Load the map snapshot now, in the background, so the first map request does not pay for it.
        _ = Task.Run(async () =>
        {
            try
            {
                var data = await snapshot.GetAsync(CancellationToken.None);
                log.LogInformation("Crime snapshot loaded: {Count} located crimes", data.Count);
            }
            catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
            {
                log.LogWarning(e, "Crime snapshot not preloaded; the first map request will load it");
            }
        }, CancellationToken.None);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
