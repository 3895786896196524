namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// Global Moran's I with its moments under the normality and randomisation assumptions
/// (PySAL esda's <c>Moran</c>; Cliff &amp; Ord 1981).
/// </summary>
/// <remarks>
/// Invariants: EI = −1/(n − 1); VINorm &gt; 0; PNorm and PRand are one-tailed (1 − Φ(|z|)) or
/// two-tailed (twice that) according to <see cref="TwoTailed"/>. <see cref="ZRand"/> and
/// <see cref="PRand"/> are null when the randomisation variance is not positive, which can
/// happen for very small, heavy-tailed samples.
/// </remarks>
/// <param name="Count">Number of observations n.</param>
/// <param name="I">Moran's I = (n/S0) Σᵢ Σⱼ wᵢⱼ zᵢ zⱼ / Σᵢ zᵢ², with z = y − ȳ.</param>
/// <param name="EI">Expected I under the null, −1/(n − 1).</param>
/// <param name="VINorm">Variance of I under normality (esda's <c>VI_norm</c>).</param>
/// <param name="VIRand">Variance of I under randomisation (esda's <c>VI_rand</c>); may be ≤ 0 in degenerate samples.</param>
/// <param name="ZNorm">(I − EI)/√VINorm.</param>
/// <param name="PNorm">p-value of ZNorm.</param>
/// <param name="ZRand">(I − EI)/√VIRand, or null when VIRand ≤ 0.</param>
/// <param name="PRand">p-value of ZRand, or null when VIRand ≤ 0.</param>
/// <param name="TwoTailed">Whether the p-values are two-tailed.</param>
public sealed record GlobalMoranResult(
    int Count,
    double I,
    double EI,
    double VINorm,
    double VIRand,
    double ZNorm,
    double PNorm,
    double? ZRand,
    double? PRand,
    bool TwoTailed);

/// <summary>Moran scatterplot quadrant of an observation, numbered as PySAL's <c>Moran_Local.q</c>.</summary>
public enum MoranQuadrant : byte
{
    /// <summary>Value above the mean, neighbours' average above the mean (1).</summary>
    HighHigh = 1,

    /// <summary>Value at or below the mean, neighbours above (2).</summary>
    LowHigh = 2,

    /// <summary>Value and neighbours at or below the mean (3).</summary>
    LowLow = 3,

    /// <summary>Value above the mean, neighbours at or below (4).</summary>
    HighLow = 4,
}

/// <summary>LISA cluster map category: the quadrant of a significant observation, else not significant.</summary>
public enum LisaCluster : byte
{
    /// <summary>Not significant at the chosen level.</summary>
    NotSignificant = 0,

    /// <summary>Significant high value among high values (hot spot).</summary>
    HighHigh = 1,

    /// <summary>Significant low value among high values (spatial outlier).</summary>
    LowHigh = 2,

    /// <summary>Significant low value among low values (cold spot).</summary>
    LowLow = 3,

    /// <summary>Significant high value among low values (spatial outlier).</summary>
    HighLow = 4,
}

/// <summary>Local Moran's I (LISA) results, one entry per observation in weights order (esda's <c>Moran_Local</c>).</summary>
/// <remarks>
/// <para>
/// Iᵢ = (n − 1) zᵢ Σⱼ wᵢⱼ zⱼ / Σₖ zₖ² with z standardised by the population standard
/// deviation (Anselin 1995, "Local indicators of spatial association — LISA", Geographical
/// Analysis 27, 93–115, in esda's scaling).
/// </para>
/// <para>
/// Analytic moments (Sokal, Oden &amp; Thomson 1998, "Local spatial autocorrelation in a
/// biological model", Geographical Analysis 30, 331–354, Appendix), all as esda computes them:
/// <see cref="EI"/> = −wᵢ/(n − 1) and <see cref="VI"/> under total randomisation (eqs. A3–A4);
/// <see cref="EIc"/> and <see cref="VIc"/> under conditional randomisation (zᵢ held fixed; eqs.
/// A7–A8). esda evaluates the kurtosis b₂ in <see cref="VI"/> per observation, b₂ᵢ = zᵢ⁴/(n·m₂²),
/// rather than as the sample kurtosis Σzₖ⁴/(n·m₂²) that Sokal et al. and Anselin define;
/// <see cref="VI"/> follows esda so that its published values are reproduced, and
/// <see cref="VIGlobalKurtosis"/> gives the formula with the sample kurtosis. esda itself
/// recommends the permutation moments over all of these.
/// </para>
/// <para>
/// The permutation members are null when no permutations were run. <see cref="PSim"/> is the
/// folded pseudo p-value of esda: (min(#{Iᵢˢⁱᵐ ≥ Iᵢ}, P − #{…}) + 1)/(P + 1), in (0, 0.5].
/// </para>
/// </remarks>
public sealed class LocalMoranResult
{
    internal LocalMoranResult(
        double[] @is,
        double[] z,
        double[] lag,
        MoranQuadrant[] quadrants,
        double[] ei,
        double[] vi,
        double[] viGlobalKurtosis,
        double[] eic,
        double[] vic,
        int permutations,
        int seed,
        double[]? pSim,
        double[]? eiSim,
        double[]? seISim,
        double[]? zSim,
        double[]? pZSim)
    {
        Is = @is;
        Z = z;
        Lag = lag;
        Quadrants = quadrants;
        EI = ei;
        VI = vi;
        VIGlobalKurtosis = viGlobalKurtosis;
        EIc = eic;
        VIc = vic;
        Permutations = permutations;
        Seed = seed;
        PSim = pSim;
        EISim = eiSim;
        SeISim = seISim;
        ZSim = zSim;
        PZSim = pZSim;
    }

    /// <summary>Local Moran's Iᵢ.</summary>
    public double[] Is { get; }

    /// <summary>Standardised values zᵢ = (yᵢ − ȳ)/σ (population σ).</summary>
    public double[] Z { get; }

    /// <summary>Spatial lag of z, Σⱼ wᵢⱼ zⱼ (the Moran scatterplot's vertical axis).</summary>
    public double[] Lag { get; }

    /// <summary>Moran scatterplot quadrant of each observation (esda's <c>q</c>).</summary>
    public MoranQuadrant[] Quadrants { get; }

    /// <summary>E[Iᵢ] under total randomisation, −wᵢ/(n − 1).</summary>
    public double[] EI { get; }

    /// <summary>Var[Iᵢ] under total randomisation, as esda computes it (per-observation kurtosis).</summary>
    public double[] VI { get; }

    /// <summary>Var[Iᵢ] under total randomisation with the sample kurtosis (Sokal et al. 1998 eq. A4).</summary>
    public double[] VIGlobalKurtosis { get; }

    /// <summary>E[Iᵢ] under conditional randomisation (zᵢ fixed).</summary>
    public double[] EIc { get; }

    /// <summary>Var[Iᵢ] under conditional randomisation (zᵢ fixed).</summary>
    public double[] VIc { get; }

    /// <summary>Number of conditional permutations per observation (0 if none were run).</summary>
    public int Permutations { get; }

    /// <summary>Seed the permutations were drawn from.</summary>
    public int Seed { get; }

    /// <summary>Folded pseudo p-value from the conditional permutations (esda's <c>p_sim</c>).</summary>
    public double[]? PSim { get; }

    /// <summary>Mean of the permuted Iᵢ (esda's <c>EI_sim</c>).</summary>
    public double[]? EISim { get; }

    /// <summary>Population standard deviation of the permuted Iᵢ (esda's <c>seI_sim</c>).</summary>
    public double[]? SeISim { get; }

    /// <summary>(Iᵢ − EISim)/SeISim, or 0 where the permuted values do not vary (esda's <c>z_sim</c>).</summary>
    public double[]? ZSim { get; }

    /// <summary>One-sided normal p-value of ZSim, 1 − Φ(|z|) (esda's <c>p_z_sim</c>).</summary>
    public double[]? PZSim { get; }

    /// <summary>Number of observations.</summary>
    public int Count => Is.Length;

    /// <summary>
    /// LISA cluster categories: the quadrant where <see cref="PSim"/> ≤ α (or, with
    /// <paramref name="controlFalseDiscoveryRate"/>, where Benjamini–Hochberg at level α rejects
    /// across all observations), otherwise <see cref="LisaCluster.NotSignificant"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">No permutations were run.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="alpha"/> is not in (0, 1).</exception>
    public LisaCluster[] Clusters(double alpha = 0.05, bool controlFalseDiscoveryRate = false)
    {
        if (PSim is null)
        {
            throw new InvalidOperationException("LISA clusters need permutation p-values; run Moran.Local with permutations > 0.");
        }

        FalseDiscoveryRate.RequireAlpha(alpha);
        bool[]? rejected = controlFalseDiscoveryRate ? FalseDiscoveryRate.Reject(PSim, alpha) : null;
        var clusters = new LisaCluster[Count];
        for (int i = 0; i < clusters.Length; i++)
        {
            bool significant = rejected?[i] ?? PSim[i] <= alpha;
            clusters[i] = significant ? (LisaCluster)Quadrants[i] : LisaCluster.NotSignificant;
        }

        return clusters;
    }
}

/// <summary>
/// Moran's I spatial autocorrelation: global (with analytic inference), for rates (Assunção–Reis
/// standardisation), bivariate, and local (LISA) with analytic moments and conditional
/// permutation pseudo p-values. Reproduces PySAL esda's <c>esda/moran.py</c>.
/// </summary>
/// <remarks>
/// The weights are used as supplied. esda's default transformation is row-standardised, so
/// pass <c>weights.Transform(WeightsTransformation.RowStandardised)</c> to match its defaults.
/// </remarks>
public static class Moran
{
    /// <summary>
    /// Global Moran's I with its expected value, variances under normality and randomisation,
    /// z-scores and p-values (Cliff &amp; Ord 1981, Spatial Processes, ch. 1–2; esda <c>Moran</c>).
    /// </summary>
    /// <remarks>
    /// VI_norm = (n²S1 − nS2 + 3S0²)/((n² − 1)S0²) − EI²;
    /// VI_rand = (n((n² − 3n + 3)S1 − nS2 + 3S0²) − b₂((n² − n)S1 − 2nS2 + 6S0²))/((n − 1)(n − 2)(n − 3)S0²) − EI²,
    /// with sample kurtosis b₂ = n Σz⁴/(Σz²)². Observations without neighbours contribute
    /// nothing, as in esda.
    /// </remarks>
    /// <param name="values">One value per observation, at least 4 (VI_rand divides by n − 3).</param>
    /// <param name="weights">Weights with at least one link.</param>
    /// <param name="twoTailed">Two-tailed p-values (esda's default) or one-tailed.</param>
    /// <exception cref="ArgumentException">Fewer than 4 values, misaligned, non-finite or all-equal values, or no links.</exception>
    public static GlobalMoranResult Global(ReadOnlySpan<double> values, SpatialWeights weights, bool twoTailed = true)
    {
        (double mean, double ss) = Samples.Describe(values, weights, 4, "Moran's I", nameof(values));
        double s0 = weights.S0;
        if (!(s0 > 0.0))
        {
            throw new ArgumentException("The weights have no links, so Moran's I is undefined.", nameof(weights));
        }

        int n = values.Length;
        var z = new double[n];
        double sumZ4 = 0.0;
        for (int i = 0; i < n; i++)
        {
            z[i] = values[i] - mean;
            double z2 = z[i] * z[i];
            sumZ4 += z2 * z2;
        }

        double cross = CrossProduct(z, z, weights);
        double moranI = n / s0 * cross / ss;

        double nn = n;
        double n2 = nn * nn;
        double s1 = weights.S1;
        double s2 = weights.S2;
        double s02 = s0 * s0;
        double ei = -1.0 / (nn - 1);
        double viNorm = (n2 * s1 - nn * s2 + 3 * s02) / ((nn - 1) * (nn + 1) * s02) - ei * ei;

        // esda: k = (Σz⁴/n) / (Σz²/n)².
        double kurtosis = sumZ4 / nn / (ss / nn * (ss / nn));
        double a = nn * ((n2 - 3 * nn + 3) * s1 - nn * s2 + 3 * s02);
        double b = kurtosis * ((n2 - nn) * s1 - 2 * nn * s2 + 6 * s02);
        double viRand = (a - b) / ((nn - 1) * (nn - 2) * (nn - 3) * s02) - ei * ei;

        double zNorm = (moranI - ei) / Math.Sqrt(viNorm);
        double? zRand = viRand > 0.0 ? (moranI - ei) / Math.Sqrt(viRand) : null;
        return new GlobalMoranResult(
            n,
            moranI,
            ei,
            viNorm,
            viRand,
            zNorm,
            PValue(zNorm, twoTailed),
            zRand,
            zRand is double zr ? PValue(zr, twoTailed) : null,
            twoTailed);
    }

    /// <summary>
    /// Global Moran's I of rates eᵢ/bᵢ after Assunção &amp; Reis's empirical-Bayes
    /// standardisation (esda's <c>Moran_Rate</c> with <c>adjusted=True</c>), which stops
    /// small-population areas with unstable rates from dominating I.
    /// </summary>
    /// <param name="events">Event counts eᵢ ≥ 0 (e.g. crimes).</param>
    /// <param name="populations">Populations at risk bᵢ &gt; 0, aligned with <paramref name="events"/>.</param>
    /// <param name="weights">Weights with at least one link.</param>
    /// <param name="twoTailed">Two-tailed p-values (esda's default) or one-tailed.</param>
    /// <exception cref="ArgumentException">See <see cref="AssuncaoReisRates"/> and <see cref="Global"/>.</exception>
    public static GlobalMoranResult Rate(
        ReadOnlySpan<double> events,
        ReadOnlySpan<double> populations,
        SpatialWeights weights,
        bool twoTailed = true) =>
        Global(AssuncaoReisRates(events, populations), weights, twoTailed);

    /// <summary>
    /// Empirical-Bayes standardised rates zᵢ = (rᵢ − β)/√vᵢ (Assunção &amp; Reis, "A new proposal
    /// to adjust Moran's I for population density", Statistics in Medicine 18 (1999)
    /// 2147–2162; esda's <c>assuncao_rate</c>).
    /// </summary>
    /// <remarks>
    /// rᵢ = eᵢ/bᵢ; β = Σe/Σb; α = Σbᵢ(rᵢ − β)²/Σb − β/b̄; vᵢ = α + β/bᵢ, replaced by β/bᵢ where
    /// that is negative (current esda; the 1999 paper leaves it undefined).
    /// </remarks>
    /// <exception cref="ArgumentException">Lengths differ, an event count is negative, a population is not positive, or no events at all.</exception>
    public static double[] AssuncaoReisRates(ReadOnlySpan<double> events, ReadOnlySpan<double> populations)
    {
        int n = events.Length;
        if (populations.Length != n)
        {
            throw new ArgumentException($"Got {n} event counts but {populations.Length} populations.", nameof(populations));
        }

        double eventSum = 0.0, populationSum = 0.0;
        for (int i = 0; i < n; i++)
        {
            if (!(events[i] >= 0.0) || !double.IsFinite(events[i]))
            {
                throw new ArgumentException($"Event count {i} is {events[i]}; counts must be finite and non-negative.", nameof(events));
            }

            if (!(populations[i] > 0.0) || !double.IsFinite(populations[i]))
            {
                throw new ArgumentException($"Population {i} is {populations[i]}; populations at risk must be finite and positive.", nameof(populations));
            }

            eventSum += events[i];
            populationSum += populations[i];
        }

        if (!(eventSum > 0.0))
        {
            throw new ArgumentException("There are no events, so every rate is 0 and the standardisation is undefined.", nameof(events));
        }

        double beta = eventSum / populationSum;
        double weightedSquares = 0.0;
        for (int i = 0; i < n; i++)
        {
            double d = events[i] / populations[i] - beta;
            weightedSquares += populations[i] * d * d;
        }

        double alpha = weightedSquares / populationSum - beta / (populationSum / n);
        var rates = new double[n];
        for (int i = 0; i < n; i++)
        {
            double variance = alpha + beta / populations[i];
            if (variance < 0.0)
            {
                variance = beta / populations[i];
            }

            rates[i] = (events[i] / populations[i] - beta) / Math.Sqrt(variance);
        }

        return rates;
    }

    /// <summary>
    /// Bivariate Moran's I between x and the spatial lag of y, Σᵢ zxᵢ (W zy)ᵢ/(n − 1) with both
    /// standardised by the sample (n − 1) standard deviation (esda's <c>Moran_BV</c>). esda gives
    /// no analytic inference for it (only permutations), and neither does this.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than 3 values, misaligned, non-finite or constant values.</exception>
    public static double Bivariate(ReadOnlySpan<double> x, ReadOnlySpan<double> y, SpatialWeights weights)
    {
        (double meanX, double ssX) = Samples.Describe(x, weights, 3, "Bivariate Moran's I", nameof(x));
        (double meanY, double ssY) = Samples.Describe(y, weights, 3, "Bivariate Moran's I", nameof(y));
        int n = x.Length;
        double sdX = Math.Sqrt(ssX / (n - 1));
        double sdY = Math.Sqrt(ssY / (n - 1));
        var zx = new double[n];
        var zy = new double[n];
        for (int i = 0; i < n; i++)
        {
            zx[i] = (x[i] - meanX) / sdX;
            zy[i] = (y[i] - meanY) / sdY;
        }

        return CrossProduct(zx, zy, weights) / (n - 1);
    }

    /// <summary>
    /// Local Moran's I (LISA) for every observation with analytic moments, quadrants and —
    /// when <paramref name="permutations"/> &gt; 0 — conditional-permutation pseudo p-values.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Conditional randomisation (Anselin 1995): for each i, <paramref name="permutations"/>
    /// times, the values at i's kᵢ neighbour positions are replaced by kᵢ values drawn without
    /// replacement from the other n − 1 observations, with zᵢ held fixed. Both supported
    /// transformations weight a row's neighbours equally, so only which values are drawn
    /// matters. Each observation draws from its own random stream derived from
    /// (<paramref name="seed"/>, i), so the results are identical on every run and for any
    /// degree of parallelism. They are not the same numbers as esda's, whose draws come from
    /// NumPy/Numba generators.
    /// </para>
    /// <para>Cost: O(permutations · Σkᵢ²) (kᵢ draws each with a duplicate check), in parallel.</para>
    /// </remarks>
    /// <param name="values">One value per observation, at least 3.</param>
    /// <param name="weights">Weights without islands (esda's default transformation is row-standardised).</param>
    /// <param name="permutations">Permutations per observation, ≥ 0 (esda's default is 999; 0 skips them).</param>
    /// <param name="seed">Seed for the permutations.</param>
    /// <param name="maxDegreeOfParallelism">Thread cap for the permutations; −1 for the runtime default.</param>
    /// <exception cref="ArgumentException">
    /// Fewer than 3 values, misaligned, non-finite or all-equal values, or an observation
    /// without neighbours (its Iᵢ would be 0 by construction and esda's pseudo p-value for it
    /// is spuriously small).
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="permutations"/> is negative.</exception>
    public static LocalMoranResult Local(
        ReadOnlySpan<double> values,
        SpatialWeights weights,
        int permutations = 0,
        int seed = 0,
        int maxDegreeOfParallelism = -1)
    {
        (double mean, double ss) = Samples.Describe(values, weights, 3, "Local Moran's I", nameof(values));
        Samples.RequireNoIslands(weights, "Local Moran's I", "Use a wider distance band, k-nearest-neighbour weights, or drop those observations.");
        ArgumentOutOfRangeException.ThrowIfNegative(permutations);

        int n = values.Length;
        double sd = Math.Sqrt(ss / n);
        var z = new double[n];
        double den = 0.0;
        double sumZ4 = 0.0;
        for (int i = 0; i < n; i++)
        {
            z[i] = (values[i] - mean) / sd;
            double z2 = z[i] * z[i];
            den += z2;
            sumZ4 += z2 * z2;
        }

        double nn = n;
        double scaling = (nn - 1) / den;
        double m2 = den / nn;
        double globalB2 = sumZ4 / nn / (m2 * m2);

        var lisa = new double[n];
        var lag = new double[n];
        var quadrants = new MoranQuadrant[n];
        var ei = new double[n];
        var vi = new double[n];
        var viGlobal = new double[n];
        var eic = new double[n];
        var vic = new double[n];
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<int> neighbours = weights.Neighbours(i);
            double rowWeight = weights.Weights(i)[0];
            double sum = 0.0;
            for (int e = 0; e < neighbours.Length; e++)
            {
                sum += z[neighbours[e]];
            }

            // Same expression as the permuted statistic below, so equal draws compare equal.
            lag[i] = rowWeight * sum;
            lisa[i] = z[i] * lag[i] * scaling;

            bool high = z[i] > 0.0;
            bool neighboursHigh = lag[i] > 0.0;
            quadrants[i] = (high, neighboursHigh) switch
            {
                (true, true) => MoranQuadrant.HighHigh,
                (false, true) => MoranQuadrant.LowHigh,
                (false, false) => MoranQuadrant.LowLow,
                (true, false) => MoranQuadrant.HighLow,
            };

            // Moments, after esda Moran_Local.__moments (Sokal et al. 1998 appendix).
            double wi = weights.RowSum(i);
            double wi2 = rowWeight * rowWeight * neighbours.Length;
            double zi2 = z[i] * z[i];
            eic[i] = -(zi2 * wi) / ((nn - 1) * m2);
            vic[i] = (z[i] / m2) * (z[i] / m2) * (nn / (nn - 2)) * (wi2 - wi * wi / (nn - 1)) * (m2 - zi2 / (nn - 1));
            ei[i] = -wi / (nn - 1);

            // esda: m4 = z**4 / n (an array, not summed), so b2 differs by observation.
            double localB2 = zi2 * zi2 / nn / (m2 * m2);
            vi[i] = TotalRandomisationVariance(wi, wi2, localB2, nn);
            viGlobal[i] = TotalRandomisationVariance(wi, wi2, globalB2, nn);
        }

        if (permutations == 0)
        {
            return new LocalMoranResult(lisa, z, lag, quadrants, ei, vi, viGlobal, eic, vic, 0, seed, null, null, null, null, null);
        }

        var pSim = new double[n];
        var eiSim = new double[n];
        var seISim = new double[n];
        var zSim = new double[n];
        var pZSim = new double[n];
        // About 200,000 draws per range: enough to amortise scheduling, small enough to split
        // even a few dozen observations with 999 permutations across cores.
        double meanDraws = (double)permutations * (1 + (double)weights.LinkCount / n);
        int grain = (int)Math.Clamp(200_000 / meanDraws, 1, ParallelRanges.DefaultGrain);
        ParallelRanges.For(
            n,
            grain,
            (start, end) =>
            {
                var drawn = new int[weights.MaxCardinality];
                for (int i = start; i < end; i++)
                {
                    var random = SeededRandom.For(seed, i);
                    int k = weights.Cardinality(i);
                    double rowWeight = weights.Weights(i)[0];
                    double observed = lisa[i];
                    int larger = 0;
                    double simMean = 0.0, simM2 = 0.0;
                    for (int p = 0; p < permutations; p++)
                    {
                        // Robert Floyd's algorithm: k distinct positions out of the n - 1 others
                        // in exactly k draws. Position r >= i stands for r + 1, skipping i.
                        double sum = 0.0;
                        for (int t = 0; t < k; t++)
                        {
                            int bound = n - 1 - k + t;
                            int r = random.NextInt(bound + 1);
                            if (Array.IndexOf(drawn, r, 0, t) >= 0)
                            {
                                r = bound;
                            }

                            drawn[t] = r;
                            sum += z[r >= i ? r + 1 : r];
                        }

                        double simulated = z[i] * (rowWeight * sum) * scaling;
                        if (simulated >= observed)
                        {
                            larger++;
                        }

                        // Welford's running mean and variance.
                        double delta = simulated - simMean;
                        simMean += delta / (p + 1);
                        simM2 += delta * (simulated - simMean);
                    }

                    int folded = Math.Min(larger, permutations - larger);
                    pSim[i] = (folded + 1.0) / (permutations + 1.0);
                    eiSim[i] = simMean;
                    seISim[i] = Math.Sqrt(simM2 / permutations);
                    zSim[i] = seISim[i] > 0.0 ? (lisa[i] - simMean) / seISim[i] : 0.0;
                    pZSim[i] = Normal.UpperTail(Math.Abs(zSim[i]));
                }
            },
            maxDegreeOfParallelism);

        return new LocalMoranResult(lisa, z, lag, quadrants, ei, vi, viGlobal, eic, vic, permutations, seed, pSim, eiSim, seISim, zSim, pZSim);
    }

    /// <summary>Sokal et al. (1998) eq. A4 with kurtosis <paramref name="b2"/> (esda's algebraic form).</summary>
    private static double TotalRandomisationVariance(double wi, double wi2, double b2, double n)
    {
        double n1 = n - 1;
        return wi2 * (n - b2) / n1
            + (wi * wi - wi2) * (2 * b2 - n) / (n1 * (n - 2))
            - (wi / n1) * (wi / n1);
    }

    /// <summary>Σᵢ aᵢ Σⱼ wᵢⱼ bⱼ.</summary>
    private static double CrossProduct(double[] a, double[] b, SpatialWeights weights)
    {
        double total = 0.0;
        for (int i = 0; i < a.Length; i++)
        {
            ReadOnlySpan<int> neighbours = weights.Neighbours(i);
            ReadOnlySpan<double> w = weights.Weights(i);
            double lag = 0.0;
            for (int e = 0; e < neighbours.Length; e++)
            {
                lag += w[e] * b[neighbours[e]];
            }

            total += a[i] * lag;
        }

        return total;
    }

    private static double PValue(double z, bool twoTailed) =>
        twoTailed ? Normal.TwoSidedP(z) : Normal.UpperTail(Math.Abs(z));
}
