using Waymark.Core.Analytics.Spatial;

namespace Waymark.Core.Tests.Analytics.Spatial;

public class NormalTests
{
    // Reference values: high-precision evaluations (Mathematica / mpmath, 16+ digits) of the
    // standard functions, as tabulated e.g. in Abramowitz & Stegun and SciPy's test-suite.
    [Theory]
    [InlineData(0.5, 0.4795001221869535)]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(10.0, 2.088487583762545e-45)]
    [InlineData(-1.0, 1.8427007929497148)]
    public void Erfc_matches_reference_values_to_full_relative_precision(double x, double expected)
    {
        Assert.Equal(expected, Normal.Erfc(x), expected * 1e-14);
    }

    [Fact]
    public void Erf_matches_reference_values()
    {
        Assert.Equal(0.8427007929497149, Normal.Erf(1.0), 1e-15);
        Assert.Equal(-0.5204998778130465, Normal.Erf(-0.5), 1e-15);
        Assert.Equal(0.0, Normal.Erf(0.0));
    }

    [Theory]
    [InlineData(1.96, 0.024997895148220435)]
    [InlineData(5.0, 2.866515718791939e-07)]
    [InlineData(10.0, 7.619853024160527e-24)]
    [InlineData(-1.0, 0.8413447460685429)]
    [InlineData(0.0, 0.5)]
    public void Upper_tail_keeps_relative_precision_far_into_the_tail(double z, double expected)
    {
        Assert.Equal(expected, Normal.UpperTail(z), expected * 1e-14);
    }

    [Fact]
    public void Cdf_and_two_sided_p_are_consistent_with_the_upper_tail()
    {
        Assert.Equal(0.9750021048517795, Normal.Cdf(1.96), 1e-15);
        Assert.Equal(2 * 0.024997895148220435, Normal.TwoSidedP(-1.96), 1e-15);
        Assert.Equal(1.0, Normal.TwoSidedP(0.0));
    }

    [Theory]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.05, -1.6448536269514729)]
    [InlineData(1e-10, -6.361340902404056)]
    public void Inverse_cdf_gives_the_quantile(double p, double expected)
    {
        Assert.Equal(expected, Normal.InverseCdf(p), 1e-13);
    }

    [Fact]
    public void Inverse_cdf_rejects_impossible_probabilities()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Normal.InverseCdf(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Normal.InverseCdf(double.NaN));
        Assert.Equal(double.NegativeInfinity, Normal.InverseCdf(0.0));
    }
}
