using Waymark.Core.Analytics.Spatial;

namespace Waymark.Core.Tests.Analytics.Spatial;

/// <summary>
/// Reference values from esda/tests/test_getisord.py and the <c>G_Local</c> docstring
/// (pysal/esda), as listed in TestData/pysal/README.txt: six points, DistanceBand(threshold=15).
/// </summary>
public class GetisOrdTests
{
    // Values are given to 8 decimals.
    private const double Tolerance = 1e-7;

    private static SpatialWeights Binary => SpatialWeights.DistanceBand(PysalData.SixX, PysalData.SixY, 15);

    private static SpatialWeights RowStandardised => Binary.Transform(WeightsTransformation.RowStandardised);

    [Fact]
    public void General_g_reproduces_esda_g_and_p_norm()
    {
        GeneralGResult g = GetisOrd.General(PysalData.SixValues, Binary);

        Assert.Equal(0.55709779, g.G, 1e-8);
        Assert.Equal(0.172936, g.PNorm, 5e-7);

        // E[G] = S0 / (n(n-1)) = 14 / 30.
        Assert.Equal(14.0 / 30.0, g.ExpectedG, 1e-15);
        Assert.True(g.VarianceG > 0);
        Assert.Equal(Normal.UpperTail(g.ZNorm), g.PNorm, 1e-15);
    }

    [Fact]
    public void Local_gi_with_binary_weights_reproduces_esda_for_all_six_points()
    {
        double[] expected = [-1.0136729, -0.04361589, 1.31558703, -0.31412676, 1.15373986, 1.77833941];

        LocalGResult gi = GetisOrd.Local(PysalData.SixValues, Binary, star: false);

        AssertAll(expected, gi.Z);
        Assert.False(gi.Star);
    }

    [Fact]
    public void Local_gi_star_with_binary_weights_reproduces_esda_for_all_six_points()
    {
        double[] expected = [-1.39727626, -0.28917762, 0.65064964, -0.28917762, 1.23452088, 2.02424331];

        LocalGResult giStar = GetisOrd.Local(PysalData.SixValues, Binary, star: true);

        AssertAll(expected, giStar.Z);
    }

    [Fact]
    public void Esda_moments_on_binary_weights_are_the_textbook_moments()
    {
        LocalGResult textbook = GetisOrd.Local(PysalData.SixValues, Binary, star: true, GiMoments.Textbook);
        LocalGResult esda = GetisOrd.Local(PysalData.SixValues, Binary, star: true, GiMoments.Esda);

        AssertAll(textbook.Z, esda.Z, 1e-14);
    }

    [Fact]
    public void Local_gi_with_row_standardised_weights_and_esda_moments_reproduces_esda()
    {
        // README Zs[0] = -0.62074534; the other five from G_Local's docstring (transform='R').
        double[] expected = [-0.62074534, -0.01780611, 1.31558703, -0.12824171, 0.28843496, 1.77833941];

        LocalGResult gi = GetisOrd.Local(PysalData.SixValues, RowStandardised, star: false, GiMoments.Esda);

        AssertAll(expected, gi.Z);
    }

    [Fact]
    public void Local_gi_star_with_row_standardised_weights_and_esda_moments_reproduces_esda()
    {
        // README Zs[0] = -0.62488094; the rest from G_Local's docstring (transform='R', star=True).
        double[] expected = [-0.62488094, -0.09144599, 0.41150696, -0.09144599, 0.24690418, 1.28024388];

        LocalGResult giStar = GetisOrd.Local(PysalData.SixValues, RowStandardised, star: true, GiMoments.Esda);

        AssertAll(expected, giStar.Z);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Textbook_z_does_not_depend_on_row_standardisation(bool star)
    {
        LocalGResult binary = GetisOrd.Local(PysalData.SixValues, Binary, star);
        LocalGResult rowStandardised = GetisOrd.Local(PysalData.SixValues, RowStandardised, star);

        AssertAll(binary.Z, rowStandardised.Z, 1e-12);
    }

    [Fact]
    public void Z_scores_do_not_change_when_values_are_shifted_or_scaled()
    {
        double[] shifted = PysalData.SixValues.Select(v => 1_000_000 + 3 * v).ToArray();

        LocalGResult original = GetisOrd.Local(PysalData.SixValues, Binary);
        LocalGResult transformed = GetisOrd.Local(shifted, Binary);

        AssertAll(original.Z, transformed.Z, 1e-9);
    }

    [Fact]
    public void P_values_are_two_sided_normal_tail_probabilities()
    {
        LocalGResult giStar = GetisOrd.Local(PysalData.SixValues, Binary);

        for (int i = 0; i < giStar.Count; i++)
        {
            Assert.Equal(2 * Normal.UpperTail(Math.Abs(giStar.Z[i])), giStar.P[i], 1e-15);
        }

        // z = 2.02424331 -> p = 0.04295 (two-sided).
        Assert.Equal(0.04295, giStar.P[5], 1e-5);
    }

    [Fact]
    public void Classification_flags_hot_spots_at_alpha_and_fdr_removes_the_chance_finding()
    {
        LocalGResult giStar = GetisOrd.Local(PysalData.SixValues, Binary);

        HotspotClass[] plain = giStar.Classify();
        HotspotClass[] withFdr = giStar.Classify(0.05, controlFalseDiscoveryRate: true);

        // Only point 5 (p = 0.043) passes 0.05 on its own; against 6 tests BH needs p <= 0.05/6.
        Assert.Equal(
            [HotspotClass.NotSignificant, HotspotClass.NotSignificant, HotspotClass.NotSignificant, HotspotClass.NotSignificant, HotspotClass.NotSignificant, HotspotClass.Hotspot],
            plain);
        Assert.All(withFdr, c => Assert.Equal(HotspotClass.NotSignificant, c));
    }

    [Fact]
    public void A_cold_cluster_in_a_grid_is_classified_as_a_cold_spot()
    {
        const int Size = 20;
        var counts = new double[Size * Size];
        var random = new Random(5);
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = 20 + random.Next(5);
        }

        // A 3x3 block of empty cells around (10, 10) and a 3x3 block of busy cells around (4, 4).
        for (int dr = -1; dr <= 1; dr++)
        {
            for (int dc = -1; dc <= 1; dc++)
            {
                counts[(10 + dr) * Size + 10 + dc] = 0;
                counts[(4 + dr) * Size + 4 + dc] = 60;
            }
        }

        SpatialWeights w = SpatialWeights.RegularGrid(Size, Size, 1_000, 1_500);
        HotspotClass[] classes = GetisOrd.Local(counts, w).Classify(0.05, controlFalseDiscoveryRate: true);

        Assert.Equal(HotspotClass.Coldspot, classes[10 * Size + 10]);
        Assert.Equal(HotspotClass.Hotspot, classes[4 * Size + 4]);
        Assert.Equal(HotspotClass.NotSignificant, classes[16 * Size + 16]);
    }

    [Fact]
    public void Gi_rejects_islands_but_gi_star_handles_them()
    {
        SpatialWeights w = SpatialWeights.DistanceBand(PysalData.SixX, PysalData.SixY, 12);
        Assert.Contains(2, w.Islands());

        ArgumentException error = Assert.Throws<ArgumentException>(() => GetisOrd.Local(PysalData.SixValues, w, star: false));
        Assert.Contains("islands", error.Message, StringComparison.Ordinal);

        LocalGResult giStar = GetisOrd.Local(PysalData.SixValues, w, star: true);
        Assert.All(giStar.Z, z => Assert.True(double.IsFinite(z)));
    }

    [Fact]
    public void Observation_linked_to_all_others_gets_z_zero_and_p_one_instead_of_nan()
    {
        // Everyone within 100 of everyone: each Gi* sum is the grand total, which cannot vary.
        LocalGResult giStar = GetisOrd.Local(PysalData.SixValues, SpatialWeights.DistanceBand(PysalData.SixX, PysalData.SixY, 100));

        Assert.All(giStar.Z, z => Assert.Equal(0.0, z));
        Assert.All(giStar.P, p => Assert.Equal(1.0, p));
    }

    [Fact]
    public void Too_few_equal_or_misaligned_values_are_rejected_with_a_reason()
    {
        SpatialWeights w = Binary;

        Assert.Contains("equal", Assert.Throws<ArgumentException>(() => GetisOrd.Local([4, 4, 4, 4, 4, 4], w)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => GetisOrd.Local([1, 2, 3], w));
        Assert.Throws<ArgumentException>(() => GetisOrd.Local([1, 2], SpatialWeights.FromNeighbourLists([[1], [0]])));
        Assert.Throws<ArgumentException>(() => GetisOrd.Local([1, 2, double.NaN, 4, 5, 6], w));
        Assert.Throws<ArgumentException>(() => GetisOrd.General([1, -2, 3, 4, 5, 6], w));
    }

    private static void AssertAll(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance = Tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"Element {i}: expected {expected[i]:R}, got {actual[i]:R}.");
        }
    }
}
