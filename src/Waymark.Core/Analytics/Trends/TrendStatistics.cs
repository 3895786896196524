namespace Waymark.Core.Analytics.Trends;

/// <summary>
/// The special functions the trend tests need: log-gamma, the complementary error function (hence the
/// normal distribution) and the upper tail of Binomial(N, ½). Internal to Trends; similar helpers elsewhere
/// in Analytics are to be merged later.
/// </summary>
internal static class TrendStatistics
{
    private const double Epsilon = 1e-16;

    // Lanczos approximation, g = 7, n = 9 (Lanczos 1964; coefficients as tabulated by Godfrey and in
    // Numerical Recipes' gammln family): relative error below 1e-15 for x > 0.
    private static readonly double[] Lanczos =
    [
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7,
    ];

    /// <summary>ln Γ(x) for x &gt; 0.</summary>
    internal static double LogGamma(double x)
    {
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        double a = Lanczos[0];
        double t = x + 7.5;
        for (int i = 1; i < Lanczos.Length; i++)
        {
            a += Lanczos[i] / (x + i);
        }

        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(a);
    }

    /// <summary>Φ(z), the standard normal distribution function (one implementation for all of Analytics).</summary>
    internal static double NormalCdf(double z) => Spatial.Normal.Cdf(z);

    /// <summary>Two-sided normal p-value, P(|Z| ≥ |z|).</summary>
    internal static double NormalTwoSided(double z) => Spatial.Normal.TwoSidedP(z);

    /// <summary>P(X ≥ k) for X ~ Binomial(n, ½), summing the pmf upwards from k (use with k ≥ n/2).</summary>
    internal static double BinomialUpperTailHalf(int k, int n)
    {
        if (k <= 0)
        {
            return 1;
        }

        if (k > n)
        {
            return 0;
        }

        double logChoose = LogGamma(n + 1.0) - LogGamma(k + 1.0) - LogGamma(n - k + 1.0);
        double term = Math.Exp(logChoose - (n * Math.Log(2)));
        double sum = 0;
        for (int i = k; i <= n && term > 0; i++)
        {
            sum += term;
            if (term < sum * Epsilon && i > n / 2)
            {
                break;
            }

            term *= (double)(n - i) / (i + 1);
        }

        return Math.Min(1, sum);
    }

    /// <summary>
    /// Exact two-sided p-value of the conditional test of two Poisson counts with equal exposure: given
    /// N = a + b, a ~ Binomial(N, ½) under equal rates; p = min(1, 2 P(X ≥ max(a, b))), the doubled tail,
    /// which for p = ½ equals the sum of all outcomes no more likely than the one observed.
    /// </summary>
    internal static double ConditionalBinomialTwoSided(int a, int b)
    {
        int n = a + b;
        return n == 0 ? 1 : Math.Min(1, 2 * BinomialUpperTailHalf(Math.Max(a, b), n));
    }
}
