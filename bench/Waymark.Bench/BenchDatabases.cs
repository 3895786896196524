using Microsoft.Data.Sqlite;
using Npgsql;
using Waymark.Server.Infrastructure;

namespace Waymark.Bench;

/// <summary>A provider under test: makes a fresh, empty database for one run and removes it afterwards.</summary>
internal interface IBenchDatabase
{
    string Name { get; }

    /// <summary>Creates an empty database and returns the options that point the server's services at it.</summary>
    Task<WaymarkOptions> CreateAsync(CancellationToken ct);

    Task DropAsync();
}

/// <summary>SQLite: a new file in a new temporary directory (on the same disk as the system's temp directory).</summary>
internal sealed class SqliteBenchDatabase : IBenchDatabase
{
    private string? _dir;

    public string Name => "SQLite";

    public Task<WaymarkOptions> CreateAsync(CancellationToken ct)
    {
        _dir = Path.Combine(Path.GetTempPath(), "waymark-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        return Task.FromResult(new WaymarkOptions { Database = "sqlite", DataDir = _dir, SeedDemo = false });
    }

    public Task DropAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_dir is not null && Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }

        _dir = null;
        return Task.CompletedTask;
    }
}

/// <summary>
/// PostgreSQL: a new database per run (waymark_bench_PID_N), created through the given connection and dropped
/// afterwards, so the database the connection string names is never touched.
/// </summary>
internal sealed class PostgresBenchDatabase(string connectionString) : IBenchDatabase
{
    private int _count;
    private string? _database;

    public string Name => "PostgreSQL";

    public async Task<string> ServerVersionAsync(CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync(ct);
        return $"PostgreSQL {admin.PostgreSqlVersion} at {admin.Host}:{admin.Port}";
    }

    public async Task<WaymarkOptions> CreateAsync(CancellationToken ct)
    {
        _database = $"waymark_bench_{Environment.ProcessId}_{++_count}";
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {_database}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var target = new NpgsqlConnectionStringBuilder(connectionString) { Database = _database };
        return new WaymarkOptions { Database = "postgres", ConnectionString = target.ConnectionString, SeedDemo = false };
    }

    public async Task DropAsync()
    {
        if (_database is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
        _database = null;
    }
}
