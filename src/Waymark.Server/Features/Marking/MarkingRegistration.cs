using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// A code registered to its holder — a household, a business or an infrastructure asset — with the items marked.
/// One registration a code (a unique index on <see cref="Code"/>, the compact code). Holder name, address and postcode
/// are personal data: police roles, and the programme's owner, only.
/// </summary>
public sealed class MarkingRegistration
{
    public Guid Id { get; set; }

    /// <summary>The compact code (eleven upper-case characters, see <c>Waymark.Core.Marking.MarkingCode</c>).</summary>
    public required string Code { get; set; }

    public Guid ProgrammeId { get; set; }

    /// <summary>The programme owner's organisation, copied here so a trace needs one row.</summary>
    public Guid OwnerOrganisationId { get; set; }

    public required string HolderKind { get; set; }

    /// <summary>The household's name, the business's name or the asset's reference.</summary>
    public required string HolderName { get; set; }

    public string? Address { get; set; }

    public string? Postcode { get; set; }

    public string? LsoaCode { get; set; }

    public string? Ward { get; set; }

    public string? Contact { get; set; }

    /// <summary>An infrastructure asset's identifier (e.g. a cable run or substation reference).</summary>
    public string? AssetReference { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public List<MarkedItem> Items { get; set; } = [];

    public DateTime RegisteredAt { get; set; }

    public required string RegisteredBy { get; set; }
}

/// <summary>An item marked with the holder's code.</summary>
public sealed class MarkedItem
{
    public required string Description { get; set; }

    public string? Make { get; set; }

    public string? Serial { get; set; }

    /// <summary>Where the holder's photograph of the item is kept (a file name or document reference).</summary>
    public string? PhotoReference { get; set; }
}

internal sealed class MarkingRegistrationConfiguration : IEntityTypeConfiguration<MarkingRegistration>
{
    public void Configure(EntityTypeBuilder<MarkingRegistration> e)
    {
        e.ToTable("MarkingRegistrations");
        e.Property(r => r.Code).HasMaxLength(11);
        e.Property(r => r.HolderKind).HasMaxLength(32);
        e.Property(r => r.HolderName).HasMaxLength(200);
        e.Property(r => r.Postcode).HasMaxLength(10);
        e.Property(r => r.LsoaCode).HasMaxLength(16);
        e.HasIndex(r => r.Code).IsUnique();
        e.HasIndex(r => new { r.ProgrammeId, r.LsoaCode });
        e.Property(r => r.Items).HasJsonConversion();
    }
}
