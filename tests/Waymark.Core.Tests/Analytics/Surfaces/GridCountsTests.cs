using Waymark.Core.Analytics.Surfaces;
using Waymark.Core.Geo;

namespace Waymark.Core.Tests.Analytics.Surfaces;

public class GridCountsTests
{
    private static (double[] E, double[] N) RandomPoints(int count, int seed, double maxE = 700_000, double maxN = 1_250_000)
    {
        var random = new Random(seed);
        var e = new double[count];
        var n = new double[count];
        for (int i = 0; i < count; i++)
        {
            e[i] = random.NextDouble() * maxE;
            n[i] = random.NextDouble() * maxN;
        }

        return (e, n);
    }

    [Theory]
    [InlineData(1_000, 100)]   // sparse path: few points on a large grid
    [InlineData(1_000, 1000)]
    [InlineData(20_000, 250)]
    [InlineData(450_000, 1000)] // dense path, with two or more partitions on multi-core machines
    [InlineData(50_000, 500)]
    public void Count_AgreesWithBngPointGridCellKey(int count, int size)
    {
        (double[] e, double[] n) = RandomPoints(count, seed: count + size, maxE: size < 500 ? 200_000 : 700_000, maxN: size < 500 ? 200_000 : 1_250_000);

        GridCountResult result = GridCounts.Count(e, n, size);

        // Expected counts by (⌊E/size⌋, ⌊N/size⌋), and the first points' cells found by BngPoint's key.
        var expected = new Dictionary<(long, long), int>();
        for (int i = 0; i < e.Length; i++)
        {
            var key = ((long)Math.Floor(e[i] / size), (long)Math.Floor(n[i] / size));
            expected[key] = expected.GetValueOrDefault(key) + 1;
        }

        Dictionary<(long, long), GridCell> byCell = result.Cells.ToDictionary(c => (c.Column, c.Row));
        for (int i = 0; i < 2_000 && i < e.Length; i++)
        {
            GridCell cell = byCell[((long)Math.Floor(e[i] / size), (long)Math.Floor(n[i] / size))];
            Assert.Equal(BngPoint.Create(e[i], n[i]).GridCellKey(size), result.CellKey(cell));
            Assert.True(cell.OriginEasting <= e[i] && e[i] < cell.OriginEasting + size);
            Assert.True(cell.OriginNorthing <= n[i] && n[i] < cell.OriginNorthing + size);
        }

        Assert.Equal(expected.Count, result.Cells.Count);
        foreach (GridCell cell in result.Cells)
        {
            Assert.Equal(expected[(cell.Column, cell.Row)], cell.Count);
            Assert.Equal(cell.Column * size, cell.OriginEasting);
            Assert.Equal(cell.Row * size, cell.OriginNorthing);
        }

        Assert.Equal(count, result.PointCount);
        Assert.Equal(count, result.Cells.Sum(c => c.Count));
    }

    [Fact]
    public void Count_OrdersCellsByRowThenColumn()
    {
        (double[] e, double[] n) = RandomPoints(5_000, seed: 3);

        GridCountResult dense = GridCounts.Count(e, n, 10_000);
        GridCountResult sparse = GridCounts.Count(e, n, 1_000);

        foreach (GridCountResult result in new[] { dense, sparse })
        {
            for (int i = 1; i < result.Cells.Count; i++)
            {
                GridCell a = result.Cells[i - 1], b = result.Cells[i];
                Assert.True(a.Row < b.Row || (a.Row == b.Row && a.Column < b.Column));
            }
        }
    }

    [Fact]
    public void Count_PutsPointsOnSouthAndWestEdgesInTheCell()
    {
        GridCountResult result = GridCounts.Count(new double[] { 1000, 1999.999, 999.999 }, new double[] { 2000, 2999.999, 2000 }, 1000);

        Assert.Equal(2, result.Cells.Count);
        Assert.Equal(new GridCell(0, 2, 0, 2000, 1, 0), result.Cells[0]);
        Assert.Equal(new GridCell(1, 2, 1000, 2000, 2, 0), result.Cells[1]);
        Assert.Equal("1000:1:2", result.CellKey(result.Cells[1]));
    }

    [Fact]
    public void Count_SumsValuesPerCell()
    {
        double[] e = [10, 20, 510, 30];
        double[] n = [10, 20, 10, 480];
        double[] values = [1.5, 2.5, 4, 8];

        GridCountResult result = GridCounts.Count(e, n, 500, values);

        Assert.True(result.HasValues);
        Assert.Equal(2, result.Cells.Count);
        Assert.Equal((3, 12.0), (result.Cells[0].Count, result.Cells[0].ValueSum));
        Assert.Equal((1, 4.0), (result.Cells[1].Count, result.Cells[1].ValueSum));
    }

    [Fact]
    public void Count_SumsValuesOnTheDenseAndSparsePathsAlike()
    {
        (double[] e, double[] n) = RandomPoints(10_000, seed: 9, maxE: 50_000, maxN: 50_000);
        double[] values = [.. Enumerable.Range(0, e.Length).Select(i => (double)(i % 7))];

        GridCountResult dense = GridCounts.Count(e, n, 1000, values);
        GridCountResult sparse = GridCounts.Count(e, n, 10, values, maxCells: 100_000_000);

        Assert.Equal(values.Sum(), dense.Cells.Sum(c => c.ValueSum), 6);
        Assert.Equal(values.Sum(), sparse.Cells.Sum(c => c.ValueSum), 6);
    }

    [Fact]
    public void Count_WithExtent_LeavesOutPointsOutsideAndSpansTheExtent()
    {
        var extent = new GridExtent(1000, 1000, 3000, 2000);
        double[] e = [1500, 2999, 3000, 3500, 999];
        double[] n = [1500, 1999, 2000, 1500, 1500];

        GridCountResult result = GridCounts.Count(e, n, 1000, extent: extent);

        Assert.Equal(3, result.PointCount);
        Assert.Equal(2, result.PointsOutsideExtent);
        Assert.Equal((1L, 1L, 3L, 2L), (result.MinColumn, result.MinRow, result.Columns, result.Rows));
        Assert.Equal(3, result.Cells.Count);
    }

    [Fact]
    public void ToRaster_PlacesCountsRowZeroSouth()
    {
        GridCountResult result = GridCounts.Count(new double[] { 50, 150, 150 }, new double[] { 50, 150, 160 }, 100);

        GridRaster raster = result.ToRaster();

        Assert.Equal((2, 2), (raster.Columns, raster.Rows));
        Assert.Equal((0.0, 0.0), (raster.OriginEasting, raster.OriginNorthing));
        Assert.Equal(1, raster[0, 0]);
        Assert.Equal(2, raster[1, 1]);
        Assert.Equal(0, raster[1, 0]);
    }

    [Fact]
    public void Count_NoPoints_IsEmpty()
    {
        GridCountResult result = GridCounts.Count(Array.Empty<double>(), Array.Empty<double>(), 250);

        Assert.Empty(result.Cells);
        Assert.Equal(0, result.PointCount);
    }

    [Fact]
    public void Count_BngPoints_MatchesCoordinates()
    {
        BngPoint[] points = [BngPoint.Create(530624.974, 178388.464), BngPoint.Create(530100, 178999)];

        GridCountResult result = GridCounts.Count(points, 1000);

        Assert.Equal("1000:530:178", result.CellKey(Assert.Single(result.Cells)));
        Assert.Equal(2, result.Cells[0].Count);
    }

    [Fact]
    public void Count_TooManyCells_ThrowsNamingTheCellSize()
    {
        double[] e = [0, 700_000];
        double[] n = [0, 1_250_000];

        var error = Assert.Throws<ArgumentException>(() => GridCounts.Count(e, n, 100));

        Assert.Equal("cellSizeMetres", error.ParamName);
        Assert.Contains("limit of 4000000", error.Message, StringComparison.Ordinal);
        Assert.Equal(701 * 1251, GridCounts.Count(e, n, 1000).Columns * GridCounts.Count(e, n, 1000).Rows);
    }

    [Fact]
    public void Count_CustomLimit_IsApplied()
    {
        var error = Assert.Throws<ArgumentException>(() => GridCounts.Count(new double[] { 0, 10_000 }, new double[] { 0, 10_000 }, 1000, maxCells: 100));
        Assert.Equal("cellSizeMetres", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-100)]
    [InlineData(9.99)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Count_BadCellSize_Throws(double size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GridCounts.Count(new double[] { 1 }, new double[] { 1 }, size));
        Assert.Equal("cellSizeMetres", error.ParamName);
    }

    [Theory]
    [InlineData(double.NaN, 1, "eastings")]
    [InlineData(1, double.PositiveInfinity, "northings")]
    [InlineData(double.NegativeInfinity, 1, "eastings")]
    [InlineData(1e12, 1, "eastings")]
    public void Count_BadCoordinate_ThrowsNamingTheParameter(double e, double n, string param)
    {
        var error = Assert.Throws<ArgumentException>(() => GridCounts.Count(new double[] { 5, e }, new double[] { 5, n }, 100));
        Assert.Equal(param, error.ParamName);
        Assert.Contains("[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Count_MismatchedLengthsOrValues_Throw()
    {
        Assert.Equal("northings", Assert.Throws<ArgumentException>(() => GridCounts.Count(new double[] { 1, 2 }, new double[] { 1 }, 100)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => GridCounts.Count(new double[] { 1 }, new double[] { 1 }, 100, new double[] { 1, 2 })).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => GridCounts.Count(new double[] { 1 }, new double[] { 1 }, 100, new double[] { double.NaN })).ParamName);
    }
}
