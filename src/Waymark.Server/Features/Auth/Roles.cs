namespace Waymark.Server.Features.Auth;

/// <summary>Role slugs, as used by the API, the command line and the Identity role names.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string PoliceAnalyst = "police-analyst";
    public const string PoliceOfficer = "police-officer";
    public const string PartnerAnalyst = "partner-analyst";
    public const string Dealer = "dealer";
    public const string Machine = "machine";

    public static readonly IReadOnlyList<string> All = [Admin, PoliceAnalyst, PoliceOfficer, PartnerAnalyst, Dealer, Machine];

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
