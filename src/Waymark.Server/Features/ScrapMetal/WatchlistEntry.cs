using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.ScrapMetal;

public enum WatchlistSubject
{
    Person = 0,
    Vehicle = 1,
}

/// <summary>
/// A person or vehicle police want to know about when they sell metal. Police only: never shown to dealers or partners,
/// and a dealer whose receipt matches is told only that a check needs police follow-up.
/// </summary>
public sealed class WatchlistEntry
{
    public Guid Id { get; set; }

    /// <summary>The police force that keeps the entry.</summary>
    public Guid OwnerOrganisationId { get; set; }

    public WatchlistSubject Subject { get; set; }

    /// <summary>The person's name as entered, and its match key (<see cref="Waymark.Core.ScrapMetal.NameKey"/>).</summary>
    public string? Name { get; set; }

    public string? NameKey { get; set; }

    /// <summary>The vehicle's registration mark, normalised.</summary>
    public string? Registration { get; set; }

    /// <summary>Why police want to know: the intelligence itself.</summary>
    public required string Reason { get; set; }

    /// <summary>3x5x2 grading code, e.g. 2BP.</summary>
    public string? Grading { get; set; }

    /// <summary>Whom to tell (an officer, a desk): shown to police with the match.</summary>
    public string? Contact { get; set; }

    public DateTime? ExpiresAt { get; set; }

    public Guid? CreatedByUserId { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class WatchlistEntryConfiguration : IEntityTypeConfiguration<WatchlistEntry>
{
    public void Configure(EntityTypeBuilder<WatchlistEntry> e)
    {
        e.ToTable("ScrapWatchlist");
        e.HasIndex(w => w.NameKey);
        e.HasIndex(w => w.Registration);
        e.Property(w => w.Subject).HasConversion<string>().HasMaxLength(16);
        e.Property(w => w.NameKey).HasMaxLength(200);
        e.Property(w => w.Registration).HasMaxLength(16);
        e.Property(w => w.Grading).HasMaxLength(8);
    }
}
