using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// A forensic marking programme: a force's household scheme or an infrastructure owner's cable marking. Its codes carry
/// its four-character <see cref="Prefix"/>; its saturation target is a share of households (0.85 = 85%).
/// </summary>
public sealed class MarkingProgramme
{
    public Guid Id { get; set; }

    public required string Name { get; set; }

    public Guid OwnerOrganisationId { get; set; }

    /// <summary>Four characters, a letter first, unique: the start of every code the programme issues.</summary>
    public required string Prefix { get; set; }

    /// <summary>What is marked: households, businesses or infrastructure (see <see cref="HolderKinds"/>).</summary>
    public required string Kind { get; set; }

    public double SaturationTarget { get; set; } = 0.85;

    public string? Description { get; set; }

    /// <summary>The next serial a batch will start at.</summary>
    public long NextSerial { get; set; }

    public DateTime CreatedAt { get; set; }
}

/// <summary>An area a programme works in (an LSOA), with the coordinator's households count and, once chosen, when marking began.</summary>
public sealed class MarkingArea
{
    public Guid Id { get; set; }

    public Guid ProgrammeId { get; set; }

    /// <summary>The LSOA code (e.g. E01000001), the same code crimes carry in <c>lsoa_code</c>.</summary>
    public required string AreaCode { get; set; }

    public string? Name { get; set; }

    public string? Ward { get; set; }

    /// <summary>Households in the area, from the coordinator's CSV; always above zero.</summary>
    public int Households { get; set; }

    /// <summary>A target area of the programme (as opposed to one only counted, e.g. a candidate or a comparison area).</summary>
    public bool IsTarget { get; set; }

    /// <summary>The day marking began here: the evaluation's before/after split.</summary>
    public DateOnly? MarkingStarted { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>The area's boundary as a GeoJSON Polygon or MultiPolygon (WGS84), from the coordinator's boundary upload; drawn on the saturation map.</summary>
    public string? Boundary { get; set; }

    public DateTime UpdatedAt { get; set; }
}

/// <summary>A batch of codes issued to a programme: serials <see cref="FirstSerial"/> to FirstSerial + Count − 1.</summary>
public sealed class MarkingCodeBatch
{
    public Guid Id { get; set; }

    public Guid ProgrammeId { get; set; }

    public long FirstSerial { get; set; }

    public int Count { get; set; }

    public DateTime IssuedAt { get; set; }

    public required string IssuedBy { get; set; }

    public string? Note { get; set; }
}

/// <summary>The kinds of holder a code is registered to.</summary>
public static class HolderKinds
{
    public const string Household = "household";
    public const string Business = "business";
    public const string Infrastructure = "infrastructure";

    public static readonly IReadOnlyList<string> All = [Household, Business, Infrastructure];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}

internal sealed class MarkingProgrammeConfiguration : IEntityTypeConfiguration<MarkingProgramme>
{
    public void Configure(EntityTypeBuilder<MarkingProgramme> e)
    {
        e.ToTable("MarkingProgrammes");
        e.Property(p => p.Name).HasMaxLength(200);
        e.Property(p => p.Prefix).HasMaxLength(4);
        e.Property(p => p.Kind).HasMaxLength(32);
        e.HasIndex(p => p.Prefix).IsUnique();
        e.HasIndex(p => p.OwnerOrganisationId);
    }
}

internal sealed class MarkingAreaConfiguration : IEntityTypeConfiguration<MarkingArea>
{
    public void Configure(EntityTypeBuilder<MarkingArea> e)
    {
        e.ToTable("MarkingAreas");
        e.Property(a => a.AreaCode).HasMaxLength(16);
        e.Property(a => a.Name).HasMaxLength(200);
        e.Property(a => a.Ward).HasMaxLength(200);
        e.HasIndex(a => new { a.ProgrammeId, a.AreaCode }).IsUnique();
    }
}

internal sealed class MarkingCodeBatchConfiguration : IEntityTypeConfiguration<MarkingCodeBatch>
{
    public void Configure(EntityTypeBuilder<MarkingCodeBatch> e)
    {
        e.ToTable("MarkingCodeBatches");
        e.Property(b => b.IssuedBy).HasMaxLength(200);
        e.HasIndex(b => new { b.ProgrammeId, b.FirstSerial });
    }
}
