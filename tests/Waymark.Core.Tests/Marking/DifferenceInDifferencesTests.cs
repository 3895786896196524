using Waymark.Core.Marking;

namespace Waymark.Core.Tests.Marking;

public sealed class DifferenceInDifferencesTests
{
    [Fact]
    public void Estimate_MatchesHandComputedExample()
    {
        // Treated changes -4, -6, -5: mean -5, sample variance ((1 + 1 + 0) / 2) = 1.
        // Control changes -1, 0, -2, +1: mean -0.5, sample variance (0.25 + 0.25 + 2.25 + 2.25) / 3 = 5/3.
        // DiD = -5 - (-0.5) = -4.5; SE = sqrt(1/3 + (5/3)/4) = sqrt(0.75) = 0.866025.
        // Welch df = 0.75² / ((1/3)²/2 + (5/12)²/3) = 0.5625 / (0.0555556 + 0.0578704) = 4.959184.
        // t(0.975, 4.959) lies between the tables' 2.5706 at 5 df and 2.7764 at 4 df, so the lower bound lies between
        // -4.5 - 2.7764 × 0.866025 and -4.5 - 2.5706 × 0.866025, and the interval is symmetric about -4.5.
        var treated = new[] { new AreaBeforeAfter("T1", 10, 6), new AreaBeforeAfter("T2", 12, 6), new AreaBeforeAfter("T3", 9, 4) };
        var control = new[]
        {
            new AreaBeforeAfter("C1", 8, 7), new AreaBeforeAfter("C2", 5, 5), new AreaBeforeAfter("C3", 11, 9), new AreaBeforeAfter("C4", 6, 7),
        };

        var r = DifferenceInDifferences.Estimate(treated, control);

        Assert.Equal(-4.5, r.Estimate, 12);
        Assert.Equal(0.8660254, r.StandardError, 6);
        Assert.Equal(4.959184, r.DegreesOfFreedom, 5);
        Assert.InRange(r.Lower, -4.5 - 2.7764 * 0.8660254, -4.5 - 2.5706 * 0.8660254);
        Assert.Equal(-4.5 * 2 - r.Lower, r.Upper, 9);
        // Totals: treated 31 → 16 (-48.39%), control 30 → 28 (-6.67%); ratio of ratios (16/31)/(28/30) - 1 = -44.70%.
        Assert.Equal(-48.387, r.TreatedChangePercent, 3);
        Assert.Equal(-6.667, r.ControlChangePercent, 3);
        Assert.Equal(-44.700, r.RelativeEffectPercent, 3);
        Assert.Equal(13.5, r.CrimesPrevented, 9);
    }

    [Fact]
    public void Estimate_ReproducesCardAndKruegerGroupMeans()
    {
        // Card & Krueger (1994), Table 3: FTE employment per store, New Jersey 20.44 → 21.03, Pennsylvania 23.33 → 21.17;
        // difference in differences 2.76 (2.75 from the rounded means). Two identical stores a group give the group means.
        var nj = new[] { new AreaBeforeAfter("NJ1", 20.44, 21.03), new AreaBeforeAfter("NJ2", 20.44, 21.03) };
        var pa = new[] { new AreaBeforeAfter("PA1", 23.33, 21.17), new AreaBeforeAfter("PA2", 23.33, 21.17) };
        var r = DifferenceInDifferences.Estimate(nj, pa);
        Assert.Equal(2.75, r.Estimate, 9);
        Assert.Equal(0, r.StandardError, 12);
    }

    [Fact]
    public void Estimate_NeedsTwoAreasEachSide() =>
        Assert.Throws<ArgumentException>(() => DifferenceInDifferences.Estimate([new AreaBeforeAfter("T", 1, 0)], [new AreaBeforeAfter("C", 1, 1), new AreaBeforeAfter("D", 1, 1)]));
}
