using Waymark.Core.Analytics.Surfaces;

namespace Waymark.Core.Tests.Analytics.Surfaces;

public class HexBinsTests
{
    private static readonly double Sqrt3 = Math.Sqrt(3);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, -2)]
    [InlineData(-7, 11)]
    [InlineData(1500, 800)]
    public void AxialOf_Centre_IsTheSameHexagon(int q, int r)
    {
        PlanarCoordinate centre = HexBins.CentreOf(q, r, 250);

        Assert.Equal((q, r), HexBins.AxialOf(centre.Easting, centre.Northing, 250));
    }

    [Fact]
    public void CentreOf_FollowsThePointyTopLayout()
    {
        const double size = 100;

        Assert.Equal(new PlanarCoordinate(0, 0), HexBins.CentreOf(0, 0, size));
        Assert.Equal(Sqrt3 * size, HexBins.CentreOf(1, 0, size).Easting, 9);
        Assert.Equal(0, HexBins.CentreOf(1, 0, size).Northing, 9);
        Assert.Equal(Sqrt3 / 2 * size, HexBins.CentreOf(0, 1, size).Easting, 9);
        Assert.Equal(150, HexBins.CentreOf(0, 1, size).Northing, 9);
    }

    [Fact]
    public void AxialOf_PicksTheNearestCentre()
    {
        var random = new Random(42);
        const double size = 137.5;
        for (int i = 0; i < 20_000; i++)
        {
            double e = random.NextDouble() * 700_000;
            double n = random.NextDouble() * 1_250_000;
            (int q, int r) = HexBins.AxialOf(e, n, size);
            double own = Distance(HexBins.CentreOf(q, r, size), e, n);

            // No neighbour's centre is nearer (hexagons are the Voronoi cells of their centres).
            foreach ((int dq, int dr) in new[] { (1, 0), (-1, 0), (0, 1), (0, -1), (1, -1), (-1, 1) })
            {
                Assert.True(own <= Distance(HexBins.CentreOf(q + dq, r + dr, size), e, n) + 1e-9);
            }

            Assert.True(own <= size + 1e-9);
        }
    }

    [Fact]
    public void VerticesOf_AreSixCornersAtTheSizeCounterClockwiseWithAPointedTop()
    {
        const double size = 200;
        PlanarCoordinate centre = HexBins.CentreOf(2, 3, size);

        PlanarCoordinate[] vertices = HexBins.VerticesOf(2, 3, size);

        Assert.Equal(6, vertices.Length);
        Assert.All(vertices, v => Assert.Equal(size, Distance(v, centre.Easting, centre.Northing), 9));
        Assert.Equal(centre.Easting, vertices[2].Easting, 9); // the corner at 90° is due north
        Assert.Equal(centre.Northing + size, vertices[2].Northing, 9);

        // Shoelace: positive (counter-clockwise) and equal to 3√3/2 × size².
        double twiceArea = 0;
        for (int i = 0; i < 6; i++)
        {
            PlanarCoordinate a = vertices[i], b = vertices[(i + 1) % 6];
            twiceArea += (a.Easting * b.Northing) - (b.Easting * a.Northing);
        }

        Assert.Equal(1.5 * Sqrt3 * size * size, twiceArea / 2, 6);
    }

    [Fact]
    public void Count_CountsAndSumsPerHexagon()
    {
        const double size = 100;
        PlanarCoordinate a = HexBins.CentreOf(0, 0, size);
        PlanarCoordinate b = HexBins.CentreOf(1, 2, size);
        double[] e = [a.Easting + 10, a.Easting - 40, b.Easting, b.Easting + 80]; // 80 east of b's centre is in b (inradius 86.6)
        double[] n = [a.Northing + 5, a.Northing + 30, b.Northing, b.Northing];
        double[] values = [1, 2, 3, 4];

        HexBinResult result = HexBins.Count(e, n, size, values);

        Assert.Equal(2, result.Cells.Count);
        HexCell first = result.Cells[0];
        HexCell second = result.Cells[1];
        Assert.Equal((0, 0, 2, 3.0), (first.Q, first.R, first.Count, first.ValueSum));
        Assert.Equal((1, 2, 2, 7.0), (second.Q, second.R, second.Count, second.ValueSum));
        Assert.Equal(b.Easting, second.CentreEasting, 9);
        Assert.Equal(6, second.Vertices.Count);
        Assert.Equal(4, result.PointCount);
        Assert.Equal(1.5 * Sqrt3 * size * size, result.CellAreaSquareMetres, 6);
    }

    [Fact]
    public void Count_ManyPoints_SumsToTheNumberOfPointsInRowOrder()
    {
        var random = new Random(7);
        double[] e = [.. Enumerable.Range(0, 450_000).Select(_ => random.NextDouble() * 50_000)];
        double[] n = [.. Enumerable.Range(0, 450_000).Select(_ => random.NextDouble() * 50_000)];

        HexBinResult result = HexBins.Count(e, n, 500);

        Assert.Equal(e.Length, result.Cells.Sum(c => c.Count));
        for (int i = 1; i < result.Cells.Count; i++)
        {
            HexCell x = result.Cells[i - 1], y = result.Cells[i];
            Assert.True(x.R < y.R || (x.R == y.R && x.Q < y.Q));
        }

        (int q, int r) = HexBins.AxialOf(e[123], n[123], 500);
        Assert.Contains(result.Cells, c => c.Q == q && c.R == r);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Count_BadSize_Throws(double size)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => HexBins.Count(new double[] { 1 }, new double[] { 1 }, size));
        Assert.Equal("sizeMetres", error.ParamName);
    }

    [Fact]
    public void Count_TooManyHexagons_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => HexBins.Count(new double[] { 0, 700_000 }, new double[] { 0, 1_250_000 }, 50));
        Assert.Equal("sizeMetres", error.ParamName);
    }

    [Fact]
    public void Count_NonFiniteCoordinate_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => HexBins.Count(new double[] { 1, 2 }, new double[] { 1, double.NaN }, 100));
        Assert.Equal("northings", error.ParamName);
    }

    private static double Distance(PlanarCoordinate p, double e, double n) => Math.Sqrt(((p.Easting - e) * (p.Easting - e)) + ((p.Northing - n) * (p.Northing - n)));
}
