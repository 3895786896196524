namespace Waymark.Core.Marking;

/// <summary>An area's count of crimes in the period before marking and in an equally long period after it.</summary>
public readonly record struct AreaBeforeAfter(string Area, double Before, double After)
{
    public double Change => After - Before;
}

/// <summary>
/// A difference-in-differences estimate of marking's effect on an area's crime count.
/// <see cref="Estimate"/> is crimes per area per period (negative: fewer crimes where marked);
/// the confidence interval uses Student's t with Welch–Satterthwaite degrees of freedom.
/// </summary>
public sealed record DidResult(
    int TreatedAreas,
    int ControlAreas,
    double TreatedBefore,
    double TreatedAfter,
    double ControlBefore,
    double ControlAfter,
    double Estimate,
    double StandardError,
    double DegreesOfFreedom,
    double ConfidenceLevel,
    double Lower,
    double Upper,
    double TreatedChangePercent,
    double ControlChangePercent,
    double RelativeEffectPercent)
{
    /// <summary>Crimes prevented in all treated areas over the after period (the estimate with its sign turned, times the areas).</summary>
    public double CrimesPrevented => -Estimate * TreatedAreas;

    public double CrimesPreventedLower => -Upper * TreatedAreas;

    public double CrimesPreventedUpper => -Lower * TreatedAreas;
}

/// <summary>
/// Difference in differences for two periods: the mean change (after − before) in treated areas minus the mean change in
/// comparison areas, which removes what both groups share (a force-wide fall, seasonality) and fixed differences between
/// areas. With two periods this equals the treatment coefficient of the two-way fixed-effects regression
/// <c>y_it = a_i + b_t + δ·D_it</c> (Angrist &amp; Pischke, Mostly Harmless Econometrics, §5.2); its standard error is
/// the Welch two-sample error of the per-area changes, which allows the two groups different variances and is robust to
/// serial correlation within an area (Bertrand, Duflo &amp; Mullainathan 2004, collapsing to before/after).
/// The relative effect is the ratio of ratios: (treated after/before) ÷ (control after/before) − 1.
/// </summary>
public static class DifferenceInDifferences
{
    public static DidResult Estimate(IReadOnlyList<AreaBeforeAfter> treated, IReadOnlyList<AreaBeforeAfter> control, double confidenceLevel = 0.95)
    {
        if (treated.Count < 2 || control.Count < 2)
        {
            throw new ArgumentException("Difference in differences needs at least two treated and two comparison areas to estimate its uncertainty.");
        }

        if (confidenceLevel is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidenceLevel), "is between 0 and 1, e.g. 0.95.");
        }

        var (meanT, varT) = MeanAndVariance(treated.Select(a => a.Change));
        var (meanC, varC) = MeanAndVariance(control.Select(a => a.Change));
        double nT = treated.Count, nC = control.Count;
        var estimate = meanT - meanC;
        var aT = varT / nT;
        var aC = varC / nC;
        var se = Math.Sqrt(aT + aC);
        // Welch–Satterthwaite; when both groups changed identically everywhere the error is 0 and df is moot.
        var df = se == 0 ? double.PositiveInfinity : (aT + aC) * (aT + aC) / (aT * aT / (nT - 1) + aC * aC / (nC - 1));
        var t = StudentT.Quantile(0.5 + confidenceLevel / 2, df);

        var tb = treated.Sum(a => a.Before);
        var ta = treated.Sum(a => a.After);
        var cb = control.Sum(a => a.Before);
        var ca = control.Sum(a => a.After);
        var treatedChange = tb == 0 ? double.NaN : 100 * (ta - tb) / tb;
        var controlChange = cb == 0 ? double.NaN : 100 * (ca - cb) / cb;
        var relative = tb == 0 || cb == 0 || ca == 0 ? double.NaN : 100 * (ta / tb / (ca / cb) - 1);
        return new DidResult(treated.Count, control.Count, tb, ta, cb, ca, estimate, se, df, confidenceLevel,
            estimate - t * se, estimate + t * se, treatedChange, controlChange, relative);
    }

    private static (double Mean, double Variance) MeanAndVariance(IEnumerable<double> values)
    {
        var list = values.ToList();
        var mean = list.Average();
        var ss = list.Sum(v => (v - mean) * (v - mean));
        return (mean, ss / (list.Count - 1));
    }
}
