using Waymark.Core.Analytics.Surfaces;

namespace Waymark.Core.Tests.Analytics.Surfaces;

public class KernelDensityTests
{
    private static (double[] E, double[] N) Cluster(int count, int seed, double centreE, double centreN, double spread)
    {
        var random = new Random(seed);
        var e = new double[count];
        var n = new double[count];
        for (int i = 0; i < count; i++)
        {
            e[i] = centreE + ((random.NextDouble() - 0.5) * spread);
            n[i] = centreN + ((random.NextDouble() - 0.5) * spread);
        }

        return (e, n);
    }

    [Fact]
    public void Quartic_HasTheTextbookValues()
    {
        const double h = 400;
        double peak = 3 / (Math.PI * h * h);

        Assert.Equal(peak, KernelDensity.Quartic(0, h), 15);
        Assert.Equal(peak * 0.75 * 0.75, KernelDensity.Quartic(200, h), 15);
        Assert.Equal(0, KernelDensity.Quartic(400, h));
        Assert.Equal(0, KernelDensity.Quartic(401, h));
        Assert.Equal(1 / (2 * Math.PI * h * h), KernelDensity.Gaussian(0, h), 15);
    }

    [Theory]
    [InlineData(ConvolutionMethod.Direct)]
    [InlineData(ConvolutionMethod.Fft)]
    public void SinglePoint_Quartic_PeaksAtThreeOverPiHSquaredAndIsSymmetric(ConvolutionMethod method)
    {
        // The point sits on the centre of a 50 m cell; h = 500 m = 10 cells.
        const double h = 500;
        KernelDensityResult result = KernelDensity.Estimate(new double[] { 530_025 }, new double[] { 180_025 }, 50, h, method: method);
        GridRaster raster = result.Raster;
        (int col, int row) = ((int)((530_025 - raster.OriginEasting) / 50), (int)((180_025 - raster.OriginNorthing) / 50));

        Assert.Equal(3 / (Math.PI * h * h), raster[col, row], 3 / (Math.PI * h * h) * 0.005);
        Assert.Equal(raster.Max(), raster[col, row], 15);
        for (int dy = -11; dy <= 11; dy++)
        {
            for (int dx = -11; dx <= 11; dx++)
            {
                double v = raster[col + dx, row + dy];
                double tolerance = 1e-12 * raster.Max();
                Assert.Equal(v, raster[col - dx, row + dy], tolerance);
                Assert.Equal(v, raster[col + dx, row - dy], tolerance);
                Assert.Equal(v, raster[col + dy, row + dx], tolerance);
                double d = Math.Sqrt((dx * dx) + (dy * dy)) * 50;
                if (d >= h)
                {
                    Assert.Equal(0, v);
                }
                else
                {
                    Assert.Equal(KernelDensity.Quartic(d, h), v, (KernelDensity.Quartic(0, h) * 0.005) + 1e-18);
                }
            }
        }

        Assert.Equal(1, result.Integral(), 9);
        Assert.Equal(method, result.Method);
    }

    [Fact]
    public void SinglePoint_Gaussian_PeaksAtOneOverTwoPiHSquared()
    {
        const double h = 300;
        KernelDensityResult result = KernelDensity.Estimate(new double[] { 10_025 }, new double[] { 20_025 }, 25, h, KernelShape.Gaussian);
        GridRaster raster = result.Raster;
        (int col, int row) = ((int)((10_025 - raster.OriginEasting) / 25), (int)((20_025 - raster.OriginNorthing) / 25));

        // The point is on a cell boundary here, so its weight is split over four cells; compare the surface
        // half a cell from the peak with the analytic kernel.
        double expected = KernelDensity.Gaussian(Math.Sqrt(2) * 12.5, h);
        Assert.Equal(expected, raster[col, row], expected * 0.01);
        Assert.Equal(raster[col, row], raster[col - 1, row - 1], 1e-15);
        Assert.Equal(1, result.Integral(), 9);
        Assert.Equal(4 * h, result.SupportRadiusMetres);
    }

    [Theory]
    [InlineData(KernelShape.Quartic, ConvolutionMethod.Direct)]
    [InlineData(KernelShape.Quartic, ConvolutionMethod.Fft)]
    [InlineData(KernelShape.Gaussian, ConvolutionMethod.Direct)]
    [InlineData(KernelShape.Gaussian, ConvolutionMethod.Fft)]
    public void Integral_IsTheNumberOfPointsWellInside(KernelShape kernel, ConvolutionMethod method)
    {
        (double[] e, double[] n) = Cluster(5_000, seed: 11, 400_000, 300_000, 20_000);
        var extent = new GridExtent(385_000, 285_000, 415_000, 315_000);

        KernelDensityResult result = KernelDensity.Estimate(e, n, 100, 600, kernel, extent, method: method);

        Assert.Equal(5_000, result.PointCount);
        Assert.Equal(5_000, result.Integral(), 5_000 * 0.01);
        Assert.All(result.Raster.Values.ToArray(), v => Assert.True(double.IsFinite(v) && v >= 0));
    }

    [Theory]
    [InlineData(KernelShape.Quartic, 50, 400)]
    [InlineData(KernelShape.Gaussian, 50, 400)]
    [InlineData(KernelShape.Quartic, 37, 1234)]  // transform lengths with factors 2, 3 and 5
    [InlineData(KernelShape.Quartic, 113, 250)]
    [InlineData(KernelShape.Gaussian, 71, 90)]
    [InlineData(KernelShape.Quartic, 400, 100)]  // kernel narrower than a cell
    public void DirectAndFft_Agree(KernelShape kernel, double cellSize, double bandwidth)
    {
        (double[] e, double[] n) = Cluster(3_000, seed: 5, 250_000, 250_000, 8_000);

        KernelDensityResult direct = KernelDensity.Estimate(e, n, cellSize, bandwidth, kernel, method: ConvolutionMethod.Direct);
        KernelDensityResult fft = KernelDensity.Estimate(e, n, cellSize, bandwidth, kernel, method: ConvolutionMethod.Fft);

        Assert.Equal((direct.Raster.Columns, direct.Raster.Rows), (fft.Raster.Columns, fft.Raster.Rows));
        double max = direct.Raster.Max();
        ReadOnlySpan<double> a = direct.Raster.Values, b = fft.Raster.Values;
        for (int i = 0; i < a.Length; i++)
        {
            Assert.Equal(a[i], b[i], max * 1e-9);
        }
    }

    [Fact]
    public void DefaultExtent_IsPaddedByTheKernelAndAlignedToTheGrid()
    {
        (double[] e, double[] n) = Cluster(100, seed: 2, 530_000, 180_000, 1_000);

        KernelDensityResult result = KernelDensity.Estimate(e, n, 100, 500);

        GridExtent x = result.Raster.Extent;
        Assert.Equal(0, x.MinEasting % 100);
        Assert.Equal(0, x.MinNorthing % 100);
        Assert.True(x.MinEasting <= e.Min() - 500 && x.MaxEasting >= e.Max() + 500);
        Assert.True(x.MinNorthing <= n.Min() - 500 && x.MaxNorthing >= n.Max() + 500);
        Assert.Equal(100, result.Integral(), 1e-9);
        Assert.Equal(0, result.PointsOutsideExtent);
    }

    [Fact]
    public void GivenExtent_LeavesOutPointsOutsideIt()
    {
        double[] e = [1_000, 1_500, 9_000];
        double[] n = [1_000, 1_500, 9_000];

        KernelDensityResult result = KernelDensity.Estimate(e, n, 50, 200, extent: new GridExtent(0, 0, 3_000, 3_000));

        Assert.Equal(2, result.PointCount);
        Assert.Equal(1, result.PointsOutsideExtent);
        Assert.Equal((60, 60), (result.Raster.Columns, result.Raster.Rows));
        Assert.Equal(2, result.Integral(), 1e-9);
    }

    [Fact]
    public void PerSquareKilometre_ScalesByAMillion()
    {
        (double[] e, double[] n) = Cluster(200, seed: 8, 50_000, 50_000, 3_000);

        KernelDensityResult perM2 = KernelDensity.Estimate(e, n, 100, 400);
        KernelDensityResult perKm2 = KernelDensity.Estimate(e, n, 100, 400, unit: DensityUnit.PerSquareKilometre);

        Assert.Equal(perM2.Raster.Max() * 1_000_000, perKm2.Raster.Max(), 1e-9);
        Assert.Equal(200, perKm2.Integral(), 1e-9);
        Assert.Equal(DensityUnit.PerSquareKilometre, perKm2.Unit);
    }

    [Fact]
    public void ScottBandwidth_MatchesAHandComputedSample()
    {
        // Corners of a 200 m square: sample variances 40 000 / 3 m² on both axes, σ̄ = 115.4700538 m;
        // n^(−1/6) = 4^(−1/6) = 0.7937005; h = 91.6486425 m, and × (2304/5)^(1/6) = 254.7092878 m for the quartic.
        double[] e = [0, 200, 0, 200];
        double[] n = [0, 0, 200, 200];

        Assert.Equal(91.6486425, KernelDensity.ScottBandwidth(e, n), 6);
        Assert.Equal(91.6486425, KernelDensity.DefaultBandwidth(e, n, KernelShape.Gaussian), 6);
        Assert.Equal(254.7092878, KernelDensity.DefaultBandwidth(e, n, KernelShape.Quartic), 6);
        Assert.Equal(2.78, KernelDensity.QuarticScottFactor, 2); // Silverman (1986), Table 4.1
    }

    [Fact]
    public void Estimate_WithoutBandwidth_UsesTheRule()
    {
        (double[] e, double[] n) = Cluster(500, seed: 4, 300_000, 400_000, 5_000);

        KernelDensityResult result = KernelDensity.Estimate(e, n, 50);

        Assert.True(result.BandwidthFromRule);
        Assert.Equal(KernelDensity.DefaultBandwidth(e, n, KernelShape.Quartic), result.BandwidthMetres, 9);
        Assert.Equal(500, result.Integral(), 1e-6);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-50)]
    [InlineData(0.5)]
    [InlineData(double.NaN)]
    public void BadCellSize_Throws(double cellSize)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KernelDensity.Estimate(new double[] { 1, 2 }, new double[] { 1, 2 }, cellSize, 100));
        Assert.Equal("cellSizeMetres", error.ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void BadBandwidth_Throws(double bandwidth)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => KernelDensity.Estimate(new double[] { 1, 2 }, new double[] { 1, 2 }, 10, bandwidth));
        Assert.Equal("bandwidthMetres", error.ParamName);
    }

    [Fact]
    public void TooManyCells_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            KernelDensity.Estimate(new double[] { 0, 700_000 }, new double[] { 0, 1_250_000 }, 100, 1000));
        Assert.Equal("cellSizeMetres", error.ParamName);
        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelWiderThanTheLimit_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            KernelDensity.Estimate(new double[] { 500 }, new double[] { 500 }, 1, 5_000, extent: new GridExtent(0, 0, 1000, 1000)));
        Assert.Equal("bandwidthMetres", error.ParamName);
    }

    [Fact]
    public void OtherBadInput_Throws()
    {
        Assert.Equal("eastings", Assert.Throws<ArgumentException>(() => KernelDensity.Estimate(new double[] { double.NaN }, new double[] { 1 }, 10, 100)).ParamName);
        Assert.Equal("eastings", Assert.Throws<ArgumentException>(() => KernelDensity.Estimate(Array.Empty<double>(), Array.Empty<double>(), 10, 100)).ParamName);
        Assert.Equal("eastings", Assert.Throws<ArgumentException>(() => KernelDensity.Estimate(new double[] { 1 }, new double[] { 1 }, 10)).ParamName);
        Assert.Equal("eastings", Assert.Throws<ArgumentException>(() => KernelDensity.Estimate(new double[] { 1, 1 }, new double[] { 1, 1 }, 10)).ParamName);
        Assert.Equal("gaussianTruncation", Assert.Throws<ArgumentOutOfRangeException>(() => KernelDensity.Estimate(new double[] { 1 }, new double[] { 1 }, 10, 100, gaussianTruncation: 0.5)).ParamName);
    }

    [Fact]
    public void NoPoints_WithExtent_IsAnAllZeroRaster()
    {
        KernelDensityResult result = KernelDensity.Estimate(Array.Empty<double>(), Array.Empty<double>(), 100, 500, extent: new GridExtent(0, 0, 1000, 1000));

        Assert.Equal(0, result.Raster.Max());
        Assert.Equal(0, result.Integral());
    }

    [Fact]
    public void BandwidthBelowHalfACell_PutsEachPointInItsCell()
    {
        KernelDensityResult result = KernelDensity.Estimate(new double[] { 150 }, new double[] { 150 }, 100, 40, extent: new GridExtent(0, 0, 300, 300));

        Assert.Equal(1.0 / (100 * 100), result.Raster[1, 1], 15);
        Assert.Equal(1, result.Integral(), 12);
    }
}
