namespace Waymark.Core.Anpr;

/// <summary>Distances on the sphere, for camera-to-crime searches that must work in Great Britain and Northern Ireland alike.</summary>
public static class GreatCircle
{
    /// <summary>The IUGG mean Earth radius R1 = (2a + b) / 3 for WGS84, in metres.</summary>
    public const double MeanRadiusMetres = 6_371_008.8;

    /// <summary>Haversine distance in metres between two WGS84 positions (degrees); within 0.5% of the ellipsoidal distance.</summary>
    public static double Metres(double lat1, double lon1, double lat2, double lon2)
    {
        const double rad = Math.PI / 180;
        var dLat = (lat2 - lat1) * rad;
        var dLon = (lon2 - lon1) * rad;
        var a = (Math.Sin(dLat / 2) * Math.Sin(dLat / 2)) + (Math.Cos(lat1 * rad) * Math.Cos(lat2 * rad) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2));
        return 2 * MeanRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
