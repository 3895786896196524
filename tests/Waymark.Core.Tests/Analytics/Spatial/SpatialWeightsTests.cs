using Waymark.Core.Analytics.Spatial;

namespace Waymark.Core.Tests.Analytics.Spatial;

public class SpatialWeightsTests
{
    [Fact]
    public void Distance_band_finds_the_neighbours_listed_in_esdas_getis_ord_example()
    {
        // README: DistanceBand(points, threshold=15) -> 0:[1,3] 1:[0,3,4] 2:[4] 3:[0,1,4] 4:[1,2,3,5] 5:[4].
        // Pair 3-4 is exactly 15 apart: the band is inclusive.
        SpatialWeights w = SpatialWeights.DistanceBand(PysalData.SixX, PysalData.SixY, 15);

        int[][] expected = [[1, 3], [0, 3, 4], [4], [0, 1, 4], [1, 2, 3, 5], [4]];
        Assert.Equal(6, w.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], w.Neighbours(i).ToArray());
        }

        Assert.Equal(WeightsTransformation.Binary, w.Transformation);
        Assert.Equal(0, w.IslandCount);
    }

    [Theory]
    [InlineData(1_000.0, 7)]
    [InlineData(2_500.0, 11)]
    [InlineData(40.0, 13)]
    public void Distance_band_matches_all_pairs_search_on_random_points(double threshold, int seed)
    {
        (double[] x, double[] y) = RandomPoints(1_500, 30_000, 12_000, seed);
        SpatialWeights w = SpatialWeights.DistanceBand(x, y, threshold);

        for (int i = 0; i < x.Length; i++)
        {
            var expected = new List<int>();
            for (int j = 0; j < x.Length; j++)
            {
                double dx = x[j] - x[i], dy = y[j] - y[i];
                if (j != i && dx * dx + dy * dy <= threshold * threshold)
                {
                    expected.Add(j);
                }
            }

            Assert.Equal(expected, w.Neighbours(i).ToArray());
        }
    }

    [Fact]
    public void Distance_band_leaves_isolated_points_as_islands()
    {
        SpatialWeights w = SpatialWeights.DistanceBand([0, 1, 100], [0, 0, 0], 2);

        Assert.Equal(1, w.IslandCount);
        Assert.Equal([2], w.Islands());
        Assert.Equal(0.0, w.RowSum(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(9)]
    public void K_nearest_neighbours_match_a_brute_force_search_with_ties_broken_by_position(int k)
    {
        // Integer coordinates on a small range make many equal distances.
        var random = new Random(3);
        double[] x = Enumerable.Range(0, 800).Select(_ => (double)random.Next(60)).ToArray();
        double[] y = Enumerable.Range(0, 800).Select(_ => (double)random.Next(40)).ToArray();
        SpatialWeights w = SpatialWeights.KNearestNeighbours(x, y, k);

        for (int i = 0; i < x.Length; i++)
        {
            int[] expected = Enumerable.Range(0, x.Length)
                .Where(j => j != i)
                .OrderBy(j => ((x[j] - x[i]) * (x[j] - x[i])) + ((y[j] - y[i]) * (y[j] - y[i])))
                .ThenBy(j => j)
                .Take(k)
                .Order()
                .ToArray();
            Assert.Equal(expected, w.Neighbours(i).ToArray());
        }
    }

    [Fact]
    public void K_nearest_neighbours_are_not_symmetric_in_general()
    {
        SpatialWeights w = SpatialWeights.KNearestNeighbours(PysalData.SixX, PysalData.SixY, 1);

        // 2 at (40,10) is nearest to 4 at (30,20); 4's nearest is 5 at (30,30), 10 away.
        Assert.Equal([4], w.Neighbours(2).ToArray());
        Assert.Equal([5], w.Neighbours(4).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => SpatialWeights.KNearestNeighbours(PysalData.SixX, PysalData.SixY, 6));
    }

    [Theory]
    [InlineData(1_000.0)]
    [InlineData(1_500.0)]
    [InlineData(2_000.0)]
    [InlineData(3_200.0)]
    public void Regular_grid_gives_the_same_links_as_a_distance_band_over_cell_centres(double threshold)
    {
        const int Columns = 37, Rows = 23;
        const double Cell = 1_000.0;
        SpatialWeights grid = SpatialWeights.RegularGrid(Columns, Rows, Cell, threshold);

        var x = new double[Columns * Rows];
        var y = new double[Columns * Rows];
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                x[r * Columns + c] = 400_000 + (c + 0.5) * Cell;
                y[r * Columns + c] = 200_000 + (r + 0.5) * Cell;
            }
        }

        SpatialWeights band = SpatialWeights.DistanceBand(x, y, threshold);
        Assert.Equal(band.LinkCount, grid.LinkCount);
        for (int i = 0; i < grid.Count; i++)
        {
            Assert.Equal(band.Neighbours(i).ToArray(), grid.Neighbours(i).ToArray());
        }
    }

    [Fact]
    public void Regular_grid_with_a_band_of_one_and_a_half_cells_links_the_eight_queen_neighbours()
    {
        SpatialWeights w = SpatialWeights.RegularGrid(4, 3, 1_000, 1_500);

        // Cell (1, 1) = index 5: rows 0..2, columns 0..2 around it.
        Assert.Equal([0, 1, 2, 4, 6, 8, 9, 10], w.Neighbours(5).ToArray());
        Assert.Equal(3, w.Cardinality(0));
        Assert.Equal(8, w.MaxCardinality);
    }

    [Fact]
    public void Rook_lattice_has_the_moment_sums_of_pysal_lat2w()
    {
        // lat2W(3,3): 12 undirected rook links; S0 = 24, S1 = 2*S0 = 48 (symmetric binary),
        // S2 = sum (2 k_i)^2 = 4*16 + 4*36 + 64 = 272.
        SpatialWeights w = SpatialWeights.RegularGrid(3, 3, 1, 1);

        Assert.Equal(24.0, w.S0);
        Assert.Equal(48.0, w.S1);
        Assert.Equal(272.0, w.S2);
        Assert.Equal([1, 3, 5, 7], w.Neighbours(4).ToArray());
    }

    [Fact]
    public void Row_standardising_makes_every_row_sum_to_one()
    {
        SpatialWeights w = SpatialWeights.RegularGrid(3, 3, 1, 1).Transform(WeightsTransformation.RowStandardised);

        Assert.Equal(WeightsTransformation.RowStandardised, w.Transformation);
        Assert.Equal([0.5, 0.5], w.Weights(0).ToArray());
        Assert.Equal(0.25, w.Weights(4)[0]);
        Assert.Equal(9.0, w.S0, 1e-12);
        for (int i = 0; i < w.Count; i++)
        {
            Assert.Equal(1.0, w.RowSum(i));
        }
    }

    [Fact]
    public void S1_and_s2_account_for_asymmetric_links()
    {
        // 0 -> 1, 1 -> 0, 2 -> 0 (0 does not list 2). S1 = 1/2 sum (w_ij + w_ji)^2:
        // pairs (0,1),(1,0): (1+1)^2 each; (2,0),(0,2): (1+0)^2 each -> (4+4+1+1)/2 = 5.
        // Row sums 1,1,1; column sums 2,1,0 -> S2 = 9 + 4 + 1 = 14.
        SpatialWeights w = SpatialWeights.FromNeighbourLists([[1], [0], [0]]);

        Assert.Equal(3.0, w.S0);
        Assert.Equal(5.0, w.S1);
        Assert.Equal(14.0, w.S2);
    }

    [Fact]
    public void Spatial_lag_sums_or_averages_the_neighbours()
    {
        SpatialWeights w = SpatialWeights.DistanceBand(PysalData.SixX, PysalData.SixY, 15);

        Assert.Equal(8.0, w.SpatialLag(PysalData.SixValues)[0]);
        Assert.Equal(4.0, w.Transform(WeightsTransformation.RowStandardised).SpatialLag(PysalData.SixValues)[0]);
    }

    [Fact]
    public void Gal_positions_follow_record_order_and_keep_the_identifiers()
    {
        SpatialWeights w = PysalData.Gal("desmith.gal");

        Assert.Equal(10, w.Count);
        Assert.Equal("4", w.Ids![3]);

        // "4 4 / 1 3 5 8": 1-based ids, so positions 0, 2, 4, 7.
        Assert.Equal([0, 2, 4, 7], w.Neighbours(3).ToArray());
        Assert.Equal(3, w.IndexOf("4"));
    }

    [Fact]
    public void Gal_with_a_four_field_header_and_fips_identifiers_is_read_in_record_order()
    {
        // sids2.gal: "0 100 sids2 FIPSNO", then records keyed by FIPS code in sids2.dbf's order.
        SpatialWeights w = PysalData.Gal("sids2.gal");
        string[] fips = PysalData.Table("sids2.dbf").Strings("FIPSNO");

        Assert.Equal(100, w.Count);
        Assert.Equal(fips, w.Ids);
        Assert.Equal(0, w.IndexOf("37009"));

        // "37009 3 / 37189 37193 37005"
        Assert.Equal(["37189", "37193", "37005"], w.Neighbours(0).ToArray().Select(j => w.Ids![j]));
        Assert.Equal(462, w.LinkCount); // as libpysal's GalIO docstring reports (nnz 462)
    }

    [Fact]
    public void Gal_accepts_zero_based_identifiers_wrapped_lists_and_islands()
    {
        const string Text = "4\n0 2\n1\n3\n1 1\n0\n2 0\n\n3 1\n0\n";
        SpatialWeights w = SpatialWeights.FromGal(Text);

        Assert.Equal([1, 3], w.Neighbours(0).ToArray());
        Assert.Equal(0, w.Cardinality(2));
        Assert.Equal(1, w.IslandCount);
    }

    [Fact]
    public void Gal_with_an_undeclared_neighbour_or_a_short_record_list_is_rejected()
    {
        Assert.Throws<FormatException>(() => SpatialWeights.FromGal("2\n1 1\n2\n2 1\n3\n"));
        Assert.Throws<FormatException>(() => SpatialWeights.FromGal("3\n1 1\n2\n2 1\n1\n"));
        Assert.Throws<FormatException>(() => SpatialWeights.FromGal("2\n1 1\n2\n1 1\n2\n"));
        Assert.Throws<ArgumentException>(() => SpatialWeights.FromGal("2\n1 1\n1\n2 0\n"));
    }

    [Fact]
    public void Neighbour_lists_with_self_links_or_repeats_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => SpatialWeights.FromNeighbourLists([[0], []]));
        Assert.Throws<ArgumentException>(() => SpatialWeights.FromNeighbourLists([[1, 1], [0]]));
        Assert.Throws<ArgumentException>(() => SpatialWeights.FromNeighbourLists([[2], [0]]));
    }

    private static (double[] X, double[] Y) RandomPoints(int n, double width, double height, int seed)
    {
        var random = new Random(seed);
        var x = new double[n];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = 500_000 + random.NextDouble() * width;
            y[i] = 100_000 + random.NextDouble() * height;
        }

        return (x, y);
    }
}
