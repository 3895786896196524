using System.Globalization;
using System.Text.Json.Nodes;
using Waymark.Core.Crimes;
using Waymark.Server.Data;
using Waymark.Server.Features.Auth;

namespace Waymark.Server.Features.Alerts;

/// <summary>An alert decided for one organisation, before the dispatcher writes it (or updates the one it continues).</summary>
public sealed record AlertDraft(
    Guid OrganisationId,
    AlertRule? Rule,
    string Kind,
    AlertSeverity Severity,
    string Title,
    string Summary,
    JsonObject Evidence,
    double? Latitude,
    double? Longitude,
    string? Link,
    string? DedupKey)
{
    /// <summary>Other rules of the organisation the same event matched: their e-mail addresses are told too.</summary>
    public IReadOnlyList<AlertRule> AlsoMatched { get; init; } = [];

    public IEnumerable<AlertRule> Rules => Rule is null ? AlsoMatched : AlsoMatched.Prepend(Rule);
}

internal static class AlertText
{
    /// <summary>What an organisation sees of the crime database: the same rules as a person of it with an analyst's role.</summary>
    public static Caller ViewOf(Organisation org) =>
        new(null, "system:alerts", org.Id, org.Kind, org.IsLawEnforcement ? Roles.PoliceAnalyst : Roles.PartnerAnalyst);

    public static string MapLink(double? lat, double? lon, int zoom = 15, Guid? crime = null) =>
        lat is null || lon is null ? "/"
        : string.Create(CultureInfo.InvariantCulture, $"/?lat={lat:0.#####}&lon={lon:0.#####}&z={zoom}") + (crime is { } c ? $"&crime={c}" : "");

    public static string CategoryName(string slug) => CrimeCategories.TryGet(slug, out var c) ? c.Name : slug;

    public static string Metres(double d) => d < 1 ? "inside" : d < 1000 ? $"{d:0} m from" : $"{d / 1000:0.0} km from";

    public static bool Matches(AlertRule rule, Crime crime) =>
        (rule.Categories.Count == 0 || rule.Categories.Contains(crime.Category, StringComparer.Ordinal) || rule.Categories.Contains(crime.PoliceUkCategory, StringComparer.Ordinal)) &&
        (rule.Sectors.Count == 0 || (crime.Sector is not null && rule.Sectors.Contains(crime.Sector, StringComparer.Ordinal)));

    /// <summary>The facts of a crime an alert may carry: never the personal fields (officer, victim, suspect, vehicles).</summary>
    public static JsonObject Describe(Crime crime, IReadOnlyDictionary<Guid, Organisation> orgs) => new()
    {
        ["id"] = crime.Id.ToString(),
        ["reference"] = crime.Reference,
        ["category"] = crime.Category,
        ["sector"] = crime.Sector,
        ["occurredFrom"] = crime.OccurredFrom,
        ["occurredTo"] = crime.OccurredTo,
        ["latitude"] = crime.Latitude,
        ["longitude"] = crime.Longitude,
        ["location"] = crime.LocationDescription,
        ["assetAffected"] = crime.AssetAffected,
        ["owner"] = orgs.TryGetValue(crime.OwnerOrganisationId, out var o) ? o.Name : null,
        ["visibility"] = crime.Visibility.ToString(),
    };
}
