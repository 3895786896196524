namespace Waymark.Core.Anpr;

/// <summary>
/// Number-plate normalisation and format recognition for ANPR reads. Pure and allocation-free on the span overloads, so
/// ingestion can classify hundreds of thousands of reads a second.
/// <para>
/// Normal form: upper case, spaces and hyphens removed (a camera's OCR and a person typing a plate disagree on spacing,
/// never on characters). A plate is malformed when, after that, it is empty, longer than
/// <see cref="MaxLength"/> characters, or holds anything other than letters and digits (an OCR "?" for an unreadable
/// character, punctuation).
/// </para>
/// </summary>
public static class Vrm
{
    /// <summary>The longest plate accepted (UK marks are at most 7 characters; some foreign ones reach 10).</summary>
    public const int MaxLength = 10;

    /// <summary>Two-letter county codes of Northern Ireland marks (DVA; every code holds an I or a Z).</summary>
    private static readonly string[] NorthernIrelandCodes =
    [
        "AZ", "BZ", "CZ", "DZ", "EZ", "FZ", "GZ", "HZ", "IA", "IB", "IG", "IH", "IJ", "IL", "IW", "JZ",
        "KZ", "LZ", "MZ", "NZ", "OI", "PZ", "RZ", "SZ", "TZ", "UI", "UZ", "VZ", "WZ", "XI", "XZ", "YZ",
    ];

    /// <summary>
    /// Writes the normal form of <paramref name="asRead"/> into <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> long) and returns its length, or -1 when the plate is malformed.
    /// </summary>
    public static int Normalise(ReadOnlySpan<char> asRead, Span<char> destination)
    {
        var n = 0;
        foreach (var c in asRead)
        {
            if (c is ' ' or '-' or '\t')
            {
                continue;
            }

            if (n == MaxLength)
            {
                return -1;
            }

            var u = char.ToUpperInvariant(c);
            if (!char.IsLetterOrDigit(u))
            {
                return -1;
            }

            destination[n++] = u;
        }

        return n == 0 ? -1 : n;
    }

    /// <summary>The normal form, or null when malformed.</summary>
    public static string? Normalise(string? asRead)
    {
        if (asRead is null)
        {
            return null;
        }

        Span<char> buffer = stackalloc char[MaxLength];
        var n = Normalise(asRead.AsSpan(), buffer);
        return n < 0 ? null : new string(buffer[..n]);
    }

    /// <summary>
    /// The format of a normalised plate. Checked in the order current, prefix, suffix, Northern Ireland, dateless; a plate
    /// matching none (or with characters outside A–Z and 0–9) is <see cref="PlateFormat.Foreign"/>.
    /// </summary>
    public static PlateFormat Recognise(ReadOnlySpan<char> plate)
    {
        if (IsCurrent(plate))
        {
            return PlateFormat.Current;
        }

        if (IsPrefix(plate))
        {
            return PlateFormat.Prefix;
        }

        if (IsSuffix(plate))
        {
            return PlateFormat.Suffix;
        }

        if (IsNorthernIreland(plate))
        {
            return PlateFormat.NorthernIreland;
        }

        return IsDateless(plate) ? PlateFormat.Dateless : PlateFormat.Foreign;
    }

    // Current format (INF104): memory tag letters exclude I, Q and Z in the first place and I, Q in the second; the age
    // identifier is the year's last two digits (March) or +50 (September), from 51 (September 2001) — so 00, 01 and 50
    // have never been issued; the three random letters exclude I and Q.
    private static bool IsCurrent(ReadOnlySpan<char> p)
    {
        if (p.Length != 7 || !IsLetter(p[0]) || !IsLetter(p[1]) || !IsDigit(p[2]) || !IsDigit(p[3]) ||
            !IsLetter(p[4]) || !IsLetter(p[5]) || !IsLetter(p[6]))
        {
            return false;
        }

        if (p[0] is 'I' or 'Q' or 'Z' || p[1] is 'I' or 'Q')
        {
            return false;
        }

        var age = ((p[2] - '0') * 10) + (p[3] - '0');
        if (age is 0 or 1 or 50)
        {
            return false;
        }

        return p[4] is not ('I' or 'Q') && p[5] is not ('I' or 'Q') && p[6] is not ('I' or 'Q');
    }

    // Prefix (1983–2001): age letters A–Y without I, O, Q, U and Z; 1–3 digits not starting with 0; three letters, the
    // first of which is not Q (Q marks were a separate series) and none I.
    private static bool IsPrefix(ReadOnlySpan<char> p)
    {
        if (p.Length is < 5 or > 7 || !IsAgeLetter(p[0]))
        {
            return false;
        }

        var digits = p.Length - 4;
        return AllDigitsNoLeadingZero(p.Slice(1, digits)) && AllSerialLetters(p[^3..]);
    }

    // Suffix (1963–1983): three letters, 1–3 digits not starting with 0, an age letter (A–Y without I, O, Q, U, Z).
    private static bool IsSuffix(ReadOnlySpan<char> p)
    {
        if (p.Length is < 5 or > 7 || !IsAgeLetter(p[^1]))
        {
            return false;
        }

        var digits = p.Length - 4;
        return AllSerialLetters(p[..3]) && AllDigitsNoLeadingZero(p.Slice(3, digits));
    }

    // Northern Ireland: one to three letters whose last two are a county code (or a lone code), then 1–4 digits.
    private static bool IsNorthernIreland(ReadOnlySpan<char> p)
    {
        var letters = LeadingLetters(p);
        if (letters is < 2 or > 3)
        {
            return false;
        }

        var digits = p[letters..];
        if (digits.Length is < 1 or > 4 || !AllDigitsNoLeadingZero(digits))
        {
            return false;
        }

        var code = p.Slice(letters - 2, 2);
        foreach (var c in NorthernIrelandCodes)
        {
            if (code.SequenceEqual(c))
            {
                return true;
            }
        }

        return false;
    }

    // Dateless (GB, before 1963): 1–3 letters and 1–4 digits, either way round, at most 6 characters (ABC 123, AB 1234,
    // 1234 AB; three letters with four digits is Northern Ireland's shape only); GB series never used I, Q or Z (I and Z
    // belong to Northern Ireland).
    private static bool IsDateless(ReadOnlySpan<char> p)
    {
        if (p.Length is < 2 or > 6)
        {
            return false;
        }

        var letters = LeadingLetters(p);
        if (letters > 0)
        {
            var rest = p[letters..];
            return letters <= 3 && rest.Length is >= 1 and <= 4 && AllDigitsNoLeadingZero(rest) && NoIrishLetters(p[..letters]);
        }

        var digits = 0;
        while (digits < p.Length && IsDigit(p[digits]))
        {
            digits++;
        }

        var tail = p[digits..];
        return digits is >= 1 and <= 4 && p[0] != '0' && tail.Length is >= 1 and <= 3 && AllLetters(tail) && NoIrishLetters(tail);
    }

    private static bool IsLetter(char c) => c is >= 'A' and <= 'Z';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private static bool IsAgeLetter(char c) => IsLetter(c) && c is not ('I' or 'O' or 'Q' or 'U' or 'Z');

    private static bool AllSerialLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsLetter(c) || c == 'I')
            {
                return false;
            }
        }

        return s[0] != 'Q';
    }

    private static bool AllLetters(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool AllDigitsNoLeadingZero(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty || s[0] == '0')
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!IsDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool NoIrishLetters(ReadOnlySpan<char> s) => s.IndexOfAny('I', 'Q', 'Z') < 0;

    private static int LeadingLetters(ReadOnlySpan<char> p)
    {
        var n = 0;
        while (n < p.Length && IsLetter(p[n]))
        {
            n++;
        }

        return n;
    }
}
