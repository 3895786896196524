using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// An organisation's receiver of alerts. Every alert to the organisation is POSTed to it, signed with HMAC-SHA256 over
/// <c>{timestamp}.{body}</c> with <see cref="Secret"/> (header <c>X-Waymark-Signature: sha256=…</c>).
/// </summary>
public sealed class WebhookEndpoint : IOrganisationOwned
{
    public Guid Id { get; set; }

    public Guid OrganisationId { get; set; }

    public required string Url { get; set; }

    /// <summary>The shared signing secret, shown once when the endpoint is created.</summary>
    public required string Secret { get; set; }

    public string? Description { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTime CreatedAt { get; set; }
}

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> e)
    {
        e.ToTable("WebhookEndpoints");
        e.Property(w => w.Url).HasMaxLength(2000);
        e.Property(w => w.Secret).HasMaxLength(100);
        e.Property(w => w.Description).HasMaxLength(200);
        e.HasIndex(w => w.OrganisationId);
        e.HasOne<Organisation>().WithMany().HasForeignKey(w => w.OrganisationId);
    }
}
