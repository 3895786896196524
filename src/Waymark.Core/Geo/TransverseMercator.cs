namespace Waymark.Core.Geo;

/// <summary>
/// Transverse Mercator projection on a given ellipsoid: geodetic latitude and longitude
/// (decimal degrees, north and east positive, on the ellipsoid given) to grid easting and
/// northing (metres), and back.
/// </summary>
/// <remarks>
/// <para>
/// Implements the Redfearn series exactly as set out in Ordnance Survey's
/// "A guide to coordinate systems in Great Britain" (v3.6, Annex C: "Transverse Mercator map
/// projection formulae"), with the auxiliary quantities n, ν, ρ, η² and the meridional arc M.
/// They reproduce OS's published OSTN15 test points to the millimetre, the farthest of them
/// 6.6° from the central meridian. The series are truncated, so their error grows quickly
/// with distance from the central meridian; one sign of it is that the forward and inverse
/// series do not quite invert each other: a round trip returns within 0.3 mm up to 4° from
/// the central meridian, 2 mm at 6°, 7 mm at 7° and 2 cm at 8° (at latitude 55°). OS's own
/// test files show the same few-millimetre disagreement at St Kilda. Do not use an instance
/// for points more than a few degrees beyond that.
/// </para>
/// <para>
/// An instance holds no state beyond its parameters and is safe to share between threads.
/// </para>
/// </remarks>
public sealed class TransverseMercator
{
    /// <summary>
    /// The National Grid projection (true origin 49°N 2°W, scale 0.9996012717, false origin
    /// E 400 000 m, N −100 000 m) applied to the GRS80 ellipsoid. This is step 1 of OSTN15: it
    /// takes ETRS89 latitude/longitude to the intermediate ETRS89 easting/northing to which the
    /// OSTN15 shifts are added. On its own it is <em>not</em> British National Grid (that needs
    /// the shifts too; see <see cref="Ostn15"/>).
    /// </summary>
    public static readonly TransverseMercator NationalGridOnGrs80 =
        new(Ellipsoid.Grs80, 0.9996012717, 49.0, -2.0, 400000.0, -100000.0);

    /// <summary>
    /// The National Grid projection on the Airy 1830 ellipsoid: OSGB36 latitude/longitude to
    /// British National Grid easting/northing (EPSG:27700). Only for OSGB36 geodetic
    /// coordinates; GPS (ETRS89/WGS84) positions go through <see cref="Ostn15"/>.
    /// </summary>
    public static readonly TransverseMercator NationalGridOnAiry1830 =
        new(Ellipsoid.Airy1830, 0.9996012717, 49.0, -2.0, 400000.0, -100000.0);

    /// <summary>
    /// Irish Transverse Mercator (EPSG:2157): origin 53°30'N 8°W, scale 0.99982, false origin
    /// E 600 000 m, N 750 000 m, on GRS80, applied directly to ETRS89 latitude/longitude.
    /// </summary>
    public static readonly TransverseMercator IrishTransverseMercator =
        new(Ellipsoid.Grs80, 0.99982, 53.5, -8.0, 600000.0, 750000.0);

    private const double DegreesToRadians = Math.PI / 180.0;

    // Stop the inverse's latitude iteration once the meridional arc is within 0.01 mm of the
    // target, as the OS guide (Annex C, equation C6) prescribes.
    private const double ArcTolerance = 0.00001;
    private const int MaxArcIterations = 50;

    private readonly double _aF0;
    private readonly double _bF0;
    private readonly double _e2;
    private readonly double _n;
    private readonly double _phi0;
    private readonly double _lambda0;

    /// <summary>Creates a Transverse Mercator projection.</summary>
    /// <param name="ellipsoid">The ellipsoid the geodetic coordinates refer to.</param>
    /// <param name="scaleFactor">Scale factor on the central meridian, F0 (dimensionless).</param>
    /// <param name="originLatitude">Latitude of the true origin, φ0, decimal degrees.</param>
    /// <param name="originLongitude">Longitude of the true origin (central meridian), λ0, decimal degrees east.</param>
    /// <param name="falseEasting">Easting of the true origin, E0, metres.</param>
    /// <param name="falseNorthing">Northing of the true origin, N0, metres.</param>
    public TransverseMercator(
        Ellipsoid ellipsoid,
        double scaleFactor,
        double originLatitude,
        double originLongitude,
        double falseEasting,
        double falseNorthing)
    {
        ArgumentNullException.ThrowIfNull(ellipsoid);
        if (!double.IsFinite(scaleFactor) || scaleFactor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scaleFactor), scaleFactor, "Must be a positive number.");
        }

        if (!double.IsFinite(originLatitude) || Math.Abs(originLatitude) >= 90)
        {
            throw new ArgumentOutOfRangeException(nameof(originLatitude), originLatitude, "Must be a latitude strictly between -90 and 90 degrees.");
        }

        if (!double.IsFinite(originLongitude) || Math.Abs(originLongitude) > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(originLongitude), originLongitude, "Must be a longitude between -180 and 180 degrees.");
        }

        if (!double.IsFinite(falseEasting) || !double.IsFinite(falseNorthing))
        {
            throw new ArgumentOutOfRangeException(nameof(falseEasting), "The false easting and northing must be finite.");
        }

        Ellipsoid = ellipsoid;
        ScaleFactor = scaleFactor;
        OriginLatitude = originLatitude;
        OriginLongitude = originLongitude;
        FalseEasting = falseEasting;
        FalseNorthing = falseNorthing;

        double a = ellipsoid.SemiMajorAxis;
        double b = ellipsoid.SemiMinorAxis;
        _aF0 = a * scaleFactor;
        _bF0 = b * scaleFactor;
        _e2 = ellipsoid.EccentricitySquared;
        _n = (a - b) / (a + b);
        _phi0 = originLatitude * DegreesToRadians;
        _lambda0 = originLongitude * DegreesToRadians;
    }

    /// <summary>The ellipsoid the geodetic coordinates refer to.</summary>
    public Ellipsoid Ellipsoid { get; }

    /// <summary>Scale factor on the central meridian, F0 (dimensionless).</summary>
    public double ScaleFactor { get; }

    /// <summary>Latitude of the true origin, decimal degrees.</summary>
    public double OriginLatitude { get; }

    /// <summary>Longitude of the true origin (the central meridian), decimal degrees east.</summary>
    public double OriginLongitude { get; }

    /// <summary>Easting of the true origin, metres.</summary>
    public double FalseEasting { get; }

    /// <summary>Northing of the true origin, metres.</summary>
    public double FalseNorthing { get; }

    /// <summary>
    /// Projects a geodetic position to grid coordinates (OS guide, Annex C, equations C1–C3).
    /// </summary>
    /// <param name="latitude">Geodetic latitude on <see cref="Ellipsoid"/>, decimal degrees north, −90..90.</param>
    /// <param name="longitude">Geodetic longitude on <see cref="Ellipsoid"/>, decimal degrees east, −180..180.</param>
    /// <returns>Easting and northing in metres.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The latitude or longitude is not finite or out of range.</exception>
    public (double Easting, double Northing) Forward(double latitude, double longitude)
    {
        if (!double.IsFinite(latitude) || Math.Abs(latitude) > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Must be between -90 and 90 degrees.");
        }

        if (!double.IsFinite(longitude) || Math.Abs(longitude) > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Must be between -180 and 180 degrees.");
        }

        double phi = latitude * DegreesToRadians;
        double sinPhi = Math.Sin(phi);
        double cosPhi = Math.Cos(phi);
        double tanPhi = Math.Tan(phi);
        double tan2 = tanPhi * tanPhi;
        double tan4 = tan2 * tan2;
        double cos3 = cosPhi * cosPhi * cosPhi;
        double cos5 = cos3 * cosPhi * cosPhi;

        (double nu, double rho, double eta2) = RadiiOfCurvature(sinPhi);
        double m = MeridionalArc(phi);

        double i = m + FalseNorthing;
        double ii = nu / 2.0 * sinPhi * cosPhi;
        double iii = nu / 24.0 * sinPhi * cos3 * (5.0 - tan2 + (9.0 * eta2));
        double iiiA = nu / 720.0 * sinPhi * cos5 * (61.0 - (58.0 * tan2) + tan4);
        double iv = nu * cosPhi;
        double v = nu / 6.0 * cos3 * ((nu / rho) - tan2);
        double vi = nu / 120.0 * cos5 * (5.0 - (18.0 * tan2) + tan4 + (14.0 * eta2) - (58.0 * tan2 * eta2));

        double dl = (longitude * DegreesToRadians) - _lambda0;
        double dl2 = dl * dl;
        double dl3 = dl2 * dl;

        double northing = i + (ii * dl2) + (iii * dl2 * dl2) + (iiiA * dl3 * dl3);
        double easting = FalseEasting + (iv * dl) + (v * dl3) + (vi * dl3 * dl2);
        return (easting, northing);
    }

    /// <summary>
    /// Converts grid coordinates back to a geodetic position (OS guide, Annex C, equations C4–C9).
    /// </summary>
    /// <param name="easting">Easting, metres.</param>
    /// <param name="northing">Northing, metres.</param>
    /// <returns>Geodetic latitude and longitude on <see cref="Ellipsoid"/>, decimal degrees (north, east positive).</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The easting or northing is not finite, or the northing lies beyond a pole.
    /// </exception>
    public (double Latitude, double Longitude) Inverse(double easting, double northing)
    {
        if (!double.IsFinite(easting))
        {
            throw new ArgumentOutOfRangeException(nameof(easting), easting, "Must be a finite number of metres.");
        }

        // A northing beyond the meridional arc to either pole is no real position, and would
        // send the latitude iteration past the pole.
        double targetArc = northing - FalseNorthing;
        if (!double.IsFinite(northing)
            || targetArc > MeridionalArc(Math.PI / 2)
            || targetArc < MeridionalArc(-Math.PI / 2))
        {
            throw new ArgumentOutOfRangeException(nameof(northing), northing, "Must be a finite northing no further from the equator than a pole.");
        }

        // Equation C6: iterate φ' until N − N0 − M is below 0.01 mm.
        double phi = (targetArc / _aF0) + _phi0;
        double m = MeridionalArc(phi);
        for (int iteration = 0; Math.Abs(targetArc - m) >= ArcTolerance; iteration++)
        {
            if (iteration >= MaxArcIterations)
            {
                // Unreachable for valid input (it converges in a handful of steps); fail loudly
                // rather than return an unconverged latitude.
                throw new InvalidOperationException("Transverse Mercator inverse did not converge.");
            }

            phi += (targetArc - m) / _aF0;
            m = MeridionalArc(phi);
        }

        double sinPhi = Math.Sin(phi);
        double cosPhi = Math.Cos(phi);
        double tanPhi = Math.Tan(phi);
        double secPhi = 1.0 / cosPhi;
        double tan2 = tanPhi * tanPhi;
        double tan4 = tan2 * tan2;
        double tan6 = tan4 * tan2;

        (double nu, double rho, double eta2) = RadiiOfCurvature(sinPhi);
        double nu3 = nu * nu * nu;
        double nu5 = nu3 * nu * nu;
        double nu7 = nu5 * nu * nu;

        double vii = tanPhi / (2.0 * rho * nu);
        double viii = tanPhi / (24.0 * rho * nu3) * (5.0 + (3.0 * tan2) + eta2 - (9.0 * tan2 * eta2));
        double ix = tanPhi / (720.0 * rho * nu5) * (61.0 + (90.0 * tan2) + (45.0 * tan4));
        double x = secPhi / nu;
        double xi = secPhi / (6.0 * nu3) * ((nu / rho) + (2.0 * tan2));
        double xii = secPhi / (120.0 * nu5) * (5.0 + (28.0 * tan2) + (24.0 * tan4));
        double xiiA = secPhi / (5040.0 * nu7) * (61.0 + (662.0 * tan2) + (1320.0 * tan4) + (720.0 * tan6));

        double de = easting - FalseEasting;
        double de2 = de * de;
        double de3 = de2 * de;
        double de4 = de2 * de2;
        double de5 = de4 * de;

        double latitude = phi - (vii * de2) + (viii * de4) - (ix * de4 * de2);
        double longitude = _lambda0 + (x * de) - (xi * de3) + (xii * de5) - (xiiA * de5 * de2);
        return (latitude / DegreesToRadians, longitude / DegreesToRadians);
    }

    // ν (transverse radius of curvature) and ρ (meridional radius of curvature), both already
    // scaled by F0 as in the OS guide, and η² = ν/ρ − 1 (equations C2).
    private (double Nu, double Rho, double Eta2) RadiiOfCurvature(double sinPhi)
    {
        double w = 1.0 - (_e2 * sinPhi * sinPhi);
        double nu = _aF0 / Math.Sqrt(w);
        double rho = _aF0 * (1.0 - _e2) / (w * Math.Sqrt(w));
        return (nu, rho, (nu / rho) - 1.0);
    }

    // Developed meridional arc from the origin latitude φ0 to φ, scaled by F0 (equation C3).
    private double MeridionalArc(double phi)
    {
        double n = _n;
        double n2 = n * n;
        double n3 = n2 * n;
        double dPhi = phi - _phi0;
        double sPhi = phi + _phi0;
        return _bF0 * (
            ((1.0 + n + (1.25 * n2) + (1.25 * n3)) * dPhi)
            - (((3.0 * n) + (3.0 * n2) + (21.0 / 8.0 * n3)) * Math.Sin(dPhi) * Math.Cos(sPhi))
            + (((15.0 / 8.0 * n2) + (15.0 / 8.0 * n3)) * Math.Sin(2.0 * dPhi) * Math.Cos(2.0 * sPhi))
            - (35.0 / 24.0 * n3 * Math.Sin(3.0 * dPhi) * Math.Cos(3.0 * sPhi)));
    }
}
