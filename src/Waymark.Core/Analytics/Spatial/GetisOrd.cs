namespace Waymark.Core.Analytics.Spatial;

/// <summary>Which variance the local Gi/Gi* z-score is standardised by.</summary>
public enum GiMoments
{
    /// <summary>
    /// Ord &amp; Getis (1995) eq. 9 for any weights: Var = s²(N·Σⱼwᵢⱼ² − (Σⱼwᵢⱼ)²)/(N − 1). The z-score
    /// does not change when a row is rescaled, so binary and row-standardised weights give the
    /// same z (as ArcGIS's Hot Spot Analysis documents). The default.
    /// </summary>
    Textbook,

    /// <summary>
    /// PySAL esda's <c>G_Local.calc</c>: the binary-weights variance Wᵢ(N − Wᵢ)/(N − 1)·s² with
    /// Wᵢ = Σⱼwᵢⱼ, applied whatever the weights are. Identical to <see cref="Textbook"/> for binary
    /// weights; for row-standardised weights Wᵢ = 1, so z = (mean of the neighbours − ȳ)/s, which
    /// ignores that a mean of kᵢ values varies kᵢ times less than one value. Only for reproducing
    /// esda's "R" results.
    /// </summary>
    Esda,
}

/// <summary>The hot/cold-spot verdict for one observation.</summary>
public enum HotspotClass : sbyte
{
    /// <summary>Significantly low: z &lt; 0 and p ≤ α.</summary>
    Coldspot = -1,

    /// <summary>p &gt; α (or not rejected by the false-discovery-rate procedure).</summary>
    NotSignificant = 0,

    /// <summary>Significantly high: z &gt; 0 and p ≤ α.</summary>
    Hotspot = 1,
}

/// <summary>Local Getis–Ord Gi or Gi* results, one entry per observation in weights order.</summary>
/// <remarks>
/// Invariants: <see cref="Z"/> and <see cref="P"/> have one finite entry per observation;
/// P is two-sided, P = 2(1 − Φ(|Z|)) ∈ [0, 1] (0 only for |Z| beyond about 38). Where the
/// z-score is undefined because the statistic cannot vary (every other observation is a
/// neighbour, or — for Gi — every other value is equal), Z = 0 and P = 1: no evidence either way.
/// </remarks>
public sealed class LocalGResult
{
    internal LocalGResult(bool star, GiMoments moments, WeightsTransformation transformation, double[] z, double[] p)
    {
        Star = star;
        Moments = moments;
        Transformation = transformation;
        Z = z;
        P = p;
    }

    /// <summary>True for Gi* (the observation counts itself, wᵢᵢ = 1 before scaling), false for Gi.</summary>
    public bool Star { get; }

    /// <summary>The variance used to standardise.</summary>
    public GiMoments Moments { get; }

    /// <summary>The weights transformation used.</summary>
    public WeightsTransformation Transformation { get; }

    /// <summary>Standard normal z-score of each observation (esda's <c>Zs</c>).</summary>
    public double[] Z { get; }

    /// <summary>Two-sided normal p-value of each observation (twice esda's one-sided <c>p_norm</c>).</summary>
    public double[] P { get; }

    /// <summary>Number of observations.</summary>
    public int Count => Z.Length;

    /// <summary>Classifies every observation; see <see cref="GetisOrd.Classify"/>.</summary>
    public HotspotClass[] Classify(double alpha = 0.05, bool controlFalseDiscoveryRate = false) =>
        GetisOrd.Classify(Z, P, alpha, controlFalseDiscoveryRate);
}

/// <summary>
/// Global General G with its moments under the normality assumption (esda's <c>G</c>).
/// </summary>
/// <param name="G">Σᵢ Σⱼ wᵢⱼ yᵢ yⱼ / Σᵢ Σⱼ≠ᵢ yᵢ yⱼ.</param>
/// <param name="ExpectedG">E[G] = S0 / (n(n − 1)) (esda's <c>EG</c>).</param>
/// <param name="VarianceG">Var[G] = E[G²] − E[G]² (esda's <c>VG</c>), &gt; 0.</param>
/// <param name="ZNorm">(G − E[G]) / √Var[G].</param>
/// <param name="PNorm">One-sided p-value 1 − Φ(|z|), as esda's <c>p_norm</c>; double it for a two-sided test.</param>
public sealed record GeneralGResult(double G, double ExpectedG, double VarianceG, double ZNorm, double PNorm);

/// <summary>
/// Getis–Ord statistics of concentration: the local Gi and Gi* hot-spot z-scores and the
/// global General G.
/// </summary>
/// <remarks>
/// Getis &amp; Ord, "The analysis of spatial association by use of distance statistics",
/// Geographical Analysis 24 (1992) 189–206; Ord &amp; Getis, "Local spatial autocorrelation
/// statistics: distributional issues and an application", Geographical Analysis 27 (1995)
/// 286–306. Reproduces PySAL esda's <c>G</c> and <c>G_Local</c> (esda/getisord.py).
/// </remarks>
public static class GetisOrd
{
    /// <summary>
    /// Local Gi (<paramref name="star"/> false) or Gi* (true) z-scores and two-sided p-values.
    /// </summary>
    /// <remarks>
    /// <para>
    /// For observation i with weights wᵢⱼ (plus, for Gi*, the self-weight), Lᵢ = Σⱼ wᵢⱼ yⱼ,
    /// Wᵢ = Σⱼ wᵢⱼ and S1ᵢ = Σⱼ wᵢⱼ²:
    /// zᵢ = (Lᵢ − Wᵢ ȳ) / (s √((N·S1ᵢ − Wᵢ²)/(N − 1))),
    /// where ȳ and s² = Σ(y − ȳ)²/N are the mean and population variance of the N values that
    /// take part: for Gi* all n values (N = n); for Gi all except yᵢ (N = n − 1), because Gi
    /// excludes i. This is Ord &amp; Getis (1995) eqs. 8–9 and the textbook form in the README's
    /// reference values; with binary weights it is exactly esda's <c>G_Local(transform="B")</c>
    /// (e.g. Zs[0] = −1.0136729 for Gi and −1.39727626 for Gi* on the six-point example).
    /// </para>
    /// <para>
    /// Gi*'s self-weight is 1 for binary weights; for row-standardised weights the row is
    /// re-standardised over kᵢ + 1 entries (i and its neighbours, 1/(kᵢ + 1) each), which is what
    /// esda does (it fills the diagonal with the row maximum, then row-standardises).
    /// </para>
    /// <para>
    /// z is invariant to shifting or scaling the values, and for
    /// <see cref="GiMoments.Textbook"/> to scaling a row of weights. Islands have no Gi (its
    /// numerator and variance are both 0, where esda returns NaN) and are rejected; Gi* of an
    /// island compares the value with the rest (self-weight only). Work is spread over threads
    /// for large n; the result does not depend on the thread count.
    /// </para>
    /// </remarks>
    /// <param name="values">One value per observation (e.g. crime counts per cell), any sign.</param>
    /// <param name="weights">Binary or row-standardised weights without self-links.</param>
    /// <param name="star">Gi* (include i) when true; Gi when false.</param>
    /// <param name="moments">Which variance to use; see <see cref="GiMoments"/>.</param>
    /// <exception cref="ArgumentException">
    /// Fewer than 3 values, values not aligned with the weights, a non-finite value, all values
    /// equal, or (Gi only) an observation without neighbours.
    /// </exception>
    public static LocalGResult Local(
        ReadOnlySpan<double> values,
        SpatialWeights weights,
        bool star = true,
        GiMoments moments = GiMoments.Textbook)
    {
        string name = star ? "Gi*" : "Gi";
        (double mean, double ss) = Samples.Describe(values, weights, 3, name, nameof(values));
        if (!star)
        {
            Samples.RequireNoIslands(weights, "Gi", "Use Gi* (which includes each observation itself), a wider band, or drop those observations.");
        }

        if (!Enum.IsDefined(moments))
        {
            throw new ArgumentOutOfRangeException(nameof(moments), moments, "Unknown moments option.");
        }

        int n = values.Length;
        var deviation = new double[n];
        for (int i = 0; i < n; i++)
        {
            deviation[i] = values[i] - mean;
        }

        bool rowStandardised = weights.Transformation == WeightsTransformation.RowStandardised;
        bool textbook = moments == GiMoments.Textbook;
        var z = new double[n];
        var p = new double[n];

        // Gi* uses all n values: one mean and variance for everyone.
        double starVariance = ss / n;
        ParallelRanges.For(n, ParallelRanges.DefaultGrain, (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                // Work with deviations from the overall mean: Σⱼ wᵢⱼ (yⱼ − ȳ) does not suffer the
                // cancellation of Σⱼ wᵢⱼ yⱼ − Wᵢ ȳ when counts are large and similar.
                ReadOnlySpan<int> neighbours = weights.Neighbours(i);
                double lag = 0.0;
                for (int e = 0; e < neighbours.Length; e++)
                {
                    lag += deviation[neighbours[e]];
                }

                // Binary links (and the self-link for Gi*), then the row scale: 1 for B, 1/count for R.
                int count = star ? neighbours.Length + 1 : neighbours.Length;
                if (star)
                {
                    lag += deviation[i];
                }

                double scale = rowStandardised ? 1.0 / count : 1.0;
                double weightSum = scale * count;
                double weightSquares = scale * scale * count;
                double numerator = scale * lag;

                double participants;
                double variance;
                if (star)
                {
                    participants = n;
                    variance = starVariance;
                }
                else
                {
                    // Without yᵢ: mean shifts by −dᵢ/(n−1) and Σ(y − ȳ)² loses dᵢ²·n/(n−1)
                    // (the usual down-dating identity), so Lᵢ − Wᵢȳ₋ᵢ = Σⱼ wᵢⱼdⱼ + Wᵢdᵢ/(n−1).
                    double di = deviation[i];
                    participants = n - 1;
                    variance = Math.Max(0.0, ss - di * di * n / (n - 1)) / (n - 1);
                    numerator += weightSum * di / (n - 1);
                }

                double spread = textbook
                    ? (participants * weightSquares - weightSum * weightSum) / (participants - 1)
                    : weightSum * (participants - weightSum) / (participants - 1);
                double denominator = Math.Sqrt(variance * spread);

                // spread is 0 when every other observation is a neighbour (the weighted sum is then
                // fixed); variance is 0 for Gi when all other values are equal. Either way the
                // statistic cannot vary, so there is no evidence: z = 0, p = 1.
                if (denominator > 0.0 && double.IsFinite(denominator))
                {
                    z[i] = numerator / denominator;
                    p[i] = Normal.TwoSidedP(z[i]);
                }
                else
                {
                    z[i] = 0.0;
                    p[i] = 1.0;
                }
            }
        });

        return new LocalGResult(star, moments, weights.Transformation, z, p);
    }

    /// <summary>
    /// Hot spot / cold spot / not significant for each observation from its z-score and
    /// two-sided p-value: significant when p ≤ α, or — with
    /// <paramref name="controlFalseDiscoveryRate"/> — when the Benjamini–Hochberg procedure at
    /// level α rejects it across all observations; then hot when z &gt; 0, cold when z &lt; 0.
    /// </summary>
    /// <param name="z">z-scores.</param>
    /// <param name="p">Two-sided p-values in [0, 1], aligned with <paramref name="z"/>.</param>
    /// <param name="alpha">Significance level (or false discovery rate), 0 &lt; α &lt; 1; 0.05 by default.</param>
    /// <param name="controlFalseDiscoveryRate">Apply Benjamini–Hochberg across the observations.</param>
    /// <exception cref="ArgumentException">Lengths differ or a p-value is outside [0, 1].</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    public static HotspotClass[] Classify(
        ReadOnlySpan<double> z,
        ReadOnlySpan<double> p,
        double alpha = 0.05,
        bool controlFalseDiscoveryRate = false)
    {
        if (z.Length != p.Length)
        {
            throw new ArgumentException($"Got {z.Length} z-scores but {p.Length} p-values.", nameof(p));
        }

        FalseDiscoveryRate.RequireAlpha(alpha);
        bool[]? rejected = controlFalseDiscoveryRate ? FalseDiscoveryRate.Reject(p, alpha) : null;
        var classes = new HotspotClass[z.Length];
        for (int i = 0; i < z.Length; i++)
        {
            if (!(p[i] >= 0.0 && p[i] <= 1.0))
            {
                throw new ArgumentException($"p-value {i} is {p[i]}; p-values must be between 0 and 1.", nameof(p));
            }

            bool significant = rejected?[i] ?? p[i] <= alpha;
            classes[i] = !significant || z[i] == 0.0
                ? HotspotClass.NotSignificant
                : z[i] > 0.0 ? HotspotClass.Hotspot : HotspotClass.Coldspot;
        }

        return classes;
    }

    /// <summary>
    /// Global General G and its normal-approximation test (esda's <c>G</c>; Getis &amp; Ord 1992).
    /// </summary>
    /// <remarks>
    /// The moments are Getis &amp; Ord's (1992) E[G] and E[G²] for a given weights matrix
    /// (their b₀…b₄ coefficients in S0, S1, S2 and the power sums of y), as coded in esda.
    /// esda always switches the weights to binary; here they are used as supplied, so pass
    /// binary weights to reproduce esda (G = 0.55709779, p = 0.172936 on the six-point example).
    /// Observations without neighbours simply contribute nothing, as in esda. G is a ratio of
    /// cross-products, so it is only meaningful for non-negative values with a natural zero
    /// (counts, rates).
    /// </remarks>
    /// <param name="values">Non-negative values, one per observation, at least 4.</param>
    /// <param name="weights">Weights (binary to match esda), with at least one link.</param>
    /// <exception cref="ArgumentException">
    /// Fewer than 4 values, a negative or non-finite value, all values equal, fewer than two
    /// non-zero values, no links, or a variance that is not positive.
    /// </exception>
    public static GeneralGResult General(ReadOnlySpan<double> values, SpatialWeights weights)
    {
        // n(n-1)(n-2)(n-3) is in the denominator of E[G^2].
        Samples.Describe(values, weights, 4, "General G", nameof(values));
        int n = values.Length;
        double sum = 0.0, sum2 = 0.0, sum3 = 0.0, sum4 = 0.0;
        for (int i = 0; i < n; i++)
        {
            double y = values[i];
            if (y < 0.0)
            {
                throw new ArgumentException($"Value {i} is {y}; General G needs non-negative values (counts or rates).", nameof(values));
            }

            double y2 = y * y;
            sum += y;
            sum2 += y2;
            sum3 += y2 * y;
            sum4 += y2 * y2;
        }

        double s0 = weights.S0;
        if (!(s0 > 0.0))
        {
            throw new ArgumentException("The weights have no links, so General G is undefined.", nameof(weights));
        }

        double crossProducts = sum * sum - sum2;
        if (!(crossProducts > 0.0))
        {
            throw new ArgumentException("General G needs at least two non-zero values.", nameof(values));
        }

        double numerator = 0.0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> neighbours = weights.Neighbours(i);
            ReadOnlySpan<double> w = weights.Weights(i);
            double lag = 0.0;
            for (int e = 0; e < neighbours.Length; e++)
            {
                lag += w[e] * values[neighbours[e]];
            }

            numerator += values[i] * lag;
        }

        double g = numerator / crossProducts;

        // esda G.__moments (Getis & Ord 1992, eqs. for E[G] and E[G^2]).
        double nn = n;
        double n2 = nn * nn;
        double s1 = weights.S1;
        double s2 = weights.S2;
        double s02 = s0 * s0;
        double expected = s0 / (nn * (nn - 1));
        double b0 = (n2 - 3 * nn + 3) * s1 - nn * s2 + 3 * s02;
        double b1 = -((n2 - nn) * s1 - 2 * nn * s2 + 6 * s02);
        double b2 = -(2 * nn * s1 - (nn + 3) * s2 + 6 * s02);
        double b3 = 4 * (nn - 1) * s1 - 2 * (nn + 1) * s2 + 8 * s02;
        double b4 = s1 - s2 + s02;
        double eg2Numerator = b0 * sum2 * sum2 + b1 * sum4 + b2 * sum * sum * sum2 + b3 * sum * sum3 + b4 * sum * sum * sum * sum;
        double eg2Denominator = crossProducts * crossProducts * nn * (nn - 1) * (nn - 2) * (nn - 3);
        double variance = eg2Numerator / eg2Denominator - expected * expected;
        if (!(variance > 0.0))
        {
            throw new ArgumentException($"The variance of G under normality is {variance}, not positive, for these values and weights.", nameof(values));
        }

        double zNorm = (g - expected) / Math.Sqrt(variance);
        return new GeneralGResult(g, expected, variance, zNorm, Normal.UpperTail(Math.Abs(zNorm)));
    }
}
