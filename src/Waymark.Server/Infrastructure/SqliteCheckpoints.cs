using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Waymark.Server.Infrastructure;

/// <summary>
/// Takes SQLite's WAL checkpoints off the request path. By default the connection whose commit pushes the WAL past
/// 1,000 pages copies them back into the database file and fsyncs it, inside that request — a few hundred milliseconds
/// on a slow disk, landing on whichever crime, trace or alert happens to be unlucky. Waymark's connections switch
/// automatic checkpoints off, and this service checkpoints (PASSIVE: never waiting for readers or writers) every second.
/// Durability is unchanged: every commit is still fsynced to the WAL (synchronous=FULL).
/// </summary>
public sealed class SqliteCheckpoints(IOptions<WaymarkOptions> options, ILogger<SqliteCheckpoints> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.IsPostgres(options.Value))
        {
            return;
        }

        var connectionString = options.Value.ConnectionString ?? DatabaseSetup.SqliteConnectionString(options.Value.DataDir);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (SqliteException e)
            {
                log.LogDebug(e, "WAL checkpoint skipped");
            }
        }
    }
}

/// <summary>
/// Sets up each SQLite connection Waymark opens: automatic WAL checkpoints off (see <see cref="SqliteCheckpoints"/>), and
/// a busy timeout so that a writer waiting for another's commit is woken by SQLite within a millisecond or two. Without
/// it Microsoft.Data.Sqlite answers SQLITE_BUSY by sleeping 150 ms before retrying, which put a 150 ms step into the
/// tail of every write that met another (a crime and the alert dispatcher, a trace and the checkpoint).
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint=0; PRAGMA busy_timeout=30000;";
        command.ExecuteNonQuery();
    }
}
