using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Demo;

namespace Waymark.Server.Infrastructure;

/// <summary>On start: applies migrations and, on an empty database, seeds the demo partnership if asked to.</summary>
public sealed class DatabaseInitializer(IServiceProvider services, IOptions<WaymarkOptions> options, ILogger<DatabaseInitializer> log) : IHostedService
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
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
