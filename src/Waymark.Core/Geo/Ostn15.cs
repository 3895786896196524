using System.Buffers.Binary;

namespace Waymark.Core.Geo;

/// <summary>
/// Ordnance Survey's OSTN15 transformation between ETRS89 latitude/longitude (GPS positions;
/// WGS84 is taken as equal to ETRS89, which holds to about a metre in Britain today — see
/// remarks) and OSGB36 British National Grid easting/northing (EPSG:27700), horizontal only.
/// </summary>
/// <remarks>
/// <para>
/// Method (OS "Transformations and OSGM15 user guide", and "A guide to coordinate systems in
/// Great Britain"): project ETRS89 latitude/longitude on GRS80 with the National
/// Grid parameters (<see cref="TransverseMercator.NationalGridOnGrs80"/>), then add east and
/// north shifts interpolated bilinearly from the four corners of the 1 km OSTN15 grid cell that
/// contains the projected point. The reverse iterates the shifts (below).
/// </para>
/// <para>
/// Data: the shift grids are embedded in this assembly as the resources
/// <c>Waymark.Core.Geo.Ostn15.east</c> and <c>Waymark.Core.Geo.Ostn15.north</c> (OSTN15, Crown
/// copyright, released by OS under a BSD-style licence; packed by Toby Thurston's grid-banger
/// project). Each holds 701 × 1 251 little-endian unsigned 16-bit values, one per kilometre
/// node from (0, 0) to (700 km, 1 250 km), row-major from the south-west; the shift in metres is
/// (base + value) / 1000 with base 82 140 (east) and −84 180 (north). They are read once, on
/// first use, and shared by all threads.
/// </para>
/// <para>
/// Cover: OSTN15 gives a shift at every node of the rectangle, sea included. We checked the
/// packed data: it has no "no data" sentinel (its few zero values are genuine minimum shifts,
/// smooth with their neighbours), and every one of Ordnance Survey's 40 test points, several
/// of them at sea off Lewis and Sutherland, has a published answer (none is flagged 0). So the only "outside the cover" is
/// outside the rectangle, and that is what these methods refuse. Far from land the shifts
/// are an extension of the onshore model and should be taken as less accurate.
/// </para>
/// <para>
/// ETRS89 and WGS84: OSTN15 is defined on ETRS89, which is fixed to the Eurasian plate and
/// drifts from WGS84 (ITRF) by about 2.5 cm a year, about 0.9 m by 2025. Treating a WGS84
/// position as ETRS89 therefore adds that error, which is well inside the error of the
/// consumer-GPS positions this platform handles.
/// </para>
/// </remarks>
public static class Ostn15
{
    private const int Columns = 701;
    private const int Rows = 1251;
    private const double CellSizeMetres = 1000.0;
    private const double EastBaseMillimetres = 82140.0;
    private const double NorthBaseMillimetres = -84180.0;

    // The reverse stops when an iteration moves the estimate by less than 0.1 mm (OS user guide);
    // it takes three or four steps in practice, so the limit only guards against a bug.
    private const double ReverseTolerance = 0.0001;
    private const int MaxReverseIterations = 20;

    // Rough bounds, with a wide margin, of the latitude/longitude of the OSTN15 rectangle
    // (its corners lie at about 49.77°N 7.56°W, 49.82°N 2.17°E, 60.93°N 9.39°W, 61.02°N 3.55°E;
    // its north edge reaches 61.13°N). Points outside need no projecting, and keeping out far
    // away points keeps the projection series within its range of validity.
    private const double MinLatitude = 48.0;
    private const double MaxLatitude = 63.0;
    private const double MinLongitude = -12.0;
    private const double MaxLongitude = 6.0;

    private static readonly Lazy<ShiftGrid> Grid = new(ShiftGrid.Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Transforms an ETRS89 (≈ WGS84) position to British National Grid.
    /// </summary>
    /// <param name="latitude">ETRS89 latitude, decimal degrees north.</param>
    /// <param name="longitude">ETRS89 longitude, decimal degrees east (west negative).</param>
    /// <param name="point">The OSGB36 National Grid position (EPSG:27700), metres; default when this returns false.</param>
    /// <returns>
    /// False when a value is not finite or the position lies outside the OSTN15 grid
    /// (0..700 km east, 0..1 250 km north), before or after the shift.
    /// </returns>
    /// <exception cref="InvalidDataException">The embedded shift grid is missing or damaged (a build fault).</exception>
    public static bool TryToBng(double latitude, double longitude, out BngPoint point)
    {
        point = default;
        if (!(latitude >= MinLatitude && latitude <= MaxLatitude && longitude >= MinLongitude && longitude <= MaxLongitude))
        {
            return false;
        }

        (double x, double y) = TransverseMercator.NationalGridOnGrs80.Forward(latitude, longitude);
        if (!TryInterpolateShifts(x, y, out double eastShift, out double northShift))
        {
            return false;
        }

        // Shifts are about +90 m east and −80 m north, so a point just inside the east or south
        // edge of the grid can shift out of the National Grid range; refuse it rather than
        // return a point outside BngPoint's range.
        return BngPoint.TryCreate(x + eastShift, y + northShift, out point);
    }

    /// <summary>
    /// Transforms a British National Grid position to ETRS89 (≈ WGS84) latitude and longitude.
    /// </summary>
    /// <remarks>
    /// The shifts are a function of the ETRS89 grid position, which is the unknown, so (as OS
    /// prescribes) start from the shifts at the National Grid position, subtract them, look the
    /// shifts up again at the result, and repeat until an iteration moves it by under 0.1 mm;
    /// then invert the GRS80 projection. Reproduces OS's 40 published test results to within
    /// 1e-9 degrees. Converting back with <see cref="TryToBng"/> returns the starting point to
    /// within 0.3 mm near the central meridian (2°W) but only to within 1 cm at the far west of
    /// the grid, because the projection series are truncated (see <see cref="TransverseMercator"/>).
    /// </remarks>
    /// <param name="easting">National Grid easting (EPSG:27700), metres.</param>
    /// <param name="northing">National Grid northing (EPSG:27700), metres.</param>
    /// <param name="latitude">ETRS89 latitude, decimal degrees north; NaN when this returns false.</param>
    /// <param name="longitude">ETRS89 longitude, decimal degrees east; NaN when this returns false.</param>
    /// <returns>
    /// False when a value is not finite or the position, or an iterate, lies outside the OSTN15
    /// grid (0..700 km east, 0..1 250 km north).
    /// </returns>
    /// <exception cref="InvalidDataException">The embedded shift grid is missing or damaged (a build fault).</exception>
    public static bool TryToWgs84(double easting, double northing, out double latitude, out double longitude)
    {
        latitude = double.NaN;
        longitude = double.NaN;

        double x = easting;
        double y = northing;
        bool converged = false;
        for (int iteration = 0; iteration < MaxReverseIterations && !converged; iteration++)
        {
            if (!TryInterpolateShifts(x, y, out double eastShift, out double northShift))
            {
                return false;
            }

            double nextX = easting - eastShift;
            double nextY = northing - northShift;
            converged = Math.Abs(nextX - x) < ReverseTolerance && Math.Abs(nextY - y) < ReverseTolerance;
            x = nextX;
            y = nextY;
        }

        if (!converged)
        {
            return false;
        }

        (latitude, longitude) = TransverseMercator.NationalGridOnGrs80.Inverse(x, y);
        return true;
    }

    /// <summary>
    /// Transforms a British National Grid position to ETRS89 (≈ WGS84) latitude and longitude;
    /// see <see cref="TryToWgs84(double, double, out double, out double)"/>.
    /// </summary>
    /// <param name="point">National Grid position (EPSG:27700), metres.</param>
    /// <param name="latitude">ETRS89 latitude, decimal degrees north; NaN when this returns false.</param>
    /// <param name="longitude">ETRS89 longitude, decimal degrees east; NaN when this returns false.</param>
    /// <returns>False when the position, or an iterate, lies outside the OSTN15 grid.</returns>
    public static bool TryToWgs84(BngPoint point, out double latitude, out double longitude) =>
        TryToWgs84(point.Easting, point.Northing, out latitude, out longitude);

    // Bilinear interpolation of the shifts (metres) at an ETRS89 grid position (x, y) in metres,
    // as in the OS user guide: t and u are the fractional position within the cell, and the
    // corner weights are (1−t)(1−u), t(1−u), tu, (1−t)u for the SW, SE, NE and NW nodes.
    private static bool TryInterpolateShifts(double x, double y, out double eastShift, out double northShift)
    {
        eastShift = 0;
        northShift = 0;

        // Positive comparisons, so NaN fails them.
        if (!(x >= 0 && x <= BngPoint.MaxEasting && y >= 0 && y <= BngPoint.MaxNorthing))
        {
            return false;
        }

        // A point on the grid's east or north edge uses the last cell, at t or u = 1.
        int column = Math.Min((int)(x / CellSizeMetres), Columns - 2);
        int row = Math.Min((int)(y / CellSizeMetres), Rows - 2);
        double t = (x - (column * CellSizeMetres)) / CellSizeMetres;
        double u = (y - (row * CellSizeMetres)) / CellSizeMetres;

        int sw = column + (row * Columns);
        int se = sw + 1;
        int nw = sw + Columns;
        int ne = nw + 1;

        double wSw = (1 - t) * (1 - u);
        double wSe = t * (1 - u);
        double wNe = t * u;
        double wNw = (1 - t) * u;

        ShiftGrid grid = Grid.Value;
        ushort[] e = grid.East;
        ushort[] n = grid.North;

        // The weights sum to one, so the base can be added once after interpolating.
        eastShift = (EastBaseMillimetres + (wSw * e[sw]) + (wSe * e[se]) + (wNe * e[ne]) + (wNw * e[nw])) / 1000.0;
        northShift = (NorthBaseMillimetres + (wSw * n[sw]) + (wSe * n[se]) + (wNe * n[ne]) + (wNw * n[nw])) / 1000.0;
        return true;
    }

    private sealed class ShiftGrid
    {
        private const string EastResource = "Waymark.Core.Geo.Ostn15.east";
        private const string NorthResource = "Waymark.Core.Geo.Ostn15.north";

        private ShiftGrid(ushort[] east, ushort[] north)
        {
            East = east;
            North = north;
        }

        // Millimetres above the base, indexed east_km + north_km * 701.
        public ushort[] East { get; }

        public ushort[] North { get; }

        public static ShiftGrid Load() => new(ReadResource(EastResource), ReadResource(NorthResource));

        private static ushort[] ReadResource(string name)
        {
            using Stream stream = typeof(Ostn15).Assembly.GetManifestResourceStream(name)
                ?? throw new InvalidDataException($"The OSTN15 resource '{name}' is not embedded in {typeof(Ostn15).Assembly.GetName().Name}.");

            const int count = Columns * Rows;
            byte[] bytes = new byte[count * sizeof(ushort)];
            try
            {
                stream.ReadExactly(bytes);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException($"The OSTN15 resource '{name}' is shorter than {bytes.Length} bytes.", ex);
            }

            if (stream.ReadByte() != -1)
            {
                throw new InvalidDataException($"The OSTN15 resource '{name}' is longer than {bytes.Length} bytes.");
            }

            var values = new ushort[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(i * sizeof(ushort)));
            }

            return values;
        }
    }
}
