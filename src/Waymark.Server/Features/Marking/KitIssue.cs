using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Marking;

/// <summary>A marking kit delivered to an address: who delivered it, when, and (once known) the code it carries.</summary>
public sealed class KitIssue
{
    public Guid Id { get; set; }

    public Guid ProgrammeId { get; set; }

    /// <summary>The compact code in the kit, when recorded at delivery.</summary>
    public string? Code { get; set; }

    public required string DeliveredBy { get; set; }

    public DateTime DeliveredAt { get; set; }

    public required string Address { get; set; }

    public string? Postcode { get; set; }

    public string? LsoaCode { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>Marked property handed back to its registered holder: the figure MetTrace did not routinely record.</summary>
public sealed class PropertyReturn
{
    public Guid Id { get; set; }

    public required string Code { get; set; }

    public Guid RegistrationId { get; set; }

    public Guid ProgrammeId { get; set; }

    /// <summary>The crime the property was stolen in, when known.</summary>
    public Guid? CrimeId { get; set; }

    public required string ItemDescription { get; set; }

    public DateTime ReturnedAt { get; set; }

    public required string ReturnedBy { get; set; }

    public Guid RecordedByOrganisationId { get; set; }

    public decimal? ValuePounds { get; set; }
}

internal sealed class KitIssueConfiguration : IEntityTypeConfiguration<KitIssue>
{
    public void Configure(EntityTypeBuilder<KitIssue> e)
    {
        e.ToTable("MarkingKitIssues");
        e.Property(k => k.Code).HasMaxLength(11);
        e.Property(k => k.LsoaCode).HasMaxLength(16);
        e.Property(k => k.Postcode).HasMaxLength(10);
        e.HasIndex(k => new { k.ProgrammeId, k.LsoaCode });
        e.HasIndex(k => new { k.ProgrammeId, k.DeliveredAt });
    }
}

internal sealed class PropertyReturnConfiguration : IEntityTypeConfiguration<PropertyReturn>
{
    public void Configure(EntityTypeBuilder<PropertyReturn> e)
    {
        e.ToTable("MarkingPropertyReturns");
        e.Property(r => r.Code).HasMaxLength(11);
        e.HasIndex(r => r.Code);
        e.HasIndex(r => new { r.ProgrammeId, r.ReturnedAt });
    }
}
