using System.Text.Json.Nodes;

namespace Waymark.Server.Features.Alerts;

/// <summary>An alert as the inbox, the live stream and webhooks show it.</summary>
public sealed record AlertView(
    Guid Id,
    string Kind,
    AlertSeverity Severity,
    AlertStatus Status,
    string Title,
    string Summary,
    JsonNode? Evidence,
    double? Latitude,
    double? Longitude,
    string? Link,
    int Occurrences,
    Guid? RuleId,
    Guid? AssignedToUserId,
    string? AssignedToName,
    string? ClosingNote,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    bool? Unread = null)
{
    public static AlertView From(Alert a, bool? unread = null) => new(
        a.Id, a.Kind, a.Severity, a.Status, a.Title, a.Summary, JsonNode.Parse(a.Evidence), a.Latitude, a.Longitude, a.Link,
        a.Occurrences, a.RuleId, a.AssignedToUserId, a.AssignedToName, a.ClosingNote, a.CreatedAt, a.UpdatedAt, unread);
}
