using Npgsql;

namespace Waymark.Server.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL suite (this project run with WAYMARK_TEST_PROVIDER=postgres) needs a server. Locally the check is
/// skipped when WAYMARK_TEST_POSTGRES is not set; under CI (CI=true) a missing or unreachable server fails the run.
/// </summary>
public sealed class PostgresAvailabilityTests
{
    [SkippableFact]
    public async Task PostgresServer_IsReachable_WhenConfiguredOrUnderCi()
    {
        var connection = Environment.GetEnvironmentVariable("WAYMARK_TEST_POSTGRES");
        var ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        Skip.If(connection is null && !ci, "WAYMARK_TEST_POSTGRES is not set: PostgreSQL tests are skipped locally.");
        Assert.False(connection is null, "CI=true but WAYMARK_TEST_POSTGRES is not set: the PostgreSQL suite cannot run.");

        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT current_setting('server_version_num')::int", conn);
        Assert.True((int)(await cmd.ExecuteScalarAsync())! >= 140000, "PostgreSQL 14 or later is required.");
    }
}
