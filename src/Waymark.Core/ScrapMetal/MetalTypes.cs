namespace Waymark.Core.ScrapMetal;

/// <summary>
/// The metals a receipt records, as slugs, and a reader that finds them in the free text of a crime's stolen property
/// ("copper signalling cable", "lead roof sheet", "bronze plaque"). Catalytic converters are their own kind: they are
/// stolen and sold for the platinum-group metals inside, not by weight of steel.
/// </summary>
public static class MetalTypes
{
    public const string Copper = "copper";
    public const string Brass = "brass";
    public const string Bronze = "bronze";
    public const string Lead = "lead";
    public const string Aluminium = "aluminium";
    public const string StainlessSteel = "stainless-steel";
    public const string Steel = "steel";
    public const string Iron = "iron";
    public const string Zinc = "zinc";
    public const string CatalyticConverter = "catalytic-converter";
    public const string PreciousMetal = "precious-metal";
    public const string Other = "other";

    public static readonly IReadOnlyList<string> All =
        [Copper, Brass, Bronze, Lead, Aluminium, StainlessSteel, Steel, Iron, Zinc, CatalyticConverter, PreciousMetal, Other];

    public static bool IsKnown(string? slug) => slug is not null && All.Contains(slug, StringComparer.Ordinal);

    // Words that name each metal in property descriptions; checked as whole words, longest names first
    // (so "stainless steel" is not also read as "steel").
    private static readonly (string Metal, string[] Words)[] Vocabulary =
    [
        (StainlessSteel, ["stainless steel", "stainless"]),
        (CatalyticConverter, ["catalytic converter", "catalytic converters", "catalytic", "cat converter"]),
        (Copper, ["copper", "cu", "earth tape", "earthing tape", "busbar"]),
        (Brass, ["brass"]),
        (Bronze, ["bronze"]),
        (Lead, ["lead", "leadwork", "flashing"]),
        (Aluminium, ["aluminium", "aluminum", "alu", "ali"]),
        (Steel, ["steel"]),
        (Iron, ["iron", "cast iron", "wrought iron"]),
        (Zinc, ["zinc"]),
        (PreciousMetal, ["gold", "silver", "platinum", "palladium", "rhodium"]),
    ];

    /// <summary>The metals named in <paramref name="text"/>, each once, in vocabulary order; empty when none is named.</summary>
    public static IReadOnlyList<string> Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var words = " " + string.Concat(text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')) + " ";
        var found = new List<string>();
        foreach (var (metal, names) in Vocabulary)
        {
            foreach (var name in names)
            {
                var at = words.IndexOf(" " + name + " ", StringComparison.Ordinal);
                if (at < 0)
                {
                    continue;
                }

                found.Add(metal);
                if (metal == StainlessSteel)
                {
                    // Read "stainless steel" once: its "steel" is not a second metal.
                    words = words.Replace(" stainless steel ", " stainless ", StringComparison.Ordinal);
                }

                break;
            }
        }

        return found;
    }
}
