using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Anpr;

public enum CameraStatus
{
    /// <summary>Reading and sending.</summary>
    Active = 0,

    /// <summary>Reported faulty: its reads are still accepted (a camera may recover mid-batch) but the map shows the fault.</summary>
    Faulty = 1,

    /// <summary>Taken out of service: reads claiming to come from it are refused.</summary>
    Decommissioned = 2,
}

/// <summary>
/// An ANPR camera: where it is (WGS84 and, in Great Britain, BNG metres), which way it looks, how many lanes it reads.
/// Reads name the camera by <see cref="Code"/>; the read store keeps the compact <see cref="Id"/>.
/// </summary>
public sealed class AnprCamera
{
    public int Id { get; set; }

    /// <summary>The camera's own identifier, as it sends it with every read (e.g. <c>BTP-DON-014</c>). Unique.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public Guid OwnerOrganisationId { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    /// <summary>British National Grid easting in metres (EPSG:27700); null outside Great Britain.</summary>
    public double? Easting { get; set; }

    public double? Northing { get; set; }

    /// <summary>Direction of the traffic it reads, degrees clockwise from true north (0–359).</summary>
    public int Bearing { get; set; }

    /// <summary>The bearing as people say it: "N", "NE", … (derived from <see cref="Bearing"/>).</summary>
    public required string Direction { get; set; }

    public int Lanes { get; set; }

    public CameraStatus Status { get; set; }

    /// <summary>When set, only this API key may send reads for the camera (and that key only for the cameras bound to it).</summary>
    public Guid? ApiKeyId { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    public static string DirectionOf(int bearing) =>
        new[] { "N", "NE", "E", "SE", "S", "SW", "W", "NW" }[(int)Math.Round(((bearing % 360) + 360) % 360 / 45.0) % 8];
}

internal sealed class AnprCameraConfiguration : IEntityTypeConfiguration<AnprCamera>
{
    public void Configure(EntityTypeBuilder<AnprCamera> e)
    {
        e.ToTable("AnprCameras");
        e.HasIndex(c => c.Code).IsUnique();
        e.HasIndex(c => c.OwnerOrganisationId);
        e.HasIndex(c => c.ApiKeyId);
        e.Property(c => c.Code).HasMaxLength(64);
        e.Property(c => c.Name).HasMaxLength(200);
        e.Property(c => c.Direction).HasMaxLength(4);
        e.Property(c => c.Status).HasConversion<string>().HasMaxLength(16);
    }
}
