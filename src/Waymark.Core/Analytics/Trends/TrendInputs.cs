using Waymark.Core.Crimes;

namespace Waymark.Core.Analytics.Trends;

/// <summary>
/// A crime as the trend analyses see it: its category slug and the window it occurred in (UTC instants;
/// <see cref="OccurredFrom"/> ≤ <see cref="OccurredTo"/>, equal for a crime with a known time).
/// </summary>
/// <param name="Category">Category slug (see <see cref="CrimeCategories"/>); any non-empty text is accepted.</param>
/// <param name="OccurredFrom">Earliest instant the crime could have happened.</param>
/// <param name="OccurredTo">Latest instant the crime could have happened.</param>
public readonly record struct TrendCrime(string Category, DateTimeOffset OccurredFrom, DateTimeOffset OccurredTo)
{
    /// <summary>Makes a trend crime from a <see cref="TimeWindow"/>.</summary>
    /// <param name="category">Category slug.</param>
    /// <param name="window">When it occurred.</param>
    /// <returns>The crime.</returns>
    public static TrendCrime From(string category, TimeWindow window) => new(category, window.From, window.To);
}

/// <summary>
/// A crime with its latest Home Office outcome type (0–22, see <see cref="OutcomeTypes"/>), or null when no
/// outcome has been recorded at all. Type 0 is "not yet assigned an outcome" and does not count as an outcome.
/// </summary>
/// <param name="Category">Category slug.</param>
/// <param name="OccurredFrom">Earliest instant the crime could have happened.</param>
/// <param name="OccurredTo">Latest instant the crime could have happened.</param>
/// <param name="OutcomeType">Outcome type 0–22, or null.</param>
public readonly record struct OutcomeCrime(string Category, DateTimeOffset OccurredFrom, DateTimeOffset OccurredTo, int? OutcomeType);
