namespace Waymark.Core.Crimes;

/// <summary>
/// The UK 3x5x2 intelligence grading (College of Policing APP, Intelligence management):
/// source evaluation 1 reliable, 2 untested, 3 not reliable; intelligence assessment
/// A known directly to the source, B known indirectly but corroborated, C known indirectly,
/// D not known, E suspected to be false; handling P (lawful sharing permitted) or
/// C (lawful sharing permitted subject to the recorded conditions).
/// </summary>
public sealed record Grading3x5x2
{
    private Grading3x5x2(int source, char intelligence, char handling, string? conditions)
    {
        Source = source;
        Intelligence = intelligence;
        Handling = handling;
        Conditions = conditions;
    }

    public int Source { get; }

    public char Intelligence { get; }

    public char Handling { get; }

    /// <summary>The conditions on sharing; present exactly when <see cref="Handling"/> is 'C'.</summary>
    public string? Conditions { get; }

    public static Grading3x5x2 Create(int source, char intelligence, char handling, string? conditions = null)
    {
        if (source is < 1 or > 3)
        {
            throw new ArgumentOutOfRangeException(nameof(source), source, "Source evaluation is 1, 2 or 3.");
        }

        intelligence = char.ToUpperInvariant(intelligence);
        if (intelligence is < 'A' or > 'E')
        {
            throw new ArgumentOutOfRangeException(nameof(intelligence), intelligence, "Intelligence assessment is A to E.");
        }

        handling = char.ToUpperInvariant(handling);
        if (handling is not ('P' or 'C'))
        {
            throw new ArgumentOutOfRangeException(nameof(handling), handling, "Handling is P or C.");
        }

        conditions = string.IsNullOrWhiteSpace(conditions) ? null : conditions.Trim();
        if (handling == 'C' && conditions is null)
        {
            throw new ArgumentException("Handling code C needs the conditions on sharing.", nameof(conditions));
        }

        if (handling == 'P' && conditions is not null)
        {
            throw new ArgumentException("Handling code P carries no conditions; use C.", nameof(conditions));
        }

        return new Grading3x5x2(source, intelligence, handling, conditions);
    }

    /// <summary>Reads the short form "1AP" or "2BC".</summary>
    public static Grading3x5x2 Parse(string code, string? conditions = null)
    {
        if (code is null || code.Length != 3 || !char.IsDigit(code[0]))
        {
            throw new FormatException($"'{code}' is not a 3x5x2 grading such as 1AP or 2BC.");
        }

        return Create(code[0] - '0', code[1], code[2], conditions);
    }

    public override string ToString() => $"{Source}{Intelligence}{Handling}";
}
