namespace Waymark.Core.Geo;

/// <summary>
/// A reference ellipsoid given by its semi-major and semi-minor axes, both in metres.
/// </summary>
/// <remarks>
/// The values of the two ellipsoids provided are those in Ordnance Survey's
/// "A guide to coordinate systems in Great Britain" (Annex A, table of ellipsoid parameters).
/// </remarks>
public sealed record Ellipsoid
{
    /// <summary>
    /// GRS80, the ellipsoid of ETRS89 (and, to well under a millimetre, of WGS84).
    /// Used by OSTN15 (projection step) and by Irish Transverse Mercator.
    /// </summary>
    public static readonly Ellipsoid Grs80 = new(6378137.000, 6356752.3141);

    /// <summary>Airy 1830, the ellipsoid of OSGB36.</summary>
    public static readonly Ellipsoid Airy1830 = new(6377563.396, 6356256.909);

    /// <summary>Creates an ellipsoid.</summary>
    /// <param name="semiMajorAxis">Semi-major axis a, metres.</param>
    /// <param name="semiMinorAxis">Semi-minor axis b, metres; 0 &lt; b ≤ a.</param>
    /// <exception cref="ArgumentOutOfRangeException">The axes are not finite, positive and b ≤ a.</exception>
    public Ellipsoid(double semiMajorAxis, double semiMinorAxis)
    {
        if (!double.IsFinite(semiMajorAxis) || semiMajorAxis <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(semiMajorAxis), semiMajorAxis, "Must be a positive number of metres.");
        }

        if (!double.IsFinite(semiMinorAxis) || semiMinorAxis <= 0 || semiMinorAxis > semiMajorAxis)
        {
            throw new ArgumentOutOfRangeException(nameof(semiMinorAxis), semiMinorAxis, "Must be positive and no larger than the semi-major axis.");
        }

        SemiMajorAxis = semiMajorAxis;
        SemiMinorAxis = semiMinorAxis;
    }

    /// <summary>Semi-major (equatorial) axis a, metres.</summary>
    public double SemiMajorAxis { get; }

    /// <summary>Semi-minor (polar) axis b, metres.</summary>
    public double SemiMinorAxis { get; }

    /// <summary>First eccentricity squared, e² = (a² − b²) / a² (dimensionless).</summary>
    public double EccentricitySquared =>
        ((SemiMajorAxis * SemiMajorAxis) - (SemiMinorAxis * SemiMinorAxis)) / (SemiMajorAxis * SemiMajorAxis);
}
