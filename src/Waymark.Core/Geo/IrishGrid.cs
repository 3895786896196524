namespace Waymark.Core.Geo;

/// <summary>
/// A position in Irish Transverse Mercator (IRENET95 / ITM, EPSG:2157): easting and northing in
/// metres, the grid used by OSNI (Northern Ireland) and Tailte Éireann (formerly OSi).
/// </summary>
/// <param name="Easting">Easting, metres (EPSG:2157).</param>
/// <param name="Northing">Northing, metres (EPSG:2157).</param>
public readonly record struct ItmPoint(double Easting, double Northing);

/// <summary>
/// Conversions between ETRS89 (≈ WGS84) latitude/longitude and Irish Transverse Mercator
/// (EPSG:2157), for Northern Ireland (and the island of Ireland generally).
/// </summary>
/// <remarks>
/// ITM is defined directly on ETRS89 with the GRS80 ellipsoid (origin 53°30'N 8°W, scale
/// 0.99982, false origin E 600 000 m, N 750 000 m: Cory, Morgan, Bray and Greenway, "A new
/// coordinate system for Ireland", FIG Working Week 2001, and the EPSG registry entry 2157), so
/// no datum shift is needed: this is a plain Transverse Mercator
/// projection (<see cref="TransverseMercator.IrishTransverseMercator"/>). As with
/// <see cref="Ostn15"/>, a WGS84 position is taken as ETRS89, an approximation of about a metre.
/// Not to be confused with the older Irish Grid (TM75, EPSG:29903), which is on a different
/// datum and needs a transformation.
/// </remarks>
public static class IrishGrid
{
    // Range accepted: the EPSG area of use of ITM (51.39..55.43°N, 10.56..5.34°W) with a wide
    // margin. Further away the projection series lose accuracy and the grid means nothing.
    private const double MinLatitude = 49.0;
    private const double MaxLatitude = 58.0;
    private const double MinLongitude = -14.0;
    private const double MaxLongitude = -2.0;

    /// <summary>Projects an ETRS89 (≈ WGS84) position to Irish Transverse Mercator.</summary>
    /// <param name="latitude">ETRS89 latitude, decimal degrees north, 49..58.</param>
    /// <param name="longitude">ETRS89 longitude, decimal degrees east (west negative), −14..−2.</param>
    /// <returns>The ITM easting and northing, metres (EPSG:2157).</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The position is not finite or lies well outside Ireland (outside the ranges above).
    /// </exception>
    public static ItmPoint ToItm(double latitude, double longitude)
    {
        if (!(latitude >= MinLatitude && latitude <= MaxLatitude))
        {
            throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "Irish Transverse Mercator is only provided for latitudes 49 to 58 degrees north.");
        }

        if (!(longitude >= MinLongitude && longitude <= MaxLongitude))
        {
            throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "Irish Transverse Mercator is only provided for longitudes 14 to 2 degrees west.");
        }

        (double easting, double northing) = TransverseMercator.IrishTransverseMercator.Forward(latitude, longitude);
        return new ItmPoint(easting, northing);
    }

    /// <summary>Converts an Irish Transverse Mercator position to ETRS89 (≈ WGS84) latitude and longitude.</summary>
    /// <param name="point">ITM easting and northing, metres (EPSG:2157).</param>
    /// <returns>ETRS89 latitude and longitude, decimal degrees (north and east positive).</returns>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is not finite or lies beyond a pole.</exception>
    public static (double Latitude, double Longitude) ToWgs84(ItmPoint point) =>
        TransverseMercator.IrishTransverseMercator.Inverse(point.Easting, point.Northing);
}
