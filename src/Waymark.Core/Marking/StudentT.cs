namespace Waymark.Core.Marking;

/// <summary>Student's t distribution: its distribution function and quantiles, for any positive degrees of freedom.</summary>
public static class StudentT
{
    /// <summary>P(T ≤ t) with <paramref name="degreesOfFreedom"/> ν: 1 − ½·I_{ν/(ν+t²)}(ν/2, ½) for t ≥ 0 (A&amp;S 26.7.1 with 26.5.27).</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (!(degreesOfFreedom > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), "must be positive.");
        }

        var tail = 0.5 * RegularizedIncompleteBeta(degreesOfFreedom / (degreesOfFreedom + t * t), degreesOfFreedom / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /// <summary>The <paramref name="p"/> quantile, by bisection on <see cref="Cdf"/> to 1e-10.</summary>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (p is <= 0 or >= 1 || double.IsNaN(p))
        {
            throw new ArgumentOutOfRangeException(nameof(p), "is a probability strictly between 0 and 1.");
        }

        if (!(degreesOfFreedom > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), "must be positive.");
        }

        if (double.IsPositiveInfinity(degreesOfFreedom))
        {
            return Analytics.Spatial.Normal.InverseCdf(p);
        }

        double lo = -1, hi = 1;
        while (Cdf(lo, degreesOfFreedom) > p)
        {
            lo *= 2;
        }

        while (Cdf(hi, degreesOfFreedom) < p)
        {
            hi *= 2;
        }

        while (hi - lo > 1e-10)
        {
            var mid = 0.5 * (lo + hi);
            if (Cdf(mid, degreesOfFreedom) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
    }

    /// <summary>I_x(a, b) by its continued fraction (modified Lentz; Numerical Recipes 3rd ed. §6.4).</summary>
    internal static double RegularizedIncompleteBeta(double x, double a, double b)
    {
        if (x <= 0)
        {
            return 0;
        }

        if (x >= 1)
        {
            return 1;
        }

        var front = Math.Exp(LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2)
            ? front * BetaContinuedFraction(x, a, b) / a
            : 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
    }

    private static double BetaContinuedFraction(double x, double a, double b)
    {
        const double Tiny = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1;
        var c = 1.0;
        var d = 1 - qab * x / qap;
        d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
        var h = d;
        for (var m = 1; m <= 300; m++)
        {
            var m2 = 2 * m;
            var aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1 + aa / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            d = 1 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1 + aa / c;
            c = Math.Abs(c) < Tiny ? Tiny : c;
            var del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-15)
            {
                break;
            }
        }

        return h;
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error below 1e-15).</summary>
    private static double LogGamma(double x)
    {
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        if (x < 0.5)
        {
            return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        }

        x -= 1;
        var sum = c[0];
        for (var i = 1; i < 9; i++)
        {
            sum += c[i] / (x + i);
        }

        var t = x + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}
