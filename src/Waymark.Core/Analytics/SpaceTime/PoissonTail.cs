namespace Waymark.Core.Analytics.SpaceTime;

/// <summary>
/// Poisson tail probabilities for the Knox test's Poisson approximation. Kept internal to this folder;
/// a shared version is being written under Analytics/Spatial and the two will be merged.
/// </summary>
internal static class PoissonTail
{
    /// <summary>P(X &gt; <paramref name="k"/>) for X ~ Poisson(<paramref name="mean"/>): scipy's <c>poisson.sf(k, mean)</c>.</summary>
    public static double GreaterThan(long k, double mean)
    {
        if (k < 0)
        {
            return 1.0;
        }

        if (mean <= 0)
        {
            return 0.0;
        }

        var first = k + 1;
        if (first > mean)
        {
            // Sum the upper tail directly from its largest term downwards in size: terms fall by λ/(j+1) < 1.
            var term = Math.Exp(LogPmf(first, mean));
            var sum = 0.0;
            for (var j = first; term > 0; j++)
            {
                sum += term;
                if (term <= sum * 1e-17)
                {
                    break;
                }

                term *= mean / (j + 1);
            }

            return Math.Min(1.0, sum);
        }

        // k < λ: the tail is at least about one half, so 1 − P(X ≤ k) loses nothing that matters.
        var lowerTerm = Math.Exp(LogPmf(k, mean));
        var lower = 0.0;
        for (var j = k; j >= 0 && lowerTerm > 0; j--)
        {
            lower += lowerTerm;
            if (lowerTerm <= lower * 1e-17)
            {
                break;
            }

            lowerTerm *= j / mean;
        }

        return Math.Clamp(1.0 - lower, 0.0, 1.0);
    }

    /// <summary>P(X ≥ <paramref name="k"/>) for X ~ Poisson(<paramref name="mean"/>).</summary>
    public static double AtLeast(long k, double mean) => GreaterThan(k - 1, mean);

    private static double LogPmf(long k, double mean) => -mean + (k * Math.Log(mean)) - LogFactorial(k);

    /// <summary>ln(n!): exact product up to 20!, Stirling's series beyond (error well under 1e-15 relative there).</summary>
    internal static double LogFactorial(long n)
    {
        if (n <= 20)
        {
            var product = 1.0;
            for (var i = 2; i <= n; i++)
            {
                product *= i;
            }

            return Math.Log(product);
        }

        // ln Γ(x) for x = n + 1, Stirling series (Abramowitz & Stegun 6.1.41).
        var x = n + 1.0;
        var x2 = x * x;
        var series = (1.0 / 12.0 / x) - (1.0 / 360.0 / (x * x2)) + (1.0 / 1260.0 / (x * x2 * x2)) - (1.0 / 1680.0 / (x * x2 * x2 * x2));
        return ((x - 0.5) * Math.Log(x)) - x + (0.5 * Math.Log(2 * Math.PI)) + series;
    }
}
