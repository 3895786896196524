using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Marking;

/// <summary>
/// A visit to premises where stolen property surfaces — a second-hand shop, a pawnbroker, a scrap yard — with how many
/// items were scanned for marking and how many were positive. Shared with the scrap-metal feature: a dealer's yard may be
/// named by its licence number (free text, as councils issue them) and <see cref="Purpose"/> tells a marking scan from a
/// Scrap Metal Dealers Act inspection.
/// </summary>
public sealed class PremisesVisit
{
    public Guid Id { get; set; }

    /// <summary>One of <see cref="PremisesKinds"/>.</summary>
    public required string PremisesKind { get; set; }

    public required string PremisesName { get; set; }

    /// <summary>The scrap-metal dealer's licence number or a trading licence, as written on it.</summary>
    public string? LicenceNumber { get; set; }

    public string? Address { get; set; }

    public string? Postcode { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    public DateOnly VisitedOn { get; set; }

    /// <summary>Officers present, as written (names or collar numbers), ';'-separated.</summary>
    public required string Officers { get; set; }

    /// <summary>"marking-scan" or "scrap-inspection" (see <see cref="VisitPurposes"/>).</summary>
    public required string Purpose { get; set; }

    public int ItemsScanned { get; set; }

    public int Positives { get; set; }

    /// <summary>Compact codes read from positive items, ';'-separated.</summary>
    public string? CodesFound { get; set; }

    public string? Notes { get; set; }

    /// <summary>The marking programme the visit served, if any.</summary>
    public Guid? ProgrammeId { get; set; }

    public Guid OrganisationId { get; set; }

    public required string RecordedBy { get; set; }

    public DateTime RecordedAt { get; set; }
}

public static class PremisesKinds
{
    public const string SecondHandShop = "second-hand-shop";
    public const string Pawnbroker = "pawnbroker";
    public const string ScrapYard = "scrap-yard";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [SecondHandShop, Pawnbroker, ScrapYard, Other];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}

public static class VisitPurposes
{
    public const string MarkingScan = "marking-scan";
    public const string ScrapInspection = "scrap-inspection";

    public static readonly IReadOnlyList<string> All = [MarkingScan, ScrapInspection];

    public static bool IsKnown(string? purpose) => purpose is not null && All.Contains(purpose, StringComparer.Ordinal);
}

internal sealed class PremisesVisitConfiguration : IEntityTypeConfiguration<PremisesVisit>
{
    public void Configure(EntityTypeBuilder<PremisesVisit> e)
    {
        e.ToTable("PremisesVisits");
        e.Property(v => v.PremisesKind).HasMaxLength(32);
        e.Property(v => v.PremisesName).HasMaxLength(200);
        e.Property(v => v.LicenceNumber).HasMaxLength(64);
        e.Property(v => v.Purpose).HasMaxLength(32);
        e.HasIndex(v => v.VisitedOn);
        e.HasIndex(v => v.LicenceNumber);
        e.HasIndex(v => v.ProgrammeId);
    }
}
