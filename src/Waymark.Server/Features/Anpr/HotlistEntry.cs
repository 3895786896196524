using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Anpr;

/// <summary>Why a plate is on a hotlist (the reasons NASPLE's hotlist categories cover).</summary>
public static class HotlistReasons
{
    public const string Stolen = "stolen";
    public const string Wanted = "wanted";
    public const string NoInsurance = "no-insurance";
    public const string NoTax = "no-tax";
    public const string Intelligence = "intelligence";
    public const string MissingPerson = "missing-person";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All = [Stolen, Wanted, NoInsurance, NoTax, Intelligence, MissingPerson, Other];
}

/// <summary>
/// A plate of interest to a police force: matched against every read as it arrives, a hit alerts the owning force.
/// Live from creation until <see cref="ExpiresAt"/> or <see cref="RemovedAt"/>.
/// </summary>
public sealed class HotlistEntry
{
    public Guid Id { get; set; }

    /// <summary>The plate in normal form (<see cref="Waymark.Core.Anpr.Vrm"/>).</summary>
    public required string Plate { get; set; }

    public Core.Anpr.PlateFormat Format { get; set; }

    /// <summary>One of <see cref="HotlistReasons"/>.</summary>
    public required string Reason { get; set; }

    /// <summary>What an officer should do on a hit ("stop and arrest", "do not stop — inform OIC", …).</summary>
    public required string Action { get; set; }

    /// <summary>Where the entry came from (PNC, force intelligence system, an investigation's reference).</summary>
    public required string Source { get; set; }

    public Guid OwnerOrganisationId { get; set; }

    public DateTime CreatedAt { get; set; }

    public string? CreatedBy { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public DateTime? RemovedAt { get; set; }

    /// <summary>Changes whenever the entry changes: the in-memory matcher reloads when the newest one moves.</summary>
    public DateTime UpdatedAt { get; set; }

    public bool IsLive(DateTime now) => RemovedAt is null && (ExpiresAt is null || ExpiresAt > now);
}

internal sealed class HotlistEntryConfiguration : IEntityTypeConfiguration<HotlistEntry>
{
    public void Configure(EntityTypeBuilder<HotlistEntry> e)
    {
        e.ToTable("HotlistEntries");
        e.HasIndex(h => h.Plate);
        e.HasIndex(h => new { h.OwnerOrganisationId, h.Plate });
        e.HasIndex(h => h.UpdatedAt);
        e.Property(h => h.Plate).HasMaxLength(16);
        e.Property(h => h.Reason).HasMaxLength(32);
        e.Property(h => h.Action).HasMaxLength(500);
        e.Property(h => h.Source).HasMaxLength(200);
        e.Property(h => h.CreatedBy).HasMaxLength(200);
        e.Property(h => h.Format).HasConversion<string>().HasMaxLength(24);
    }
}
