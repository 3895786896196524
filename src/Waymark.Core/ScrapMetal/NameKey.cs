namespace Waymark.Core.ScrapMetal;

/// <summary>
/// The key two written forms of a person's name are compared by: lower case, letters only, titles dropped, words in
/// order ("Mr. John  O'Neill" and "john oneill" are the same key). Deliberately exact beyond that: a watchlist hit
/// must not fire on a near-miss spelling of somebody else.
/// </summary>
public static class NameKey
{
    private static readonly HashSet<string> Titles = new(StringComparer.Ordinal) { "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "rev" };

    public static string Of(string name)
    {
        var words = name.ToLowerInvariant()
            .Split([' ', '\t', '-', ','], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => string.Concat(w.Where(char.IsLetter)))
            .Where(w => w.Length > 0)
            .ToList();
        if (words.Count > 1 && Titles.Contains(words[0]))
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }
}
