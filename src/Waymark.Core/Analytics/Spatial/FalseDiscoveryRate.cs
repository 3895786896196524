namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// Benjamini–Hochberg control of the false discovery rate across many simultaneous tests, such
/// as one Gi* or LISA test per map cell.
/// </summary>
/// <remarks>
/// Benjamini &amp; Hochberg, "Controlling the false discovery rate: a practical and powerful
/// approach to multiple testing", J. R. Stat. Soc. B 57 (1995) 289–300. With m p-values sorted
/// ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, the step-up rule finds the largest k with p₍ₖ₎ ≤ kα/m and rejects
/// the k smallest. It controls the expected share of false positives among the cells flagged at
/// α for independent or positively dependent tests, which is the usual justification for using
/// it on local spatial statistics (Caldas de Castro &amp; Singer, Geographical Analysis 38 (2006)
/// 180–208); ESDA's <c>esda.fdr</c> applies the same rule. Without it, 5% of a quarter of a
/// million null cells — about 12,500 — would be reported as hot or cold spots by chance.
/// </remarks>
public static class FalseDiscoveryRate
{
    /// <summary>
    /// Which tests the step-up rule rejects at level <paramref name="alpha"/>: element i is true
    /// when test i is significant.
    /// </summary>
    /// <param name="pValues">p-values in [0, 1], in any order; the answer keeps that order.</param>
    /// <param name="alpha">The false discovery rate to control, 0 &lt; α &lt; 1.</param>
    /// <exception cref="ArgumentException">A p-value is NaN or outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    public static bool[] Reject(ReadOnlySpan<double> pValues, double alpha)
    {
        RequireAlpha(alpha);
        int m = pValues.Length;
        var rejected = new bool[m];

        // Only p-values <= alpha can pass any threshold k*alpha/m <= alpha, and every other
        // p-value is larger than all of them, so ranks among these candidates are their ranks
        // among all m. Sorting just the candidates keeps this cheap on a quarter of a million
        // cells, where most p-values are large.
        var candidates = new List<int>();
        for (int i = 0; i < m; i++)
        {
            double p = pValues[i];
            if (!(p >= 0.0 && p <= 1.0))
            {
                throw new ArgumentException($"p-value {i} is {p}; p-values must be between 0 and 1.", nameof(pValues));
            }

            if (p <= alpha)
            {
                candidates.Add(i);
            }
        }

        var keys = new double[candidates.Count];
        int[] order = [.. candidates];
        for (int c = 0; c < order.Length; c++)
        {
            keys[c] = pValues[order[c]];
        }

        Array.Sort(keys, order);

        // Step up: the largest rank k (1-based) with p(k) <= k * alpha / m. Compared as written
        // rather than through adjusted values so the boundary case p(k) = k*alpha/m is kept.
        int largest = 0;
        for (int k = order.Length; k >= 1; k--)
        {
            if (keys[k - 1] <= k * alpha / m)
            {
                largest = k;
                break;
            }
        }

        // Equal p-values share a fate, so the unstable sort's order among ties does not matter.
        for (int k = 0; k < largest; k++)
        {
            rejected[order[k]] = true;
        }

        return rejected;
    }

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values ("q-values" in R's <c>p.adjust(method = "BH")</c>):
    /// q₍ₖ₎ = min over j ≥ k of min(1, m·p₍ⱼ₎/j). A test is rejected at FDR α exactly when its
    /// adjusted value is ≤ α (up to rounding at the boundary; <see cref="Reject"/> is exact).
    /// </summary>
    /// <param name="pValues">p-values in [0, 1], in any order; the answer keeps that order.</param>
    /// <exception cref="ArgumentException">A p-value is NaN or outside [0, 1].</exception>
    public static double[] Adjust(ReadOnlySpan<double> pValues)
    {
        int m = pValues.Length;
        var adjusted = new double[m];
        if (m == 0)
        {
            return adjusted;
        }

        int[] order = SortedOrder(pValues);
        double running = 1.0;
        for (int k = m; k >= 1; k--)
        {
            int index = order[k - 1];
            running = Math.Min(running, pValues[index] * m / k);
            adjusted[index] = running;
        }

        return adjusted;
    }

    /// <summary>Indices of <paramref name="pValues"/> sorted by p ascending.</summary>
    private static int[] SortedOrder(ReadOnlySpan<double> pValues)
    {
        int m = pValues.Length;
        var keys = new double[m];
        var order = new int[m];
        for (int i = 0; i < m; i++)
        {
            double p = pValues[i];
            if (!(p >= 0.0 && p <= 1.0))
            {
                throw new ArgumentException($"p-value {i} is {p}; p-values must be between 0 and 1.", nameof(pValues));
            }

            keys[i] = p;
            order[i] = i;
        }

        // Array.Sort is unstable, but tied p-values end up with the same adjusted value
        // (m·p/k only shrinks as k grows) whatever their order, so that does not matter.
        Array.Sort(keys, order);
        return order;
    }

    internal static void RequireAlpha(double alpha)
    {
        if (!(alpha > 0.0 && alpha < 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The significance level must be between 0 and 1 (exclusive).");
        }
    }
}
