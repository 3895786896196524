namespace Waymark.Core.Crimes;

/// <summary>
/// A crime category: a kebab-case slug, a display name, and the police.uk category it rolls up to,
/// so that partners' finer categories can be compared with the published national picture.
/// The 14 police.uk categories keep police.uk's own API slugs.
/// </summary>
public sealed record CrimeCategory(string Slug, string Name, string PoliceUkSlug, string? Sector = null)
{
    public bool IsPoliceUk => Slug == PoliceUkSlug;
}

/// <summary>The catalogue of categories. Filters on a police.uk category include its finer categories.</summary>
public static class CrimeCategories
{
    public static readonly IReadOnlyList<CrimeCategory> All =
    [
        // police.uk street-level categories (data.police.uk API slugs).
        new("anti-social-behaviour", "Anti-social behaviour", "anti-social-behaviour"),
        new("bicycle-theft", "Bicycle theft", "bicycle-theft"),
        new("burglary", "Burglary", "burglary"),
        new("criminal-damage-arson", "Criminal damage and arson", "criminal-damage-arson"),
        new("drugs", "Drugs", "drugs"),
        new("other-theft", "Other theft", "other-theft"),
        new("possession-of-weapons", "Possession of weapons", "possession-of-weapons"),
        new("public-order", "Public order", "public-order"),
        new("robbery", "Robbery", "robbery"),
        new("shoplifting", "Shoplifting", "shoplifting"),
        new("theft-from-the-person", "Theft from the person", "theft-from-the-person"),
        new("vehicle-crime", "Vehicle crime", "vehicle-crime"),
        new("violent-crime", "Violence and sexual offences", "violent-crime"),
        new("other-crime", "Other crime", "other-crime"),

        // Infrastructure metal theft by sector (recorded as other theft by police.uk).
        new("metal-theft-rail-signalling-cable", "Metal theft: rail signalling cable", "other-theft", Sector.Rail),
        new("metal-theft-rail-power-cable", "Metal theft: rail power cable", "other-theft", Sector.Rail),
        new("metal-theft-rail-overhead-line", "Metal theft: rail overhead line", "other-theft", Sector.Rail),
        new("metal-theft-substation-earthing", "Metal theft: power substation earthing", "other-theft", Sector.Power),
        new("metal-theft-power-cable", "Metal theft: power cable", "other-theft", Sector.Power),
        new("metal-theft-telecoms-cable", "Metal theft: telecoms cable", "other-theft", Sector.Telecoms),
        new("metal-theft-water", "Metal theft: water infrastructure", "other-theft", Sector.Water),
        new("metal-theft-highways", "Metal theft: highways (signs, barriers, covers, cable)", "other-theft", Sector.Highways),
        new("metal-theft-heritage-lead-roof", "Metal theft: heritage lead and roofing", "other-theft", Sector.Heritage),
        new("metal-theft-heritage-bronze", "Metal theft: heritage bronze (statues, plaques, memorials)", "other-theft", Sector.Heritage),

        // Finer categories of police.uk's groups.
        new("burglary-residential", "Burglary: residential", "burglary", Sector.Residential),
        new("burglary-business", "Burglary: business and community", "burglary", Sector.Commercial),
        new("theft-of-vehicle", "Theft of a motor vehicle", "vehicle-crime"),
        new("theft-from-vehicle", "Theft from a motor vehicle", "vehicle-crime"),
        new("vehicle-interference", "Interference with a motor vehicle", "vehicle-crime"),
        new("criminal-damage", "Criminal damage", "criminal-damage-arson"),
        new("fraud", "Fraud", "other-crime"),
        new("other", "Other", "other-crime"),
    ];

    private static readonly Dictionary<string, CrimeCategory> BySlug = All.ToDictionary(c => c.Slug, StringComparer.Ordinal);

    private static readonly Dictionary<string, CrimeCategory> ByPoliceUkName =
        All.Where(c => c.IsPoliceUk).ToDictionary(c => c.Name, StringComparer.OrdinalIgnoreCase);

    public static bool TryGet(string? slug, out CrimeCategory category)
    {
        if (slug is not null && BySlug.TryGetValue(slug, out var found))
        {
            category = found;
            return true;
        }

        category = null!;
        return false;
    }

    /// <summary>Maps police.uk's "Crime type" column text (e.g. "Violence and sexual offences") to its category.</summary>
    public static bool TryFromPoliceUkName(string crimeType, out CrimeCategory category)
    {
        if (ByPoliceUkName.TryGetValue(crimeType.Trim(), out var found))
        {
            category = found;
            return true;
        }

        category = null!;
        return false;
    }

    /// <summary>The slugs a filter on <paramref name="slug"/> matches: itself and, for a police.uk group, its finer categories.</summary>
    public static IEnumerable<string> Expand(string slug) =>
        All.Where(c => c.Slug == slug || (BySlug.TryGetValue(slug, out var parent) && parent.IsPoliceUk && c.PoliceUkSlug == slug))
           .Select(c => c.Slug);
}
