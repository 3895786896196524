using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Waymark.Server.Data;
using Waymark.Server.Features.Alerts;

namespace Waymark.Server.Infrastructure;

public static class DatabaseSetup
{
    /// <summary>
    /// Registers both provider contexts and resolves <see cref="WaymarkDb"/> to the configured one. The choice is made
    /// when a context is first needed, from the options then in force, so tests can point each host at its own database.
    /// </summary>
    public static IServiceCollection AddWaymarkDatabase(this IServiceCollection services)
    {
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<OutboxCommitInterceptor>();
        services.AddDbContext<PostgresWaymarkDb>((sp, o) =>
        {
            var options = sp.GetRequiredService<IOptions<WaymarkOptions>>().Value;
            o.UseNpgsql(options.ConnectionString
                ?? throw new InvalidOperationException("The database is postgres but no connection string was given (WAYMARK_CONNECTION or --connection)."));
            o.AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>());
        });
        services.AddDbContext<SqliteWaymarkDb>((sp, o) =>
        {
            var options = sp.GetRequiredService<IOptions<WaymarkOptions>>().Value;
            o.UseSqlite(options.ConnectionString ?? SqliteConnectionString(options.DataDir));
            o.AddInterceptors(sp.GetRequiredService<OutboxCommitInterceptor>(), ConnectionSetup);
        });
        services.AddScoped<WaymarkDb>(sp => IsPostgres(sp.GetRequiredService<IOptions<WaymarkOptions>>().Value)
            ? sp.GetRequiredService<PostgresWaymarkDb>()
            : sp.GetRequiredService<SqliteWaymarkDb>());
        return services;
    }

    private static readonly SqliteConnectionSetup ConnectionSetup = new();

    public static bool IsPostgres(WaymarkOptions options) =>
        options.Database.Equals("postgres", StringComparison.OrdinalIgnoreCase) ||
        options.Database.Equals("postgresql", StringComparison.OrdinalIgnoreCase);

    public static string SqliteConnectionString(string dataDir)
    {
        Directory.CreateDirectory(dataDir);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(Path.GetFullPath(dataDir), "waymark.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(WaymarkDb db, CancellationToken cancellationToken)
    {
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await db.Database.CloseConnectionAsync();
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
