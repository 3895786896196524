namespace Waymark.Core.Marking;

/// <summary>
/// ISO/IEC 7064 hybrid system MOD 37,36: one alphanumeric check character over the alphabet 0–9, A–Z. It catches every
/// single-character substitution and every transposition of adjacent characters (ISO/IEC 7064:2003, clause 6). The
/// same system checks GRid release identifiers (GRid Standard v2.1, example A1-2425G-ABC1234002-M).
/// </summary>
public static class Mod37_36
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const int M = 36;

    /// <summary>The value 0–35 of an upper-case alphanumeric character, or -1 for any other character.</summary>
    public static int ValueOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    /// <summary>The running check of ISO 7064's recursive method; a string ending in its check character gives 1.</summary>
    public static int Checksum(ReadOnlySpan<char> text)
    {
        var check = M / 2;
        foreach (var c in text)
        {
            var v = ValueOf(c);
            if (v < 0)
            {
                throw new ArgumentException($"'{c}' is not in the alphabet 0-9, A-Z.", nameof(text));
            }

            check = ((check == 0 ? M : check) * 2 % (M + 1) + v) % M;
        }

        return check;
    }

    /// <summary>The check character to append to <paramref name="text"/> (upper-case 0–9, A–Z).</summary>
    public static char CheckCharacter(ReadOnlySpan<char> text)
    {
        var p = Checksum(text);
        return Alphabet[(1 - (p == 0 ? M : p) * 2 % (M + 1) + M) % M];
    }

    /// <summary>True when <paramref name="textWithCheck"/> (upper-case, at least two characters) ends in its right check character.</summary>
    public static bool IsValid(ReadOnlySpan<char> textWithCheck)
    {
        foreach (var c in textWithCheck)
        {
            if (ValueOf(c) < 0)
            {
                return false;
            }
        }

        return textWithCheck.Length >= 2 && Checksum(textWithCheck) == 1;
    }
}
