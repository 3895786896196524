using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>The two kinds of licence under the Scrap Metal Dealers Act 2013, s.2.</summary>
public enum LicenceType
{
    /// <summary>Authorises dealing at the sites it names, each with its site manager.</summary>
    Site = 0,

    /// <summary>Authorises collecting in one council's area; no site.</summary>
    Collector = 1,
}

/// <summary>What the issuing council says of a licence. An active licence past its expiry date is shown as expired.</summary>
public enum LicenceStatus
{
    Active = 0,
    Revoked = 1,
    Surrendered = 2,
    Suspended = 3,
}

/// <summary>
/// A scrap metal dealer's licence, issued by a council (the licensing authority) for three years (s.8). The licence
/// records the police force covering it (a PoliceForce organisation in Waymark): flagged receipts go to that force,
/// or to the force a site names when its sites lie in another force's area.
/// </summary>
public sealed class ScrapLicence
{
    public Guid Id { get; set; }

    /// <summary>The council's licence number, unique across the register.</summary>
    public required string LicenceNumber { get; set; }

    public LicenceType Type { get; set; }

    /// <summary>The licensee as on the register (a person or a company).</summary>
    public required string HolderName { get; set; }

    /// <summary>The dealer organisation in Waymark that trades under this licence, if it uses Waymark.</summary>
    public Guid? DealerOrganisationId { get; set; }

    public required string IssuingCouncil { get; set; }

    /// <summary>The council's organisation in Waymark, when it is a member (it manages the licence and sees its dealers' compliance).</summary>
    public Guid? CouncilOrganisationId { get; set; }

    /// <summary>The police force covering the council area: receives flagged receipts.</summary>
    public Guid PoliceForceOrganisationId { get; set; }

    public DateOnly IssuedOn { get; set; }

    public DateOnly ExpiresOn { get; set; }

    public LicenceStatus Status { get; set; }

    public List<ScrapSite> Sites { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Whether the licence authorises dealing on <paramref name="day"/> (a UK calendar date).</summary>
    public bool IsInForce(DateOnly day) => Status == LicenceStatus.Active && day >= IssuedOn && day <= ExpiresOn;

    /// <summary>The status as the register shows it on <paramref name="day"/>: active, expired, not-yet-valid, revoked, surrendered, suspended.</summary>
    public string StatusOn(DateOnly day) => Status != LicenceStatus.Active ? Status.ToString().ToLowerInvariant()
        : day > ExpiresOn ? "expired" : day < IssuedOn ? "not-yet-valid" : "active";
}

/// <summary>A site named on a site licence, with its manager (s.2) and its position (WGS84 and British National Grid, metres).</summary>
public sealed class ScrapSite
{
    public Guid Id { get; set; }

    public Guid LicenceId { get; set; }

    public required string Name { get; set; }

    public required string Address { get; set; }

    public string? Postcode { get; set; }

    /// <summary>The site manager named on the licence: personal data, not on the partners' view of the register.</summary>
    public required string SiteManager { get; set; }

    public double Latitude { get; set; }

    public double Longitude { get; set; }

    public double Easting { get; set; }

    public double Northing { get; set; }

    /// <summary>The force covering the site when it is not the licence's (a site across a force boundary).</summary>
    public Guid? PoliceForceOrganisationId { get; set; }
}

internal sealed class ScrapLicenceConfiguration : IEntityTypeConfiguration<ScrapLicence>
{
    public void Configure(EntityTypeBuilder<ScrapLicence> e)
    {
        e.ToTable("ScrapLicences");
        e.HasIndex(l => l.LicenceNumber).IsUnique();
        e.HasIndex(l => l.DealerOrganisationId);
        e.HasIndex(l => l.CouncilOrganisationId);
        e.Property(l => l.LicenceNumber).HasMaxLength(64);
        e.Property(l => l.HolderName).HasMaxLength(200);
        e.Property(l => l.IssuingCouncil).HasMaxLength(200);
        e.Property(l => l.Type).HasConversion<string>().HasMaxLength(16);
        e.Property(l => l.Status).HasConversion<string>().HasMaxLength(16);
        e.HasMany(l => l.Sites).WithOne().HasForeignKey(s => s.LicenceId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ScrapSiteConfiguration : IEntityTypeConfiguration<ScrapSite>
{
    public void Configure(EntityTypeBuilder<ScrapSite> e)
    {
        e.ToTable("ScrapSites");
        e.Property(s => s.Name).HasMaxLength(200);
        e.Property(s => s.Postcode).HasMaxLength(10);
    }
}
