using Waymark.Core.Analytics.Spatial;

namespace Waymark.Core.Tests.Analytics.Spatial;

/// <summary>
/// Reference values from esda/tests/test_moran.py and moran.py docstrings (pysal/esda), as listed
/// in TestData/pysal/README.txt. esda's default transformation is row-standardised.
/// </summary>
public class MoranTests
{
    private static SpatialWeights RowStandardised(string galFile) =>
        PysalData.Gal(galFile).Transform(WeightsTransformation.RowStandardised);

    [Fact]
    public void Global_moran_reproduces_esda_on_st_louis_homicide_rates()
    {
        double[] y = PysalData.TextColumn("stl_hom.txt", "HR8893");

        GlobalMoranResult moran = Moran.Global(y, RowStandardised("stl.gal"), twoTailed: false);

        Assert.Equal(0.24365582621771659, moran.I, 1e-12);
        AssertRelative(0.00013573931385468807, moran.PNorm, 1e-7);
        Assert.Equal(-1.0 / 77, moran.EI, 1e-15);
    }

    [Fact]
    public void Global_moran_two_tailed_p_is_twice_the_one_tailed_p()
    {
        // The moran.py docstring: Moran(y, w).p_norm = 0.00027147862770937614 (two-tailed default).
        double[] y = PysalData.TextColumn("stl_hom.txt", "HR8893");

        GlobalMoranResult moran = Moran.Global(y, RowStandardised("stl.gal"));

        AssertRelative(0.00027147862770937614, moran.PNorm, 1e-7);
        Assert.True(moran.TwoTailed);
    }

    [Fact]
    public void Global_moran_reproduces_esda_on_north_carolina_sids_rates()
    {
        double[] sidr74 = PysalData.Table("sids2.dbf").Numbers("SIDR74");

        GlobalMoranResult moran = Moran.Global(sidr74, RowStandardised("sids2.gal"), twoTailed: false);

        Assert.Equal(0.24772519320480135, moran.I, 1e-12);
        AssertRelative(5.7916539074498452e-05, moran.PNorm, 1e-7);
    }

    [Fact]
    public void Moran_rate_reproduces_esda_with_assuncao_reis_standardisation()
    {
        Dbf sids = PysalData.Table("sids2.dbf");

        GlobalMoranResult moran = Moran.Rate(sids.Numbers("SID79"), sids.Numbers("BIR79"), RowStandardised("sids2.gal"), twoTailed: false);

        Assert.Equal(0.16622343552567395, moran.I, 1e-12);
        AssertRelative(0.004191499504892171, moran.PNorm, 1e-7);
    }

    [Fact]
    public void Assuncao_reis_rates_reproduce_the_esda_docstring_example()
    {
        double[] rates = Moran.AssuncaoReisRates([30, 25, 25, 15, 33, 21, 30, 20], [100, 100, 110, 90, 100, 90, 110, 90]);

        double[] expected = [1.03843594, -0.04099089, -0.56250375, -1.73061861];
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], rates[i], 1e-8);
        }
    }

    [Fact]
    public void Bivariate_moran_matrix_entries_reproduce_esda()
    {
        // Moran_BV_matrix([SIDR74, SIDR79, NWR74, NWR79], w): entry (i, j) is Moran_BV(x = var i, y = var j).
        Dbf sids = PysalData.Table("sids2.dbf");
        SpatialWeights w = RowStandardised("sids2.gal");

        double i01 = Moran.Bivariate(sids.Numbers("SIDR74"), sids.Numbers("SIDR79"), w);
        double i30 = Moran.Bivariate(sids.Numbers("NWR79"), sids.Numbers("SIDR74"), w);

        Assert.Equal(0.19362610652874668, i01, 1e-12);
        Assert.Equal(0.37701382542927858, i30, 1e-12);
    }

    [Fact]
    public void Variances_on_a_three_by_three_rook_lattice_reproduce_esda()
    {
        // lat2W(3, 3) (rook), binary, y = 1..9.
        SpatialWeights w = SpatialWeights.RegularGrid(3, 3, 1, 1);

        GlobalMoranResult moran = Moran.Global([1, 2, 3, 4, 5, 6, 7, 8, 9], w);

        Assert.Equal(0.0596875, moran.VIRand, 1e-12);
        Assert.Equal(0.053125, moran.VINorm, 1e-12);
    }

    [Fact]
    public void Local_moran_analytic_moments_reproduce_esda_on_de_smiths_example()
    {
        double[] y = PysalData.TextColumn("desmith.txt", "z");

        LocalMoranResult lisa = Moran.Local(y, RowStandardised("desmith.gal"));

        double[] vi = [0.47374172, 0.47356458, 0.47209663, 0.15866023, 0.15972526, 0.47376436, 0.46927721, 0.24584217, 0.26498308, 0.47077467];
        double[] eic = [-0.00838113, -0.0243949, -0.07031778, -0.21520869, -0.16547163, -0.00178435, -0.11531888, -0.36138555, -0.05471258, -0.09413562];
        double[] vic = [0.03636013, 0.10412408, 0.28600769, 0.26389674, 0.21576683, 0.00779261, 0.44633942, 0.57696508, 0.12929777, 0.3730742];
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(-1.0 / 9, lisa.EI[i], 1e-15);
            Assert.Equal(vi[i], lisa.VI[i], 1e-8);
            Assert.Equal(eic[i], lisa.EIc[i], 1e-8);
            Assert.Equal(vic[i], lisa.VIc[i], 1e-8);
        }
    }

    [Fact]
    public void Local_moran_variance_with_sample_kurtosis_depends_only_on_the_number_of_neighbours()
    {
        double[] y = PysalData.TextColumn("desmith.txt", "z");
        SpatialWeights w = RowStandardised("desmith.gal");

        LocalMoranResult lisa = Moran.Local(y, w);

        // Row-standardised: w_i = 1 and w_i(2) = 1/k_i, so with one b2 for all the variance is a
        // function of k_i alone: observations 0 and 1 (k = 2) agree, 3 (k = 4) differs.
        Assert.Equal(lisa.VIGlobalKurtosis[0], lisa.VIGlobalKurtosis[1], 1e-15);
        Assert.NotEqual(lisa.VIGlobalKurtosis[0], lisa.VIGlobalKurtosis[3], 1e-6);
        Assert.NotEqual(lisa.VI[0], lisa.VI[1], 1e-6);
    }

    [Fact]
    public void Local_moran_quadrants_match_esda()
    {
        // Moran_Local docstring on desmith: q = [4, 4, 4, 2, 3, 3, 1, 4, 3, 3].
        double[] y = PysalData.TextColumn("desmith.txt", "z");

        LocalMoranResult lisa = Moran.Local(y, RowStandardised("desmith.gal"));

        Assert.Equal([4, 4, 4, 2, 3, 3, 1, 4, 3, 3], lisa.Quadrants.Select(q => (int)q));
    }

    [Fact]
    public void Local_moran_values_sum_to_n_minus_one_times_global_i()
    {
        // Is_i = (n-1) z_i lag_i / sum z^2, and global I = n/S0 * sum z_i lag_i / sum z^2 with
        // S0 = n for row-standardised weights, so sum Is = (n-1) I.
        double[] y = PysalData.TextColumn("stl_hom.txt", "HR8893");
        SpatialWeights w = RowStandardised("stl.gal");

        double sum = Moran.Local(y, w).Is.Sum();

        Assert.Equal(77 * 0.24365582621771659, sum, 1e-10);
    }

    [Fact]
    public void Permutation_p_values_are_reproducible_whatever_the_parallelism()
    {
        double[] y = PysalData.TextColumn("stl_hom.txt", "HR8893");
        SpatialWeights w = RowStandardised("stl.gal");

        LocalMoranResult serial = Moran.Local(y, w, permutations: 999, seed: 42, maxDegreeOfParallelism: 1);
        LocalMoranResult parallel = Moran.Local(y, w, permutations: 999, seed: 42);
        LocalMoranResult otherSeed = Moran.Local(y, w, permutations: 999, seed: 43);

        Assert.Equal(serial.PSim, parallel.PSim);
        Assert.Equal(serial.ZSim, parallel.ZSim);
        Assert.NotEqual(serial.PSim, otherSeed.PSim);
        Assert.All(serial.PSim!, p => Assert.InRange(p, 1.0 / 1000, 0.5));
    }

    [Fact]
    public void Permutation_moments_approach_the_conditional_analytic_moments()
    {
        // Under conditional permutation the simulated mean and variance estimate EIc and VIc.
        double[] y = PysalData.TextColumn("stl_hom.txt", "HR8893");
        SpatialWeights w = RowStandardised("stl.gal");

        LocalMoranResult lisa = Moran.Local(y, w, permutations: 20_000, seed: 7);

        for (int i = 0; i < lisa.Count; i++)
        {
            double se = Math.Sqrt(lisa.VIc[i]);
            Assert.InRange(lisa.EISim![i], lisa.EIc[i] - 0.05 * se - 1e-9, lisa.EIc[i] + 0.05 * se + 1e-9);
            Assert.InRange(lisa.SeISim![i], 0.95 * se, 1.05 * se);
        }
    }

    [Fact]
    public void A_strong_cluster_is_a_significant_high_high_lisa_cluster()
    {
        const int Size = 15;
        var counts = new double[Size * Size];
        var random = new Random(11);
        for (int i = 0; i < counts.Length; i++)
        {
            counts[i] = random.Next(10);
        }

        for (int dr = -1; dr <= 1; dr++)
        {
            for (int dc = -1; dc <= 1; dc++)
            {
                counts[(7 + dr) * Size + 7 + dc] = 40;
            }
        }

        SpatialWeights w = SpatialWeights.RegularGrid(Size, Size, 1_000, 1_500).Transform(WeightsTransformation.RowStandardised);
        LisaCluster[] clusters = Moran.Local(counts, w, permutations: 999, seed: 1).Clusters();

        Assert.Equal(LisaCluster.HighHigh, clusters[7 * Size + 7]);
    }

    [Fact]
    public void Lisa_clusters_need_permutations()
    {
        double[] y = PysalData.TextColumn("desmith.txt", "z");

        LocalMoranResult lisa = Moran.Local(y, RowStandardised("desmith.gal"));

        Assert.Null(lisa.PSim);
        Assert.Throws<InvalidOperationException>(() => lisa.Clusters());
    }

    [Fact]
    public void Invalid_inputs_are_rejected_with_a_reason()
    {
        SpatialWeights lattice = SpatialWeights.RegularGrid(3, 3, 1, 1);
        SpatialWeights withIsland = SpatialWeights.FromNeighbourLists([[1], [0, 2], [1], []]);

        Assert.Throws<ArgumentException>(() => Moran.Global([1, 1, 1, 1, 1, 1, 1, 1, 1], lattice));
        Assert.Throws<ArgumentException>(() => Moran.Global([1, 2, 3], SpatialWeights.FromNeighbourLists([[1], [0, 2], [1]])));
        Assert.Throws<ArgumentException>(() => Moran.Global([1, 2, 3], lattice));
        Assert.Contains("islands", Assert.Throws<ArgumentException>(() => Moran.Local([1, 2, 3, 4], withIsland)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Moran.Rate([1, 2, 3, 4], [10, 0, 10, 10], withIsland));
        Assert.Throws<ArgumentOutOfRangeException>(() => Moran.Local([1, 2, 3, 5, 4, 6, 7, 8, 9], lattice, permutations: -1));
    }

    [Fact]
    public void Global_moran_follows_pysal_with_islands_they_contribute_nothing()
    {
        SpatialWeights withIsland = SpatialWeights.FromNeighbourLists([[1], [0, 2], [1, 3], [2], []]);

        GlobalMoranResult moran = Moran.Global([1, 2, 3, 4, 10], withIsland);

        Assert.True(double.IsFinite(moran.I));
        Assert.True(double.IsFinite(moran.PNorm));
    }

    private static void AssertRelative(double expected, double actual, double relative) =>
        Assert.True(
            Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"Expected {expected:R}, got {actual:R} (relative difference {Math.Abs(actual - expected) / Math.Abs(expected):E2}).");
}
