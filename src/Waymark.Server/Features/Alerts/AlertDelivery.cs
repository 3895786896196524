using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Alerts;

public enum DeliveryChannel
{
    Webhook = 0,
    Email = 1,
    Digest = 2,
}

public enum DeliveryStatus
{
    /// <summary>To be sent at <see cref="AlertDelivery.NextAttemptAt"/> (now, after a back-off, or when quiet hours end).</summary>
    Pending = 0,
    Sent = 1,
    /// <summary>Gave up after the last retry; kept in the delivery log.</summary>
    Failed = 2,
}

/// <summary>
/// One send of one alert (or one update of it) to one target: the outbox of the outside world. Written in the transaction
/// that raises the alert; sent after; retried with exponential back-off; its log is what an operator checks.
/// </summary>
public sealed class AlertDelivery
{
    public long Id { get; set; }

    public Guid AlertId { get; set; }

    public Guid OrganisationId { get; set; }

    public DeliveryChannel Channel { get; set; }

    /// <summary>The webhook endpoint (for webhooks).</summary>
    public Guid? EndpointId { get; set; }

    /// <summary>Where it goes: the URL or the e-mail address.</summary>
    public required string Target { get; set; }

    /// <summary>Which occurrence of the alert this tells of (1 = raised, 2+ = updates).</summary>
    public int Occurrence { get; set; }

    public DeliveryStatus Status { get; set; }

    public int Attempts { get; set; }

    public DateTime NextAttemptAt { get; set; }

    public int? LastStatusCode { get; set; }

    public string? LastError { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime? SentAt { get; set; }
}

internal sealed class AlertDeliveryConfiguration : IEntityTypeConfiguration<AlertDelivery>
{
    public void Configure(EntityTypeBuilder<AlertDelivery> e)
    {
        e.ToTable("AlertDeliveries");
        e.Property(d => d.Channel).HasConversion<string>().HasMaxLength(16);
        e.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(d => d.Target).HasMaxLength(2000);
        e.Property(d => d.LastError).HasMaxLength(1000);
        // The sender asks for what is due, on every signal.
        e.HasIndex(d => new { d.Status, d.NextAttemptAt });
        e.HasIndex(d => d.AlertId);
        e.HasIndex(d => new { d.EndpointId, d.CreatedAt });
    }
}
