using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// Something an organisation protects: a point (substation, church, signal box), a line with a buffer (a rail route, a
/// cable run) or a polygon (a depot, a parish). Kept as WGS84 GeoJSON; distances are measured on the national grid of
/// the jurisdiction it lies in (British National Grid, or Irish Transverse Mercator in Northern Ireland).
/// </summary>
public sealed class Asset : IOrganisationOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    /// <summary>What it is, in the owner's words: "substation", "signal box", "cable route", "church".</summary>
    public string? Kind { get; set; }

    /// <summary>The owner's own identifier; a bulk upload with the same reference updates rather than duplicates.</summary>
    public string? Reference { get; set; }

    /// <summary>Point, LineString or Polygon (and their Multi forms).</summary>
    public required string GeometryType { get; set; }

    /// <summary>The geometry as GeoJSON, WGS84 longitude/latitude.</summary>
    public required string GeoJson { get; set; }

    /// <summary>Metres around the geometry that count as the asset (a cable run's corridor). 0 for a bare point or polygon.</summary>
    public double BufferMetres { get; set; }

    /// <summary>May police forces see where it is (for patrol planning and to be told of its alerts)?</summary>
    public bool SharedWithPolice { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> e)
    {
        e.ToTable("Assets");
        e.Property(a => a.Name).HasMaxLength(200);
        e.Property(a => a.Kind).HasMaxLength(100);
        e.Property(a => a.Reference).HasMaxLength(100);
        e.Property(a => a.GeometryType).HasMaxLength(32);
        e.HasIndex(a => new { a.OrganisationId, a.Reference }).IsUnique();
        e.HasIndex(a => a.UpdatedAt); // the index checks MAX(updated_at) to notice other processes' changes
        e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId);
    }
}
