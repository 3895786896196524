namespace Waymark.Core.Crimes;

/// <summary>The sectors the partnership protects, as kebab-case slugs used by the API and the CSV templates.</summary>
public static class Sector
{
    public const string Rail = "rail";
    public const string Power = "power";
    public const string Telecoms = "telecoms";
    public const string Water = "water";
    public const string Highways = "highways";
    public const string Heritage = "heritage";
    public const string Retail = "retail";
    public const string Residential = "residential";
    public const string Commercial = "commercial";
    public const string Public = "public";

    public static readonly IReadOnlyList<string> All =
        [Rail, Power, Telecoms, Water, Highways, Heritage, Retail, Residential, Commercial, Public];

    public static bool IsKnown(string? slug) => slug is not null && All.Contains(slug, StringComparer.Ordinal);
}
