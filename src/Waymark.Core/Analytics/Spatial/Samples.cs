namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// Input checks shared by the statistics, so every one of them fails the same way — with an
/// <see cref="ArgumentException"/> that names the problem — instead of returning NaN.
/// </summary>
internal static class Samples
{
    /// <summary>
    /// Checks that <paramref name="values"/> line up with <paramref name="weights"/>, has at
    /// least <paramref name="minimumCount"/> finite values that are not all equal, and returns
    /// their mean and sum of squared deviations Σ(y − ȳ)² (two-pass, so large offsets such as
    /// counts near 10⁶ do not cancel away the variance).
    /// </summary>
    public static (double Mean, double SumOfSquares) Describe(
        ReadOnlySpan<double> values,
        SpatialWeights weights,
        int minimumCount,
        string statistic,
        string parameterName)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.RequireLength(values.Length, parameterName);
        return Describe(values, minimumCount, statistic, parameterName);
    }

    /// <inheritdoc cref="Describe(ReadOnlySpan{double}, SpatialWeights, int, string, string)"/>
    public static (double Mean, double SumOfSquares) Describe(
        ReadOnlySpan<double> values,
        int minimumCount,
        string statistic,
        string parameterName)
    {
        int n = values.Length;
        if (n < minimumCount)
        {
            throw new ArgumentException($"{statistic} needs at least {minimumCount} observations; got {n}.", parameterName);
        }

        double sum = 0.0;
        bool allEqual = true;
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"Value {i} is {v}; {statistic} needs finite numbers (fill or drop missing observations first).", parameterName);
            }

            sum += v;
            allEqual &= v == values[0];
        }

        // Checked exactly rather than as "variance == 0": the mean of equal values need not
        // round back to that value, which would leave a spurious variance of ~1e-33.
        if (allEqual)
        {
            throw new ArgumentException($"All {n} values are equal ({values[0]}); {statistic} is undefined without variation.", parameterName);
        }

        double mean = sum / n;
        double ss = 0.0;
        double drift = 0.0;
        for (int i = 0; i < n; i++)
        {
            double d = values[i] - mean;
            ss += d * d;
            drift += d;
        }

        // Corrected two-pass algorithm (Chan, Golub & LeVeque 1983): removes the mean's rounding.
        ss -= drift * drift / n;
        return (mean, ss);
    }

    /// <summary>Throws when the weights have islands and the statistic cannot handle them.</summary>
    public static void RequireNoIslands(SpatialWeights weights, string statistic, string remedy)
    {
        if (weights.IslandCount == 0)
        {
            return;
        }

        int[] islands = weights.Islands();
        string listed = string.Join(", ", islands.Take(5).Select(weights.Describe));
        string more = islands.Length > 5 ? $" and {islands.Length - 5} more" : string.Empty;
        throw new ArgumentException(
            $"{statistic} is undefined for observations without neighbours (islands); the weights have {islands.Length}: {listed}{more}. {remedy}",
            nameof(weights));
    }
}
