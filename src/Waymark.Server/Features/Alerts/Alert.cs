using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

public enum AlertStatus
{
    Open = 0,
    Acknowledged = 1,
    Closed = 2,
}

/// <summary>
/// An alert to one organisation: what happened, why it matched (the rule and the evidence), how severe, where to look.
/// A developing pattern (the same cluster, the same vehicle, the same series) stays one alert, updated — see
/// <see cref="DedupKey"/> and <see cref="Occurrences"/>.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public Guid? RuleId { get; set; }

    public required string Kind { get; set; }

    public AlertSeverity Severity { get; set; }

    public AlertStatus Status { get; set; }

    public required string Title { get; set; }

    public required string Summary { get; set; }

    /// <summary>Why it matched, as JSON: the crimes, the asset and its distance, the cluster statistics.</summary>
    public required string Evidence { get; set; }

    public double? Latitude { get; set; }

    public double? Longitude { get; set; }

    /// <summary>The web app view that shows it.</summary>
    public string? Link { get; set; }

    public string? DedupKey { get; set; }

    /// <summary>1 when raised; +1 each time the same pattern recurs (an update, not a new alert).</summary>
    public int Occurrences { get; set; } = 1;

    public Guid? AssignedToUserId { get; set; }

    public string? AssignedToName { get; set; }

    public string? ClosingNote { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>The outbox event that raised it (or last updated it).</summary>
    public long SourceEventId { get; set; }
}

/// <summary>What happened to an alert and who did it: raised, updated, read, acknowledged, assigned, closed.</summary>
public sealed class AlertHistoryEntry
{
    public long Id { get; set; }

    public Guid AlertId { get; set; }

    public DateTime At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public string? Note { get; set; }
}

/// <summary>When a user last read an alert; an alert updated since is unread again.</summary>
public sealed class AlertRead
{
    public Guid AlertId { get; set; }

    public Guid UserId { get; set; }

    public DateTime ReadAt { get; set; }
}

internal sealed class AlertConfiguration :
    IEntityTypeConfiguration<Alert>, IEntityTypeConfiguration<AlertHistoryEntry>, IEntityTypeConfiguration<AlertRead>
{
    public void Configure(EntityTypeBuilder<Alert> e)
    {
        e.ToTable("Alerts");
        e.Property(a => a.Kind).HasMaxLength(64);
        e.Property(a => a.Severity).HasConversion<string>().HasMaxLength(16);
        e.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(a => a.Title).HasMaxLength(300);
        e.Property(a => a.DedupKey).HasMaxLength(200);
        e.HasIndex(a => new { a.OrganisationId, a.UpdatedAt });
        e.HasIndex(a => new { a.OrganisationId, a.DedupKey });
        e.HasOne<Organisation>().WithMany().HasForeignKey(a => a.OrganisationId);
    }

    public void Configure(EntityTypeBuilder<AlertHistoryEntry> e)
    {
        e.ToTable("AlertHistory");
        e.Property(h => h.Action).HasMaxLength(32);
        e.HasIndex(h => h.AlertId);
        e.HasOne<Alert>().WithMany().HasForeignKey(h => h.AlertId);
    }

    public void Configure(EntityTypeBuilder<AlertRead> e)
    {
        e.ToTable("AlertReads");
        e.HasKey(r => new { r.AlertId, r.UserId });
        e.HasOne<Alert>().WithMany().HasForeignKey(r => r.AlertId);
    }
}
