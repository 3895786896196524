using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Anpr;

/// <summary>
/// One investigation query of ANPR data: who asked, for which investigation (reference), why (purpose), what kind, and —
/// when it reached into restricted reads — the recorded justification. Kept for the monthly figures that a force reports
/// on its use of ANPR (NASPLE's audit standard); the audit log holds the same facts in its hash chain.
/// </summary>
public sealed class AnprQuery
{
    public long Id { get; set; }

    public DateTime At { get; set; }

    public Guid? UserId { get; set; }

    public required string Actor { get; set; }

    public Guid OrganisationId { get; set; }

    /// <summary>movements, near-crimes, convoy, first-last, counts.</summary>
    public required string Kind { get; set; }

    /// <summary>The investigation's reference (crime number, operation name).</summary>
    public required string Reference { get; set; }

    public required string Purpose { get; set; }

    /// <summary>Present when the query reached reads older than the open period.</summary>
    public string? Justification { get; set; }

    public bool Restricted { get; set; }

    /// <summary>The query's parameters as the caller gave them (plate, range, crimes, …).</summary>
    public required string Parameters { get; set; }

    public int Results { get; set; }
}

internal sealed class AnprQueryConfiguration : IEntityTypeConfiguration<AnprQuery>
{
    public void Configure(EntityTypeBuilder<AnprQuery> e)
    {
        e.ToTable("AnprQueries");
        e.HasIndex(q => q.At);
        e.HasIndex(q => new { q.OrganisationId, q.At });
        e.Property(q => q.Kind).HasMaxLength(32);
        e.Property(q => q.Reference).HasMaxLength(100);
        e.Property(q => q.Purpose).HasMaxLength(500);
        e.Property(q => q.Justification).HasMaxLength(2000);
        e.Property(q => q.Actor).HasMaxLength(200);
    }
}
