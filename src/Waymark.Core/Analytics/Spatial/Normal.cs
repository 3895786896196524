namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// The standard normal distribution N(0, 1): distribution function, upper tail, two-sided
/// p-values and quantiles, plus the error functions they are built on.
/// </summary>
/// <remarks>
/// <para>
/// .NET has no <c>erf</c>/<c>erfc</c>, and the obvious <c>1 - Cdf(z)</c> loses every significant
/// digit of a small tail probability, so the tails are computed directly from <see cref="Erfc"/>.
/// <see cref="Erfc"/> uses W. J. Cody's rational Chebyshev approximations ("Rational Chebyshev
/// approximations for the error function", Math. Comp. 23 (1969) 631–637; the coefficients are
/// those of Cody's netlib SPECFUN routine CALERF), whose relative error is below 1e-16 in double
/// precision over the whole real line. That is what lets p-values agree with SciPy's
/// <c>scipy.stats.norm</c> (Cephes <c>ndtr</c>) to the 15–17 digits that PySAL's tests print.
/// </para>
/// <para>All members are pure and thread-safe; NaN in gives NaN out.</para>
/// </remarks>
public static class Normal
{
    // 1/sqrt(pi), 1/sqrt(2), sqrt(2*pi).
    private const double OneOverSqrtPi = 0.56418958354775628695;
    private const double OneOverSqrt2 = 0.70710678118654752440;
    private const double SqrtTwoPi = 2.50662827463100050242;

    // Cody's interval boundaries: |x| <= 0.46875 uses the erf series form; erfc underflows to 0
    // beyond 26.543 (exp(-x^2) < smallest subnormal); below 1.11e-16, x^2 is negligible.
    private const double Threshold = 0.46875;
    private const double XSmall = 1.11e-16;
    private const double XBig = 26.543;

    // CALERF coefficients, erf on |x| <= 0.46875.
    private static readonly double[] A =
    [
        3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
        3.20937758913846947e03, 1.85777706184603153e-1,
    ];

    private static readonly double[] B =
    [
        2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
        2.84423683343917062e03,
    ];

    // erfc on 0.46875 < |x| <= 4.
    private static readonly double[] C =
    [
        5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
        2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
        2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8,
    ];

    private static readonly double[] D =
    [
        1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
        1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
        3.43936767414372164e03, 1.23033935480374942e03,
    ];

    // erfc on |x| > 4 (asymptotic form in 1/x^2).
    private static readonly double[] P =
    [
        3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
        1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2,
    ];

    private static readonly double[] Q =
    [
        2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1,
        6.05183413124413191e-2, 2.33520497626869185e-3,
    ];

    /// <summary>The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, in [−1, 1].</summary>
    public static double Erf(double x)
    {
        double y = Math.Abs(x);
        if (y <= Threshold)
        {
            return SmallArgumentErf(x);
        }

        // erf = 1 - erfc, where erfc(|x|) < 0.51 here so the subtraction loses nothing.
        double result = 1.0 - ErfcOfAbs(y);
        return x < 0 ? -result : result;
    }

    /// <summary>
    /// The complementary error function erfc(x) = 1 − erf(x), in [0, 2], with full relative
    /// accuracy in the upper tail (it is not computed as 1 − erf).
    /// </summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double y = Math.Abs(x);
        if (y <= Threshold)
        {
            return 1.0 - SmallArgumentErf(x);
        }

        double tail = ErfcOfAbs(y);
        return x < 0 ? 2.0 - tail : tail;
    }

    /// <summary>Density φ(z) = e^(−z²/2)/√(2π).</summary>
    public static double Pdf(double z) => Math.Exp(-0.5 * z * z) / SqrtTwoPi;

    /// <summary>Distribution function Φ(z) = P(Z ≤ z), in [0, 1].</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z * OneOverSqrt2);

    /// <summary>
    /// Upper tail (survival function) 1 − Φ(z) = P(Z &gt; z), in [0, 1], accurate to full relative
    /// precision for large z (SciPy's <c>norm.sf</c>).
    /// </summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z * OneOverSqrt2);

    /// <summary>Two-sided p-value P(|Z| ≥ |z|) = 2(1 − Φ(|z|)), in [0, 1].</summary>
    public static double TwoSidedP(double z) => Math.Min(1.0, Erfc(Math.Abs(z) * OneOverSqrt2));

    /// <summary>
    /// Quantile Φ⁻¹(p): the z with Φ(z) = p, for 0 &lt; p &lt; 1 (−∞ at 0, +∞ at 1).
    /// </summary>
    /// <remarks>
    /// P. J. Acklam's rational approximation (relative error 1.15e-9) as a starting point, then
    /// one Halley step against <see cref="Cdf"/>/<see cref="UpperTail"/>, which brings it to
    /// within a few ulps; e.g. Φ⁻¹(0.975) = 1.959963984540054.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1] or NaN.</exception>
    public static double InverseCdf(double p)
    {
        if (!(p >= 0.0 && p <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(p), p, "A probability must be between 0 and 1.");
        }

        if (p == 0.0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1.0)
        {
            return double.PositiveInfinity;
        }

        // Work in the lower half and reflect, so the refinement always uses a small tail.
        bool upper = p > 0.5;
        double tail = upper ? 1.0 - p : p;
        double x = AcklamLower(tail);

        // Halley's method on f(x) = Φ(x) - tail, f' = φ(x), f'' = -x φ(x).
        double e = Cdf(x) - tail;
        double u = e * SqrtTwoPi * Math.Exp(0.5 * x * x);
        x -= u / (1.0 + 0.5 * x * u);
        return upper ? -x : x;
    }

    private static double SmallArgumentErf(double x)
    {
        double y = Math.Abs(x);
        double ysq = y > XSmall ? y * y : 0.0;
        double xnum = A[4] * ysq;
        double xden = ysq;
        for (int i = 0; i < 3; i++)
        {
            xnum = (xnum + A[i]) * ysq;
            xden = (xden + B[i]) * ysq;
        }

        return x * (xnum + A[3]) / (xden + B[3]);
    }

    /// <summary>erfc(y) for y &gt; 0.46875.</summary>
    private static double ErfcOfAbs(double y)
    {
        double result;
        if (y <= 4.0)
        {
            double xnum = C[8] * y;
            double xden = y;
            for (int i = 0; i < 7; i++)
            {
                xnum = (xnum + C[i]) * y;
                xden = (xden + D[i]) * y;
            }

            result = (xnum + C[7]) / (xden + D[7]);
        }
        else
        {
            if (y >= XBig)
            {
                return 0.0;
            }

            double ysq = 1.0 / (y * y);
            double xnum = P[5] * ysq;
            double xden = ysq;
            for (int i = 0; i < 4; i++)
            {
                xnum = (xnum + P[i]) * ysq;
                xden = (xden + Q[i]) * ysq;
            }

            result = ysq * (xnum + P[4]) / (xden + Q[4]);
            result = (OneOverSqrtPi - result) / y;
        }

        // exp(-y^2) split as exp(-r^2) * exp(-(y-r)(y+r)) with r = y rounded down to 1/16, so that
        // r^2 is exact and the rounding error of y^2 does not get amplified (Cody's device).
        double rounded = Math.Truncate(y * 16.0) / 16.0;
        double del = (y - rounded) * (y + rounded);
        return Math.Exp(-rounded * rounded) * Math.Exp(-del) * result;
    }

    /// <summary>Acklam's approximation of Φ⁻¹(p) for 0 &lt; p ≤ 0.5.</summary>
    private static double AcklamLower(double p)
    {
        const double PLow = 0.02425;
        if (p < PLow)
        {
            double q = Math.Sqrt(-2.0 * Math.Log(p));
            return (((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                        - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00)
                   / ((((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                        + 3.754408661907416e+00) * q + 1.0);
        }

        double r0 = p - 0.5;
        double r = r0 * r0;
        return (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                    + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * r0
               / (((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                    + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1.0);
    }
}
