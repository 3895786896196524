using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Waymark.Core.Marking;

/// <summary>
/// A forensic marking code: a four-character programme prefix (a letter, then letters or digits), a six-character base-36
/// serial (0–9, A–Z: 2,176,782,336 codes a programme) and an ISO/IEC 7064 MOD 37,36 check character over the ten before it.
/// Written <c>MET1-0004ZK-7</c>; read case-insensitively with or without hyphens and spaces, and stored compact
/// (<see cref="Value"/>, eleven upper-case characters). Only valid codes can be constructed.
/// </summary>
public readonly record struct MarkingCode
{
    public const int PrefixLength = 4;
    public const int SerialLength = 6;
    public const int Length = PrefixLength + SerialLength + 1;

    /// <summary>The largest serial six base-36 characters hold.</summary>
    public const long MaxSerial = 2_176_782_335;

    private MarkingCode(string value) => Value = value;

    /// <summary>The compact form: prefix, serial and check character, upper case, no separators.</summary>
    public string Value { get; }

    public string Prefix => Value[..PrefixLength];

    public long Serial => FromBase36(Value.AsSpan(PrefixLength, SerialLength));

    public char Check => Value[^1];

    /// <summary>The form printed on kits: <c>PPPP-SSSSSS-C</c>.</summary>
    public string Display => $"{Value[..PrefixLength]}-{Value.Substring(PrefixLength, SerialLength)}-{Value[^1]}";

    public override string ToString() => Display;

    /// <summary>The code with serial <paramref name="serial"/> in the programme with prefix <paramref name="prefix"/>.</summary>
    public static MarkingCode Issue(string prefix, long serial)
    {
        if (!IsValidPrefix(prefix))
        {
            throw new ArgumentException("A programme prefix is four characters: a letter, then letters or digits.", nameof(prefix));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(serial);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(serial, MaxSerial);
        var body = prefix.ToUpperInvariant() + ToBase36(serial);
        return new MarkingCode(body + Mod37_36.CheckCharacter(body));
    }

    public static bool IsValidPrefix([NotNullWhen(true)] string? prefix) =>
        prefix is { Length: PrefixLength } &&
        char.IsAsciiLetter(prefix[0]) &&
        prefix.All(char.IsAsciiLetterOrDigit);

    /// <summary>Upper-cases <paramref name="text"/> and drops hyphens, spaces and dots, as a code is read off property or typed.</summary>
    public static string Normalise(string? text)
    {
        if (text is null)
        {
            return "";
        }

        Span<char> buffer = stackalloc char[Math.Min(text.Length, 64)];
        var n = 0;
        foreach (var c in text)
        {
            if (c is '-' or ' ' or '.' or '\t')
            {
                continue;
            }

            if (n == buffer.Length)
            {
                return text.ToUpperInvariant();
            }

            buffer[n++] = char.ToUpperInvariant(c);
        }

        return new string(buffer[..n]);
    }

    /// <summary>Reads a code; false when it is not eleven alphanumerics with a letter first and the right check character.</summary>
    public static bool TryParse(string? text, out MarkingCode code)
    {
        var s = Normalise(text);
        if (IsWellFormed(s) && Mod37_36.IsValid(s))
        {
            code = new MarkingCode(s);
            return true;
        }

        code = default;
        return false;
    }

    /// <summary>Eleven characters from 0–9, A–Z with a letter first: the shape of a code, whatever its check character.</summary>
    public static bool IsWellFormed(string normalised) =>
        normalised.Length == Length && char.IsAsciiLetterUpper(normalised[0]) && normalised.All(c => Mod37_36.ValueOf(c) >= 0);

    /// <summary>
    /// The valid codes one slip away from a well-formed code whose check fails: every code that differs in exactly one
    /// character, or by swapping two adjacent characters, and passes the check. MOD 37,36 guarantees the code actually
    /// meant is among them when the slip was one of those two (the commonest typing errors); the caller narrows the
    /// list to codes that were issued.
    /// </summary>
    public static IReadOnlyList<MarkingCode> NearbyValidCodes(string text)
    {
        var s = Normalise(text);
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (s.Length != Length || !s.All(c => Mod37_36.ValueOf(c) >= 0))
        {
            return [];
        }

        var chars = s.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var original = chars[i];
            foreach (var c in Mod37_36.Alphabet)
            {
                if (c == original)
                {
                    continue;
                }

                chars[i] = c;
                var candidate = new string(chars);
                if (IsWellFormed(candidate) && Mod37_36.IsValid(candidate))
                {
                    found.Add(candidate);
                }
            }

            chars[i] = original;
        }

        for (var i = 0; i + 1 < chars.Length; i++)
        {
            if (chars[i] == chars[i + 1])
            {
                continue;
            }

            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            var candidate = new string(chars);
            if (IsWellFormed(candidate) && Mod37_36.IsValid(candidate))
            {
                found.Add(candidate);
            }

            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        }

        return found.Select(v => new MarkingCode(v)).ToList();
    }

    private static string ToBase36(long serial)
    {
        Span<char> digits = stackalloc char[SerialLength];
        for (var i = SerialLength - 1; i >= 0; i--)
        {
            digits[i] = Mod37_36.Alphabet[(int)(serial % 36)];
            serial /= 36;
        }

        return new string(digits);
    }

    private static long FromBase36(ReadOnlySpan<char> digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            value = value * 36 + Mod37_36.ValueOf(c);
        }

        return value;
    }

    /// <summary>Serial as printed in a batch listing (decimal, invariant).</summary>
    public string SerialText => Serial.ToString(CultureInfo.InvariantCulture);
}
