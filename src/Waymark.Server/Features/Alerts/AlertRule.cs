using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// What an organisation wants to be told about: a kind of alert (<see cref="AlertKinds"/>) with its filters and reach,
/// and how to be told (the organisation's webhooks always; e-mail addresses, quiet hours and a daily digest per rule).
/// </summary>
public sealed class AlertRule : IOrganisationOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Name { get; set; }

    public required string Kind { get; set; }

    /// <summary>Crime categories (slugs) that count; empty = all.</summary>
    public List<string> Categories { get; set; } = [];

    /// <summary>Sectors that count; empty = all.</summary>
    public List<string> Sectors { get; set; } = [];

    public AlertSeverity MinimumSeverity { get; set; }

    /// <summary>How far from an asset a crime or cluster may be and still concern it, metres.</summary>
    public double DistanceMetres { get; set; }

    /// <summary>Near-repeat risk rules: the prospective risk score at an asset that raises an alert.</summary>
    public double? RiskThreshold { get; set; }

    /// <summary>Emerging-cluster rules: the days the scan looks back over; series rules: the days a series may span.</summary>
    public int? WindowDays { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Addresses told by e-mail (when the server has an SMTP server configured).</summary>
    public List<string> EmailTo { get; set; } = [];

    /// <summary>Quiet hours (UK local time): e-mails and webhooks wait until they end, unless the alert is critical.</summary>
    public TimeOnly? QuietFrom { get; set; }

    public TimeOnly? QuietTo { get; set; }

    /// <summary>E-mail once a day (at <see cref="AlertOptions.DigestHour"/>) with the day's alerts, instead of one e-mail per alert.</summary>
    public bool DailyDigest { get; set; }

    public DateTime CreatedAt { get; set; }
}

internal sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> e)
    {
        e.ToTable("AlertRules");
        e.Property(r => r.Name).HasMaxLength(200);
        e.Property(r => r.Kind).HasMaxLength(64);
        e.Property(r => r.MinimumSeverity).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.Categories).HasJsonConversion();
        e.Property(r => r.Sectors).HasJsonConversion();
        e.Property(r => r.EmailTo).HasJsonConversion();
        e.HasIndex(r => new { r.OrganisationId, r.Kind });
        e.HasOne<Organisation>().WithMany().HasForeignKey(r => r.OrganisationId);
    }
}
