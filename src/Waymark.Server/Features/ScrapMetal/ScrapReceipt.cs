using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Core.ScrapMetal;
using Waymark.Server.Data;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>
/// A receipt of scrap metal as s.13 requires it recorded, with the results of Waymark's checks, saved together in one
/// transaction. Seller, vehicle and payer are personal data. Kept three years after <see cref="ReceivedAt"/> (s.15).
/// </summary>
public sealed class ScrapReceipt
{
    public Guid Id { get; set; }

    /// <summary>The dealer's own reference (ticket number), unique per dealer; made up when not given.</summary>
    public required string Reference { get; set; }

    public Guid DealerOrganisationId { get; set; }

    public Guid LicenceId { get; set; }

    /// <summary>The site it was received at; null for a collector.</summary>
    public Guid? SiteId { get; set; }

    /// <summary>Denormalised from the licence, so a council's view of its dealers' receipts is one indexed query.</summary>
    public Guid? CouncilOrganisationId { get; set; }

    /// <summary>The force covering the place of receipt: told when the receipt is flagged.</summary>
    public Guid PoliceForceOrganisationId { get; set; }

    public DateTime ReceivedAt { get; set; }

    /// <summary>The metal: type or types (when mixed), form, condition, weight, marks and distinguishing features.</summary>
    public List<ReceiptItem> Items { get; set; } = [];

    public double TotalWeightKg { get; set; }

    /// <summary>The registration mark of the vehicle the metal came in, normalised; null when it came without one.</summary>
    public string? VehicleRegistration { get; set; }

    public PlateFormat? VehiclePlateFormat { get; set; }

    public required string SellerName { get; set; }

    public required string SellerAddress { get; set; }

    public IdDocumentType IdDocument { get; set; }

    /// <summary>Where the copy of the identity document is kept (a scan's file name, a folder reference).</summary>
    public string? IdCopyReference { get; set; }

    public ProofOfAddressType ProofOfAddress { get; set; }

    public DateOnly? ProofOfAddressDate { get; set; }

    public string? ProofOfAddressCopyReference { get; set; }

    /// <summary>The person who paid for the dealer.</summary>
    public required string PaidBy { get; set; }

    public PaymentMethod Payment { get; set; }

    /// <summary>The cheque number or transfer reference, whose copy is kept.</summary>
    public string? PaymentReference { get; set; }

    public decimal? AmountPounds { get; set; }

    /// <summary>Where it was received: the site, or for a collector the place of collection (WGS84 and BNG metres).</summary>
    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public double? Easting { get; set; }

    public double? Northing { get; set; }

    public bool IdVerified { get; set; }

    public int BreachCount { get; set; }

    /// <summary>True when any check failed: the force is told.</summary>
    public bool Flagged { get; set; }

    public List<ReceiptCheckResult> Checks { get; set; } = [];

    /// <summary>api, web or csv.</summary>
    public required string Source { get; set; }

    public Guid? RecordedByUserId { get; set; }

    public DateTime RecordedAt { get; set; }
}

/// <summary>One lot of metal on a receipt. Weight in kilograms.</summary>
public sealed class ReceiptItem
{
    /// <summary>One of <see cref="MetalTypes.All"/>.</summary>
    public required string MetalType { get; set; }

    /// <summary>Cable, sheet, pipe, wire, plate, casting…</summary>
    public string? Form { get; set; }

    /// <summary>New, used, burnt, stripped, cut…</summary>
    public string? Condition { get; set; }

    public double WeightKg { get; set; }

    /// <summary>Marks of previous owners and distinguishing features (s.13(2)(a)).</summary>
    public string? Marks { get; set; }

    /// <summary>A forensic marking code read on the metal, if any (matched against the marking registry).</summary>
    public string? MarkingCode { get; set; }
}

/// <summary>
/// The result of one check on a receipt. <see cref="Detail"/> and <see cref="RelatedIds"/> are the intelligence behind
/// it, for police only; <see cref="DealerMessage"/> is what the dealer is told.
/// </summary>
public sealed class ReceiptCheckResult
{
    public required string Check { get; set; }

    /// <summary>breach (of the Act, the dealer's own compliance) or intelligence (partnership and police knowledge).</summary>
    public required string Kind { get; set; }

    public bool Passed { get; set; }

    /// <summary>False when the check could not run (e.g. no location for a collector's receipt).</summary>
    public bool Ran { get; set; } = true;

    public string? Code { get; set; }

    public string? DealerMessage { get; set; }

    public string? Detail { get; set; }

    public List<string> RelatedIds { get; set; } = [];
}

internal sealed class ScrapReceiptConfiguration : IEntityTypeConfiguration<ScrapReceipt>
{
    public void Configure(EntityTypeBuilder<ScrapReceipt> e)
    {
        e.ToTable("ScrapReceipts");
        e.HasIndex(r => new { r.DealerOrganisationId, r.Reference }).IsUnique();
        e.HasIndex(r => new { r.DealerOrganisationId, r.ReceivedAt });
        e.HasIndex(r => new { r.PoliceForceOrganisationId, r.ReceivedAt });
        e.HasIndex(r => new { r.CouncilOrganisationId, r.ReceivedAt });
        // The retention job purges by date.
        e.HasIndex(r => r.ReceivedAt);
        e.Property(r => r.Reference).HasMaxLength(64);
        e.Property(r => r.VehicleRegistration).HasMaxLength(16);
        e.Property(r => r.VehiclePlateFormat).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.IdDocument).HasConversion<string>().HasMaxLength(32);
        e.Property(r => r.ProofOfAddress).HasConversion<string>().HasMaxLength(32);
        e.Property(r => r.Payment).HasConversion<string>().HasMaxLength(32);
        e.Property(r => r.Source).HasMaxLength(8);
        e.Property(r => r.Items).HasJsonConversion();
        e.Property(r => r.Checks).HasJsonConversion();
    }
}
