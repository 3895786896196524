using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Waymark.Server.Data;

/// <summary>
/// The shared database. One model, two providers: <see cref="SqliteWaymarkDb"/> (embedded) and
/// <see cref="PostgresWaymarkDb"/> (production), each with its own migrations. Tables and columns are
/// snake_case so that the bulk writers' hand-written SQL reads the same on both.
/// </summary>
public abstract class WaymarkDb(DbContextOptions options) : IdentityDbContext<WaymarkUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Organisation> Organisations => Set<Organisation>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    public DbSet<Crime> Crimes => Set<Crime>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();

    public DbSet<AuditHead> AuditHeads => Set<AuditHead>();

    public abstract DatabaseProvider Provider { get; }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Instants are UTC everywhere; SQLite hands DateTime back unspecified, so say so on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<decimal>().HavePrecision(18, 2);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<Organisation>(e =>
        {
            e.HasIndex(o => o.Name).IsUnique();
            e.Property(o => o.Name).HasMaxLength(200);
            e.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        });

        builder.Entity<WaymarkUser>(e => e.HasIndex(u => u.OrganisationId));

        builder.Entity<ApiKey>(e =>
        {
            e.HasIndex(k => k.Hash).IsUnique();
            e.HasIndex(k => k.OrganisationId);
        });

        builder.Entity<Crime>(e =>
        {
            e.Property(c => c.Visibility).HasConversion<string>().HasMaxLength(16);
            e.HasIndex(c => new { c.Source, c.ImportKey }).IsUnique();
            e.HasIndex(c => new { c.OccurredFrom, c.Id });
            e.HasIndex(c => new { c.Latitude, c.Longitude });
            e.HasIndex(c => c.Cell1km);
            e.HasIndex(c => c.Cell100m);
            e.HasIndex(c => c.Category);
            e.HasIndex(c => c.OwnerOrganisationId);
            // The map snapshot checks MAX(updated_at) every few seconds; without an index that scans every crime.
            e.HasIndex(c => c.UpdatedAt);
            e.Property(c => c.PropertyStolen).HasJsonConversion();
        });

        builder.Entity<AuditEntry>(e =>
        {
            e.HasKey(a => a.Sequence);
            e.Property(a => a.Sequence).ValueGeneratedNever();
            e.HasIndex(a => a.At);
        });

        builder.Entity<AuditHead>(e => e.Property(h => h.Id).ValueGeneratedNever());

        builder.Entity<ImportRun>(e => e.Property(r => r.RejectedRows).HasJsonConversion());

        // Each feature configures its own tables (IEntityTypeConfiguration beside its entities).
        builder.ApplyConfigurationsFromAssembly(typeof(WaymarkDb).Assembly);

        UseSnakeCaseNames(builder);
    }

    private static void UseSnakeCaseNames(ModelBuilder builder)
    {
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            if (entity.IsOwned())
            {
                continue;
            }

            var table = entity.GetTableName();
            if (table is not null)
            {
                entity.SetTableName(SnakeCase(table.StartsWith("AspNet", StringComparison.Ordinal) ? table[6..] : table));
            }

            foreach (var property in entity.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) ||
                              (i + 1 < name.Length && char.IsLower(name[i + 1]) && char.IsUpper(name[i - 1]))))
                {
                    sb.Append('_');
                }

                sb.Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : DateTime.SpecifyKind(v.ToUniversalTime(), DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The embedded store: one SQLite file under the data directory, in WAL mode.</summary>
public sealed class SqliteWaymarkDb(DbContextOptions<SqliteWaymarkDb> options) : WaymarkDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

/// <summary>The production store on PostgreSQL (Npgsql).</summary>
public sealed class PostgresWaymarkDb(DbContextOptions<PostgresWaymarkDb> options) : WaymarkDb(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
