using Waymark.Core.Marking;

namespace Waymark.Core.Tests.Marking;

public sealed class StudentTTests
{
    // Two-sided 95% and 99% critical values from the standard t table (e.g. NIST/SEMATECH e-Handbook, Table 1.3.6.7.2).
    [Theory]
    [InlineData(0.975, 1, 12.706)]
    [InlineData(0.975, 2, 4.303)]
    [InlineData(0.975, 3, 3.182)]
    [InlineData(0.975, 5, 2.571)]
    [InlineData(0.975, 10, 2.228)]
    [InlineData(0.975, 30, 2.042)]
    [InlineData(0.995, 10, 3.169)]
    [InlineData(0.95, 20, 1.725)]
    public void Quantile_MatchesTables(double p, double df, double expected) =>
        Assert.Equal(expected, StudentT.Quantile(p, df), 0.0006);

    [Fact]
    public void Cdf_IsOneHalfAtZeroAndExactForOneDegree()
    {
        Assert.Equal(0.5, StudentT.Cdf(0, 7), 12);
        // With 1 degree of freedom t is Cauchy: P(T <= 1) = 3/4.
        Assert.Equal(0.75, StudentT.Cdf(1, 1), 10);
    }
}
