using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// A disposal of scrap metal as s.14 requires it recorded: under a site licence the description (type, form, weight),
/// date and time, buyer's name and address and the price; under a collector's licence the date and time and the
/// buyer's name and address. Kept three years after <see cref="DisposedAt"/>.
/// </summary>
public sealed class ScrapDisposal
{
    public Guid Id { get; set; }

    public required string Reference { get; set; }

    public Guid DealerOrganisationId { get; set; }

    public Guid LicenceId { get; set; }

    public Guid? SiteId { get; set; }

    public Guid? CouncilOrganisationId { get; set; }

    public DateTime DisposedAt { get; set; }

    public List<DisposalItem> Items { get; set; } = [];

    public double? TotalWeightKg { get; set; }

    public required string BuyerName { get; set; }

    public required string BuyerAddress { get; set; }

    public decimal? PricePounds { get; set; }

    public required string Source { get; set; }

    public Guid? RecordedByUserId { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>One lot of metal disposed of. Weight in kilograms.</summary>
public sealed class DisposalItem
{
    public required string MetalType { get; set; }

    public string? Form { get; set; }

    public double WeightKg { get; set; }
}

internal sealed class ScrapDisposalConfiguration : IEntityTypeConfiguration<ScrapDisposal>
{
    public void Configure(EntityTypeBuilder<ScrapDisposal> e)
    {
        e.ToTable("ScrapDisposals");
        e.HasIndex(d => new { d.DealerOrganisationId, d.Reference }).IsUnique();
        e.HasIndex(d => new { d.DealerOrganisationId, d.DisposedAt });
        e.HasIndex(d => d.DisposedAt);
        e.Property(d => d.Reference).HasMaxLength(64);
        e.Property(d => d.Source).HasMaxLength(8);
        e.Property(d => d.Items).HasJsonConversion();
    }
}
