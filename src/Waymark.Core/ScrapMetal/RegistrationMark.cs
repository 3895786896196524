using System.Text.RegularExpressions;

namespace Waymark.Core.ScrapMetal;

/// <summary>The number-plate formats a registration mark can have.</summary>
public enum PlateFormat
{
    /// <summary>Since September 2001: two-letter memory tag, two-digit age identifier, three letters (AB12 CDE).</summary>
    Current,

    /// <summary>1983–2001: age letter first (A123 BCD).</summary>
    Prefix,

    /// <summary>1963–1983: age letter last (ABC 123D).</summary>
    Suffix,

    /// <summary>Before 1963, and cherished marks: letters and up to four digits with no age letter (ABC 123, 1 A).</summary>
    Dateless,

    /// <summary>Northern Ireland: a code containing I or Z and up to four digits (ABZ 1234).</summary>
    NorthernIreland,

    /// <summary>A plate from outside the UK, flagged as such by whoever read it: only its characters are checked.</summary>
    Foreign,
}

/// <summary>
/// A vehicle registration mark, normalised (upper case, no spaces) and classified by format. Only plausible marks can be
/// made: the UK formats of DOMAIN.md (current, prefix, suffix, dateless, Northern Ireland), with the current format's age
/// identifier not later than the date it is checked on, or a plate flagged as foreign (2–10 letters and digits).
/// </summary>
public sealed partial record RegistrationMark
{
    private RegistrationMark(string value, PlateFormat format)
    {
        Value = value;
        Format = format;
    }

    /// <summary>The mark without spaces, upper case (e.g. "AB12CDE").</summary>
    public string Value { get; }

    public PlateFormat Format { get; }

    /// <summary>As printed on the plate, with the format's space ("AB12 CDE", "A123 BCD", "ABC 123D").</summary>
    public string Display => Format switch
    {
        PlateFormat.Current => $"{Value[..4]} {Value[4..]}",
        PlateFormat.Prefix => $"{Value[..^3]} {Value[^3..]}",
        PlateFormat.Suffix => $"{Value[..3]} {Value[3..]}",
        PlateFormat.Dateless or PlateFormat.NorthernIreland => SplitLettersAndDigits(Value),
        _ => Value,
    };

    /// <summary>Strips spaces and hyphens and upper-cases; the key that plates are compared by.</summary>
    public static string Normalise(string text) =>
        string.Concat(text.Where(c => !char.IsWhiteSpace(c) && c != '-')).ToUpperInvariant();

    /// <summary>Parses <paramref name="text"/> as a UK mark (or, when <paramref name="foreign"/>, a foreign one) as of <paramref name="today"/>.</summary>
    public static bool TryParse(string? text, bool foreign, DateOnly today, out RegistrationMark? mark, out string? reason)
    {
        mark = null;
        reason = null;
        var value = Normalise(text ?? "");
        if (value.Length == 0)
        {
            reason = "is empty.";
            return false;
        }

        if (foreign)
        {
            if (!ForeignPattern().IsMatch(value))
            {
                reason = "is not a plausible foreign plate: 2 to 10 letters and digits, nothing else.";
                return false;
            }

            mark = new RegistrationMark(value, PlateFormat.Foreign);
            return true;
        }

        if (CurrentPattern().Match(value) is { Success: true } current)
        {
            var age = int.Parse(current.Groups["age"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (AgeIdentifierIssued(age) is not { } issued)
            {
                reason = $"has age identifier {age:00}, which has never been issued (March plates 02–49, September plates 51–99).";
                return false;
            }

            if (issued > today)
            {
                reason = $"has age identifier {age:00}, first issued on {issued:d MMMM yyyy}: later than {today:d MMMM yyyy}.";
                return false;
            }

            mark = new RegistrationMark(value, PlateFormat.Current);
            return true;
        }

        var format = PrefixPattern().IsMatch(value) ? PlateFormat.Prefix
            : SuffixPattern().IsMatch(value) ? PlateFormat.Suffix
            : NorthernIrelandPattern().IsMatch(value) ? PlateFormat.NorthernIreland
            : DatelessPattern().IsMatch(value) ? PlateFormat.Dateless
            : (PlateFormat?)null;
        if (format is null)
        {
            reason = $"'{value}' is not a plausible UK registration (current AB12 CDE, prefix A123 BCD, suffix ABC 123D, dateless ABC 123, Northern Ireland ABZ 1234); flag the plate as foreign if it is.";
            return false;
        }

        mark = new RegistrationMark(value, format.Value);
        return true;
    }

    /// <summary>The day the current format's age identifier was first issued: 1 March 20YY for YY, 1 September 20(YY-50) for YY &gt; 50.</summary>
    public static DateOnly? AgeIdentifierIssued(int age) => age switch
    {
        >= 2 and <= 49 => new DateOnly(2000 + age, 3, 1),
        >= 51 and <= 99 => new DateOnly(2000 + age - 50, 9, 1),
        _ => null,
    };

    private static string SplitLettersAndDigits(string value)
    {
        var i = 1;
        while (i < value.Length && char.IsLetter(value[i]) == char.IsLetter(value[0]))
        {
            i++;
        }

        return i < value.Length ? $"{value[..i]} {value[i..]}" : value;
    }

    // Memory tags and the three random letters never use I or Q; Z is not a memory tag letter (DVLA, INF104).
    [GeneratedRegex("^[A-HJ-PR-Y][A-HJ-PR-Y](?<age>[0-9]{2})[A-HJ-PR-Z]{3}$")]
    private static partial Regex CurrentPattern();

    // Prefix and suffix year letters: A–Y without I, O, Q, U, Z; no leading zero in the number.
    [GeneratedRegex("^[A-HJ-NPR-TV-Y][1-9][0-9]{0,2}[A-Z]{3}$")]
    private static partial Regex PrefixPattern();

    [GeneratedRegex("^[A-Z]{3}[1-9][0-9]{0,2}[A-HJ-NPR-TV-Y]$")]
    private static partial Regex SuffixPattern();

    // Northern Ireland codes are two letters containing I or Z (IA, OI, LZ…), optionally after a serial letter.
    [GeneratedRegex("^[A-Z]?([A-Z][IZ]|[IZ][A-Z])[1-9][0-9]{0,3}$")]
    private static partial Regex NorthernIrelandPattern();

    [GeneratedRegex("^([A-Z]{1,3}[1-9][0-9]{0,3}|[1-9][0-9]{0,3}[A-Z]{1,3})$")]
    private static partial Regex DatelessPattern();

    [GeneratedRegex("^[A-Z0-9]{2,10}$")]
    private static partial Regex ForeignPattern();
}
