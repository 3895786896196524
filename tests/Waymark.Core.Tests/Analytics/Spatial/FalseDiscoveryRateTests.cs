using Waymark.Core.Analytics.Spatial;

namespace Waymark.Core.Tests.Analytics.Spatial;

public class FalseDiscoveryRateTests
{
    // Hand-checked: m = 5, alpha = 0.05, so the step-up thresholds k*alpha/m are
    // 0.01, 0.02, 0.03, 0.04, 0.05. Sorted p: 0.005 (ok), 0.011 (ok), 0.035 (> 0.03),
    // 0.039 (<= 0.04, the largest such k = 4), 0.3. Step-up rejects the four smallest,
    // including 0.035 although it misses its own threshold.
    private static readonly double[] Example = [0.039, 0.3, 0.005, 0.035, 0.011];

    [Fact]
    public void Step_up_rule_rejects_every_test_up_to_the_largest_passing_rank()
    {
        bool[] rejected = FalseDiscoveryRate.Reject(Example, 0.05);

        Assert.Equal([true, false, true, true, true], rejected);
    }

    [Fact]
    public void Adjusted_p_values_are_the_running_minimum_of_m_p_over_k()
    {
        // m*p/k by rank: 0.025, 0.0275, 0.058333, 0.04875, 0.3; running minimum from the top:
        // 0.025, 0.0275, 0.04875, 0.04875, 0.3.
        double[] adjusted = FalseDiscoveryRate.Adjust(Example);

        double[] expected = [0.04875, 0.3, 0.025, 0.04875, 0.0275];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], adjusted[i], 1e-15);
        }
    }

    [Fact]
    public void Nothing_is_rejected_when_the_smallest_p_misses_alpha_over_m()
    {
        Assert.All(FalseDiscoveryRate.Reject([0.011, 0.2, 0.5, 0.04, 0.9], 0.05), Assert.False);
    }

    [Fact]
    public void Invalid_p_values_and_levels_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => FalseDiscoveryRate.Reject([0.1, double.NaN], 0.05));
        Assert.Throws<ArgumentException>(() => FalseDiscoveryRate.Adjust([1.2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => FalseDiscoveryRate.Reject([0.1], 0.0));
        Assert.Empty(FalseDiscoveryRate.Reject([], 0.05));
    }
}
