using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Waymark.Server.Features.Alerts;

/// <summary>
/// A fact that may concern organisations (a crime recorded, a code traced, a receipt flagged, a hotlist hit), written in
/// the same transaction as the change that caused it. The alert dispatcher turns it into alerts and deliveries, and marks
/// it processed in the transaction that writes them: a process stopping at any point loses nothing and repeats nothing.
/// </summary>
public sealed class OutboxEvent
{
    public long Id { get; set; }

    /// <summary>One of <see cref="OutboxEventKinds"/>.</summary>
    public required string Kind { get; set; }

    public DateTime At { get; set; }

    /// <summary>The event's data as JSON (for <see cref="OutboxEventKinds.Directed"/>, a <see cref="DirectedAlert"/>).</summary>
    public required string Payload { get; set; }

    public DateTime? ProcessedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }
}

public static class OutboxEventKinds
{
    /// <summary>A crime was recorded or updated (payload: the crime id); matched against assets, risk and series rules.</summary>
    public const string CrimeRecorded = "crime-recorded";

    /// <summary>A significant emerging cluster from the scheduled scan (payload: <see cref="ClusterFound"/>).</summary>
    public const string ClusterFound = "cluster-found";

    /// <summary>An alert whose recipients the raising feature already knows (payload: <see cref="DirectedAlert"/>).</summary>
    public const string Directed = "directed";
}

internal sealed class OutboxEventConfiguration : IEntityTypeConfiguration<OutboxEvent>
{
    public void Configure(EntityTypeBuilder<OutboxEvent> e)
    {
        e.ToTable("OutboxEvents");
        e.Property(o => o.Kind).HasMaxLength(64);
        // The dispatcher asks for the unprocessed events in order, on every signal.
        e.HasIndex(o => new { o.ProcessedAt, o.Id });
    }
}
