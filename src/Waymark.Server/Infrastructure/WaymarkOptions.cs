namespace Waymark.Server.Infrastructure;

/// <summary>Settings under "Waymark" in configuration (appsettings, WAYMARK_* variables, command-line flags).</summary>
public sealed class WaymarkOptions
{
    /// <summary>Where the SQLite file and other local state live. --data-dir or WAYMARK_DATA_DIR; default ./data.</summary>
    public string DataDir { get; set; } = "data";

    /// <summary>"sqlite" (default) or "postgres".</summary>
    public string Database { get; set; } = "sqlite";

    /// <summary>PostgreSQL connection string, or an explicit SQLite one.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Seed the demo partnership when the database is empty.</summary>
    public bool SeedDemo { get; set; } = true;

    /// <summary>Largest upload accepted by the import endpoints, in bytes (default 100 MiB).</summary>
    public long MaxUploadBytes { get; set; } = 100L * 1024 * 1024;
}
