using System.Numerics;

namespace Waymark.Core.Analytics.Surfaces;

/// <summary>The kernel of a <see cref="KernelDensity"/> surface.</summary>
public enum KernelShape
{
    /// <summary>
    /// Quartic (biweight), K(d) = 3 / (π h²) × (1 − d²/h²)² for d &lt; h and 0 beyond: the kernel of CrimeStat
    /// and of ArcGIS Kernel Density (Silverman 1986, eq. 4.5); h is the search radius.
    /// </summary>
    Quartic = 0,

    /// <summary>Gaussian, K(d) = 1 / (2π h²) × exp(−d² / 2h²); h is the standard deviation. Truncated and renormalised.</summary>
    Gaussian = 1,
}

/// <summary>Units of a density surface's values.</summary>
public enum DensityUnit
{
    /// <summary>Points per square metre.</summary>
    PerSquareMetre = 0,

    /// <summary>Points per square kilometre (per m² × 1 000 000).</summary>
    PerSquareKilometre = 1,
}

/// <summary>How the binned points are convolved with the kernel.</summary>
public enum ConvolutionMethod
{
    /// <summary>
    /// Quartic: direct or FFT by estimated cost (direct for narrow kernels or sparse data). Gaussian: always
    /// direct, since its separable passes cost only cells × kernel width.
    /// </summary>
    Auto = 0,

    /// <summary>
    /// Direct, parallel by output row. Quartic: each output row adds, per stencil row, the 1-D convolution of a
    /// binned row with that chord of the disc, scattering from the occupied cells of sparse rows and gathering
    /// whole busy rows (cost ∝ occupied cells × stencil cells at most). Gaussian: two separable 1-D passes.
    /// </summary>
    Direct = 1,

    /// <summary>Fast Fourier transform of the whole raster (cost ∝ N log N, independent of the bandwidth).</summary>
    Fft = 2,
}

/// <summary>A kernel density surface and how it was made.</summary>
/// <remarks>
/// Values of <see cref="Raster"/> are densities in <see cref="Unit"/> (points per m² or per km²), finite and
/// non-negative; <see cref="Integral"/> ≈ the number of points whose kernels lie wholly inside the raster.
/// </remarks>
public sealed class KernelDensityResult
{
    internal KernelDensityResult(GridRaster raster, double bandwidthMetres, bool bandwidthFromRule, KernelShape kernel, DensityUnit unit, int pointCount, int pointsOutsideExtent, ConvolutionMethod method, double supportRadiusMetres)
    {
        Raster = raster;
        BandwidthMetres = bandwidthMetres;
        BandwidthFromRule = bandwidthFromRule;
        Kernel = kernel;
        Unit = unit;
        PointCount = pointCount;
        PointsOutsideExtent = pointsOutsideExtent;
        Method = method;
        SupportRadiusMetres = supportRadiusMetres;
    }

    /// <summary>The density raster, row 0 south.</summary>
    public GridRaster Raster { get; }

    /// <summary>Bandwidth h, metres: the quartic search radius or the Gaussian standard deviation.</summary>
    public double BandwidthMetres { get; }

    /// <summary>True when <see cref="BandwidthMetres"/> came from <see cref="KernelDensity.DefaultBandwidth"/>.</summary>
    public bool BandwidthFromRule { get; }

    /// <summary>The kernel used.</summary>
    public KernelShape Kernel { get; }

    /// <summary>Units of the raster's values.</summary>
    public DensityUnit Unit { get; }

    /// <summary>Number of points binned onto the raster.</summary>
    public int PointCount { get; }

    /// <summary>Number of points left out because they fell outside the raster.</summary>
    public int PointsOutsideExtent { get; }

    /// <summary>The convolution actually used (never <see cref="ConvolutionMethod.Auto"/>).</summary>
    public ConvolutionMethod Method { get; }

    /// <summary>Distance beyond which a point contributes nothing, metres: h (quartic) or truncation × h (Gaussian).</summary>
    public double SupportRadiusMetres { get; }

    /// <summary>Σ density × cell area: the number of points the surface holds (≈ <see cref="PointCount"/> away from edges).</summary>
    /// <returns>The integral, in points.</returns>
    public double Integral()
    {
        double area = Raster.CellAreaSquareMetres;
        return Raster.Sum() * (Unit == DensityUnit.PerSquareKilometre ? area / 1_000_000 : area);
    }
}

/// <summary>
/// Kernel density estimation of points (British National Grid EPSG:27700, metres) onto a raster of square
/// cells: the hot-spot surface of crime mapping (Chainey &amp; Ratcliffe 2005, GIS and Crime Mapping, ch. 6).
/// </summary>
/// <remarks>
/// <para>
/// Method. Points are first linearly binned onto the cell centres — each point's unit weight is split
/// bilinearly among the four nearest centres (Wand 1994, "Fast computation of multivariate kernel
/// estimators", J. Comput. Graph. Stat. 3(4):433–445), so a point on a centre lands wholly in that cell — and
/// the binned grid is then convolved with the kernel sampled at cell-centre offsets. The sampled stencil is
/// rescaled to sum to exactly 1 point (Σ w × cell area = 1), so each point adds exactly 1 to the raster's
/// integral wherever its kernel lies inside the raster; the rescaling departs from the analytic kernel by
/// well under 1% once h is a few cells. Cost never involves points × cells: binning is O(n) and the
/// convolution is either direct (occupied cells × stencil, parallel by output row, or separable passes for
/// the Gaussian) or an FFT, chosen by estimated cost.
/// </para>
/// <para>
/// Default bandwidth (<see cref="DefaultBandwidth"/>): Scott's rule, the normal-reference rule for two
/// dimensions, σ̄ × n^(−1/6) with σ̄ = √((s_E² + s_N²) / 2), the root of the mean sample variance (Scott 1992,
/// Multivariate Density Estimation, ch. 6; the same factor as scipy.stats.gaussian_kde's "scott"), which is
/// the Gaussian kernel's standard deviation. For the quartic kernel it is multiplied by Silverman's constant
/// A(K) = 2.78 for this kernel in two dimensions (Silverman 1986, Density Estimation, Table 4.1), which gives
/// the quartic radius of equivalent smoothing. Exactly, it is the ratio of the kernels' canonical bandwidths
/// (R(K) / μ₂(K)²)^(1/6) (Marron &amp; Nolan 1988, Stat. Probab. Lett. 7:195–199): for the quartic with h = 1,
/// R(K) = 9/(5π) and μ₂ = 1/8; for the Gaussian R = 1/(4π) and μ₂ = 1; so (2304/5)^(1/6) ≈ 2.7792.
/// Normal-reference rules oversmooth clustered data such as crime; treat the default as a starting point.
/// </para>
/// <para>
/// Raster. Over the given extent (cells from its south-west corner; the last row and column may overhang the
/// north and east edges), or else over the points' bounding box padded by the kernel's support radius plus
/// one cell and snapped outward to multiples of the cell size, so cells align with <see cref="GridCounts"/>.
/// Points outside a given extent are left out. The cell-limit guard rejects rasters, and kernel stencils, of
/// more than <c>maxCells</c> cells.
/// </para>
/// </remarks>
public static class KernelDensity
{
    /// <summary>Default largest raster (and kernel stencil), 4 000 000 cells.</summary>
    public const long DefaultMaxCells = 4_000_000;

    /// <summary>Default Gaussian truncation: the kernel is cut at 4 standard deviations (|dx|, |dy| ≤ 4h).</summary>
    public const double DefaultGaussianTruncation = 4;

    /// <summary>Smallest cell size, metres.</summary>
    public const double MinimumCellSizeMetres = 1;

    private const double FftNanosecondsPerCellLog = 6;

    /// <summary>Silverman's (1986, Table 4.1) constant for the 2-D quartic kernel, (2304/5)^(1/6) ≈ 2.7792.</summary>
    public static readonly double QuarticScottFactor = Math.Pow(2304.0 / 5.0, 1.0 / 6.0);

    /// <summary>Makes a kernel density surface.</summary>
    /// <param name="eastings">Eastings, metres; finite.</param>
    /// <param name="northings">Northings, metres; finite; one per easting.</param>
    /// <param name="cellSizeMetres">Side of a raster cell, metres, at least <see cref="MinimumCellSizeMetres"/>.</param>
    /// <param name="bandwidthMetres">Bandwidth h, metres (quartic radius or Gaussian σ); default <see cref="DefaultBandwidth"/>.</param>
    /// <param name="kernel">Kernel shape.</param>
    /// <param name="extent">Raster extent; default the points' extent padded by the kernel's reach.</param>
    /// <param name="unit">Units of the output densities.</param>
    /// <param name="gaussianTruncation">Gaussian cut-off in standard deviations, 1 to 8.</param>
    /// <param name="maxCells">Largest number of raster cells, and of kernel stencil cells.</param>
    /// <param name="method">Convolution method.</param>
    /// <returns>The surface.</returns>
    /// <exception cref="ArgumentException">
    /// A bad cell size, bandwidth or truncation; coordinates that are not finite; no points and no extent; too few
    /// distinct points to estimate a bandwidth; or a raster or stencil of more than <paramref name="maxCells"/> cells.
    /// </exception>
    public static KernelDensityResult Estimate(
        ReadOnlyMemory<double> eastings,
        ReadOnlyMemory<double> northings,
        double cellSizeMetres,
        double? bandwidthMetres = null,
        KernelShape kernel = KernelShape.Quartic,
        GridExtent? extent = null,
        DensityUnit unit = DensityUnit.PerSquareMetre,
        double gaussianTruncation = DefaultGaussianTruncation,
        long maxCells = DefaultMaxCells,
        ConvolutionMethod method = ConvolutionMethod.Auto)
    {
        SurfaceGuards.RequirePositiveSize(cellSizeMetres, MinimumCellSizeMetres, nameof(cellSizeMetres));
        SurfaceGuards.RequireMaxCells(maxCells, nameof(maxCells));
        if (!Enum.IsDefined(kernel))
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown kernel.");
        }

        if (!Enum.IsDefined(unit))
        {
            throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown density unit.");
        }

        if (!Enum.IsDefined(method))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown convolution method.");
        }

        if (!(gaussianTruncation >= 1 && gaussianTruncation <= 8))
        {
            throw new ArgumentOutOfRangeException(
                nameof(gaussianTruncation), gaussianTruncation, SurfaceGuards.Inv($"gaussianTruncation must be between 1 and 8 standard deviations; got {gaussianTruncation}."));
        }

        if (bandwidthMetres is { } given && !(double.IsFinite(given) && given > 0))
        {
            throw new ArgumentOutOfRangeException(
                nameof(bandwidthMetres), given, SurfaceGuards.Inv($"bandwidthMetres must be a finite, positive number of metres; got {given}."));
        }

        SurfaceGuards.Bounds bounds = SurfaceGuards.ScanPoints(eastings.Span, northings.Span, nameof(eastings), nameof(northings));
        if (extent is { } checkedExtent)
        {
            SurfaceGuards.RequireExtent(checkedExtent, nameof(extent));
            SurfaceGuards.RequireExtentCoordinates(checkedExtent, nameof(extent));
        }
        else if (bounds.Count == 0)
        {
            throw new ArgumentException("There are no points and no extent, so there is no raster to make; give an extent.", nameof(eastings));
        }

        double h = bandwidthMetres ?? DefaultBandwidth(eastings.Span, northings.Span, kernel);
        double c = cellSizeMetres;
        double support = kernel == KernelShape.Quartic ? h : gaussianTruncation * h;

        // Raster geometry.
        double originE, originN;
        double columnsD, rowsD;
        if (extent is { } x)
        {
            (originE, originN) = (x.MinEasting, x.MinNorthing);
            columnsD = Math.Max(1, Math.Ceiling(x.Width / c));
            rowsD = Math.Max(1, Math.Ceiling(x.Height / c));
        }
        else
        {
            double pad = support + c;
            originE = Math.Floor((bounds.MinE - pad) / c) * c;
            originN = Math.Floor((bounds.MinN - pad) / c) * c;
            columnsD = Math.Ceiling((bounds.MaxE + pad - originE) / c);
            rowsD = Math.Ceiling((bounds.MaxN + pad - originN) / c);
        }

        // The raster is one dense array, so it can never exceed an array's length whatever maxCells says.
        SurfaceGuards.RequireCellCount(columnsD, rowsD, Math.Min(maxCells, Array.MaxLength), c, nameof(cellSizeMetres));
        int columns = (int)columnsD;
        int rows = (int)rowsD;

        // Stencil radius in cells: offsets with |offset| × c within the support.
        int radius = (int)Math.Floor(support / c);
        double stencilCells = ((2.0 * radius) + 1) * ((2.0 * radius) + 1);
        if (stencilCells > maxCells)
        {
            throw new ArgumentException(
                SurfaceGuards.Inv($"A bandwidth of {h} m is {support / c:0.#} cells of {c} m, so the kernel would cover {stencilCells:0} cells, more than the limit of {maxCells}. Use a larger cell size or a smaller bandwidth."),
                nameof(bandwidthMetres));
        }

        (double[] binned, int outside) = Bin(eastings, northings, originE, originN, c, columns, rows);

        double unitScale = unit == DensityUnit.PerSquareKilometre ? 1_000_000 : 1;
        double[] density;
        ConvolutionMethod used;
        if (kernel == KernelShape.Quartic)
        {
            double[] stencil = QuarticStencil(h, c, radius);
            var sparse = SparseRows.From(binned, columns, rows);
            used = method != ConvolutionMethod.Auto ? method : ChooseQuartic(sparse, stencil, columns, rows, radius);
            density = used == ConvolutionMethod.Fft
                ? FftConvolution.Convolve(binned, columns, rows, stencil, radius)
                : ConvolveDirect(binned, sparse, columns, rows, stencil, radius);
        }
        else
        {
            double[] taps = GaussianTaps(h, c, radius);
            used = method == ConvolutionMethod.Fft ? ConvolutionMethod.Fft : ConvolutionMethod.Direct;
            density = used == ConvolutionMethod.Fft
                ? FftConvolution.Convolve(binned, columns, rows, OuterProduct(taps), radius)
                : ConvolveSeparable(binned, SparseRows.From(binned, columns, rows), columns, rows, taps, radius);
        }

        // Stencils sum to 1, so the convolved grid holds points per cell: divide by the cell area for per m²,
        // scale to the unit, and clear FFT round-off (values below 1e-12 of the maximum, or negative) so that
        // empty cells are exactly 0.
        double max = 0;
        foreach (double v in density)
        {
            max = Math.Max(max, v);
        }

        double floor = used == ConvolutionMethod.Fft ? max * 1e-12 : 0;
        double scale = unitScale / (c * c);
        for (int i = 0; i < density.Length; i++)
        {
            double v = density[i];
            density[i] = v > floor ? v * scale : 0;
        }

        var raster = new GridRaster(originE, originN, c, columns, rows, density, copy: false);
        return new KernelDensityResult(raster, h, bandwidthMetres is null, kernel, unit, bounds.Count - outside, outside, used, support);
    }

    /// <summary>
    /// Scott's rule: σ̄ × n^(−1/6), σ̄ = √((s_E² + s_N²) / 2) with sample variances (divisor n − 1); metres.
    /// This is the standard deviation of a Gaussian kernel (Scott 1992, ch. 6; Silverman 1986, eq. 4.14 with A(K) = 1).
    /// </summary>
    /// <param name="eastings">Eastings, metres.</param>
    /// <param name="northings">Northings, metres.</param>
    /// <returns>The bandwidth, metres.</returns>
    /// <exception cref="ArgumentException">Fewer than two points, all points at one place, or non-finite coordinates.</exception>
    public static double ScottBandwidth(ReadOnlySpan<double> eastings, ReadOnlySpan<double> northings)
    {
        SurfaceGuards.Bounds bounds = SurfaceGuards.ScanPoints(eastings, northings, nameof(eastings), nameof(northings));
        int n = bounds.Count;
        if (n < 2)
        {
            throw new ArgumentException(
                SurfaceGuards.Inv($"A bandwidth cannot be estimated from {n} point(s); give bandwidthMetres."), nameof(eastings));
        }

        // Two passes (mean, then squared deviations) to avoid cancellation with large coordinates.
        double meanE = 0, meanN = 0;
        for (int i = 0; i < n; i++)
        {
            meanE += eastings[i];
            meanN += northings[i];
        }

        meanE /= n;
        meanN /= n;
        double ssE = 0, ssN = 0;
        for (int i = 0; i < n; i++)
        {
            double de = eastings[i] - meanE;
            double dn = northings[i] - meanN;
            ssE += de * de;
            ssN += dn * dn;
        }

        double sigma = Math.Sqrt((ssE + ssN) / (2.0 * (n - 1)));
        if (!(sigma > 0))
        {
            throw new ArgumentException("All points are at one place, so a bandwidth cannot be estimated; give bandwidthMetres.", nameof(eastings));
        }

        return sigma * Math.Pow(n, -1.0 / 6.0);
    }

    /// <summary>
    /// The default bandwidth for a kernel, metres: <see cref="ScottBandwidth"/> for the Gaussian, and
    /// <see cref="QuarticScottFactor"/> × that for the quartic (the radius of equivalent smoothing).
    /// </summary>
    /// <param name="eastings">Eastings, metres.</param>
    /// <param name="northings">Northings, metres.</param>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The bandwidth, metres.</returns>
    public static double DefaultBandwidth(ReadOnlySpan<double> eastings, ReadOnlySpan<double> northings, KernelShape kernel)
    {
        double scott = ScottBandwidth(eastings, northings);
        return kernel == KernelShape.Quartic ? scott * QuarticScottFactor : scott;
    }

    /// <summary>The quartic kernel, 3 / (π h²) × (1 − d²/h²)² for d &lt; h, else 0; per square metre.</summary>
    /// <param name="distanceMetres">Distance from the point, metres.</param>
    /// <param name="bandwidthMetres">Radius h, metres.</param>
    /// <returns>The density of one point, per m².</returns>
    public static double Quartic(double distanceMetres, double bandwidthMetres)
    {
        double u = distanceMetres * distanceMetres / (bandwidthMetres * bandwidthMetres);
        return u < 1 ? 3 / (Math.PI * bandwidthMetres * bandwidthMetres) * (1 - u) * (1 - u) : 0;
    }

    /// <summary>The (untruncated) Gaussian kernel, 1 / (2π h²) × exp(−d² / 2h²); per square metre.</summary>
    /// <param name="distanceMetres">Distance from the point, metres.</param>
    /// <param name="bandwidthMetres">Standard deviation h, metres.</param>
    /// <returns>The density of one point, per m².</returns>
    public static double Gaussian(double distanceMetres, double bandwidthMetres) =>
        Math.Exp(-distanceMetres * distanceMetres / (2 * bandwidthMetres * bandwidthMetres)) / (2 * Math.PI * bandwidthMetres * bandwidthMetres);

    /// <summary>Linear binning onto cell centres; weight that would fall beyond the outer centres stays on them.</summary>
    private static (double[] Grid, int Outside) Bin(ReadOnlyMemory<double> eastings, ReadOnlyMemory<double> northings, double originE, double originN, double c, int columns, int rows)
    {
        int n = eastings.Length;
        int cells = columns * rows;
        int partitions = SurfaceGuards.Partitions(n);
        var grids = new double[partitions][];
        var outside = new int[partitions];
        double maxE = originE + (columns * c);
        double maxN = originN + (rows * c);

        Parallel.For(0, partitions, p =>
        {
            int start = SurfaceGuards.PartitionStart(n, partitions, p);
            int end = SurfaceGuards.PartitionStart(n, partitions, p + 1);
            ReadOnlySpan<double> es = eastings.Span;
            ReadOnlySpan<double> ns = northings.Span;
            var grid = new double[cells];
            int localOutside = 0;
            for (int i = start; i < end; i++)
            {
                double e = es[i], nn = ns[i];
                if (!(e >= originE && e <= maxE && nn >= originN && nn <= maxN))
                {
                    localOutside++;
                    continue;
                }

                (int x0, int x1, double tx) = Split(((e - originE) / c) - 0.5, columns);
                (int y0, int y1, double ty) = Split(((nn - originN) / c) - 0.5, rows);
                grid[(y0 * columns) + x0] += (1 - tx) * (1 - ty);
                grid[(y0 * columns) + x1] += tx * (1 - ty);
                grid[(y1 * columns) + x0] += (1 - tx) * ty;
                grid[(y1 * columns) + x1] += tx * ty;
            }

            grids[p] = grid;
            outside[p] = localOutside;
        });

        double[] total = grids[0];
        for (int p = 1; p < partitions; p++)
        {
            double[] other = grids[p];
            for (int i = 0; i < total.Length; i++)
            {
                total[i] += other[i];
            }
        }

        return (total, outside.Sum());
    }

    /// <summary>Splits a fractional centre index into the two neighbouring centres and the weight of the upper one.</summary>
    private static (int Lower, int Upper, double Fraction) Split(double f, int count)
    {
        if (!(f > 0))
        {
            return (0, 0, 0);
        }

        if (f >= count - 1)
        {
            return (count - 1, count - 1, 0);
        }

        int lower = (int)f;
        return (lower, lower + 1, f - lower);
    }

    /// <summary>(2r+1)² quartic weights at cell-centre offsets (row-major, dy = −r..r), rescaled to sum to 1.</summary>
    private static double[] QuarticStencil(double h, double c, int radius)
    {
        int width = (2 * radius) + 1;
        var stencil = new double[width * width];
        double sum = 0;
        for (int dy = -radius; dy <= radius; dy++)
        {
            for (int dx = -radius; dx <= radius; dx++)
            {
                double w = Quartic(Math.Sqrt((double)(dx * dx) + (dy * dy)) * c, h);
                stencil[((dy + radius) * width) + dx + radius] = w;
                sum += w;
            }
        }

        // With h below half a cell only the centre is inside the kernel; sum is then K(0) > 0.
        for (int i = 0; i < stencil.Length; i++)
        {
            stencil[i] /= sum;
        }

        return stencil;
    }

    /// <summary>2r+1 Gaussian taps exp(−(kc)² / 2h²), k = −r..r, normalised to sum 1.</summary>
    private static double[] GaussianTaps(double h, double c, int radius)
    {
        var taps = new double[(2 * radius) + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++)
        {
            double d = k * c;
            taps[k + radius] = Math.Exp(-d * d / (2 * h * h));
            sum += taps[k + radius];
        }

        for (int i = 0; i < taps.Length; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }

    private static double[] OuterProduct(double[] taps)
    {
        var stencil = new double[taps.Length * taps.Length];
        for (int y = 0; y < taps.Length; y++)
        {
            for (int x = 0; x < taps.Length; x++)
            {
                stencil[(y * taps.Length) + x] = taps[y] * taps[x];
            }
        }

        return stencil;
    }

    /// <summary>
    /// Picks the cheaper convolution from rough CPU costs in nanoseconds, measured for this code on x64 with
    /// AVX2: a direct row costs, per stencil row, the lesser of scattering its occupied cells (about 30 ns each
    /// plus 0.5 ns per tap) and gathering the whole row once per tap (about 0.5 ns per cell and tap); the FFT
    /// about <see cref="FftNanosecondsPerCellLog"/> × N log₂ N for a transform of N cells.
    /// </summary>
    private static ConvolutionMethod ChooseQuartic(SparseRows sparse, double[] stencil, int columns, int rows, int radius)
    {
        int width = (2 * radius) + 1;
        var tapsPerRow = new int[width];
        for (int dy = 0; dy < width; dy++)
        {
            for (int dx = 0; dx < width; dx++)
            {
                if (stencil[(dy * width) + dx] > 0)
                {
                    tapsPerRow[dy]++;
                }
            }
        }

        double direct = 0;
        for (int y = 0; y < rows; y++)
        {
            long occupied = sparse.RowStart[y + 1] - sparse.RowStart[y];
            if (occupied == 0)
            {
                continue;
            }

            foreach (int taps in tapsPerRow)
            {
                if (taps > 0)
                {
                    direct += Math.Min(occupied * (30 + (0.5 * taps)), 0.5 * taps * columns);
                }
            }
        }

        double mx = FftConvolution.FastLength(columns + radius);
        double my = FftConvolution.FastLength(rows + radius);
        double fft = FftNanosecondsPerCellLog * mx * my * Math.Log2(mx * my);
        return direct <= fft ? ConvolutionMethod.Direct : ConvolutionMethod.Fft;
    }

    /// <summary>
    /// Quartic direct convolution, parallel by output row: each output row adds, for every stencil row, the 1-D
    /// convolution of the matching binned row with that stencil row (a disc's chord).
    /// </summary>
    private static double[] ConvolveDirect(double[] binned, SparseRows sparse, int columns, int rows, double[] stencil, int radius)
    {
        int width = (2 * radius) + 1;

        // Non-zero half-width of each stencil row (the kernel is a disc), −1 when the row is empty.
        var halfWidths = new int[radius + 1];
        for (int dy = 0; dy <= radius; dy++)
        {
            int w = -1;
            for (int dx = 0; dx <= radius; dx++)
            {
                if (stencil[((dy + radius) * width) + dx + radius] > 0)
                {
                    w = dx;
                }
            }

            halfWidths[dy] = w;
        }

        var output = new double[(long)columns * rows];
        Parallel.For(0, rows, y =>
        {
            Span<double> outRow = output.AsSpan(y * columns, columns);
            for (int dy = -radius; dy <= radius; dy++)
            {
                int sy = y + dy;
                int w = halfWidths[Math.Abs(dy)];
                if (sy < 0 || sy >= rows || w < 0)
                {
                    continue;
                }

                ReadOnlySpan<double> taps = stencil.AsSpan(((dy + radius) * width) + radius - w, (2 * w) + 1);
                ConvolveRow(outRow, binned.AsSpan(sy * columns, columns), sparse, sy, taps, 1);
            }
        });

        return output;
    }

    /// <summary>Gaussian direct convolution: a horizontal pass of the binned rows, then a vertical pass.</summary>
    private static double[] ConvolveSeparable(double[] binned, SparseRows sparse, int columns, int rows, double[] taps, int radius)
    {
        var horizontal = new double[(long)columns * rows];
        Parallel.For(0, rows, y =>
        {
            if (sparse.RowStart[y] != sparse.RowStart[y + 1])
            {
                ConvolveRow(horizontal.AsSpan(y * columns, columns), binned.AsSpan(y * columns, columns), sparse, y, taps, 1);
            }
        });

        var output = new double[(long)columns * rows];
        Parallel.For(0, rows, y =>
        {
            Span<double> outRow = output.AsSpan(y * columns, columns);
            for (int dy = -radius; dy <= radius; dy++)
            {
                int sy = y + dy;
                if (sy < 0 || sy >= rows || sparse.RowStart[sy] == sparse.RowStart[sy + 1])
                {
                    continue;
                }

                AddScaled(outRow, horizontal.AsSpan(sy * columns, columns), taps[dy + radius]);
            }
        });

        return output;
    }

    /// <summary>
    /// target += source ⊛ taps (taps of odd length, centred, symmetric). A row with few occupied cells adds the
    /// taps around each of them; a busier row adds each tap's shifted copy of the whole row, which vectorises
    /// over the row's length.
    /// </summary>
    private static void ConvolveRow(Span<double> target, ReadOnlySpan<double> source, SparseRows sparse, int row, ReadOnlySpan<double> taps, double scale)
    {
        int w = taps.Length / 2;
        int columns = target.Length;
        int start = sparse.RowStart[row], end = sparse.RowStart[row + 1];
        long occupied = end - start;

        // Scatter costs a call per occupied cell; gather costs the whole row per tap (cheap, vectorised).
        if (occupied * (taps.Length + 32) < (long)taps.Length * columns / 2)
        {
            for (int k = start; k < end; k++)
            {
                int sx = sparse.Columns[k];
                int x0 = sx - w;
                int lo = Math.Max(x0, 0);
                int hi = Math.Min(sx + w, columns - 1);
                AddScaled(target[lo..(hi + 1)], taps[(lo - x0)..(hi - x0 + 1)], sparse.Values[k] * scale);
            }

            return;
        }

        for (int dx = -w; dx <= w; dx++)
        {
            int lo = Math.Max(0, -dx);
            int hi = Math.Min(columns, columns - dx);
            if (hi > lo)
            {
                AddScaled(target[lo..hi], source[(lo + dx)..(hi + dx)], taps[dx + w] * scale);
            }
        }
    }

    /// <summary>target[i] += source[i] × scale, vectorised.</summary>
    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<double>.Count)
        {
            var s = new Vector<double>(scale);
            for (; i <= target.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var t = new Vector<double>(target[i..]);
                (t + (new Vector<double>(source[i..]) * s)).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i] * scale;
        }
    }

    /// <summary>The occupied cells of a binned grid, row by row (compressed sparse rows).</summary>
    private sealed class SparseRows
    {
        private SparseRows(int[] rowStart, int[] columns, double[] values)
        {
            RowStart = rowStart;
            Columns = columns;
            Values = values;
        }

        public int[] RowStart { get; }

        public int[] Columns { get; }

        public double[] Values { get; }

        public long NonZero => Columns.Length;

        public static SparseRows From(double[] grid, int columns, int rows)
        {
            var rowStart = new int[rows + 1];
            int count = 0;
            for (int y = 0; y < rows; y++)
            {
                rowStart[y] = count;
                foreach (double v in grid.AsSpan(y * columns, columns))
                {
                    if (v != 0)
                    {
                        count++;
                    }
                }
            }

            rowStart[rows] = count;
            var cols = new int[count];
            var values = new double[count];
            int k = 0;
            for (int i = 0; i < grid.Length; i++)
            {
                if (grid[i] != 0)
                {
                    cols[k] = i % columns;
                    values[k++] = grid[i];
                }
            }

            return new SparseRows(rowStart, cols, values);
        }
    }
}
