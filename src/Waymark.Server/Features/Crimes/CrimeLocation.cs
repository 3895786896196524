using NetTopologySuite.Geometries;
using Waymark.Core.Geo;
using Waymark.Server.Data;

namespace Waymark.Server.Features.Crimes;

/// <summary>
/// Places a crime: checks that WGS84 latitude/longitude lie in Great Britain or Northern Ireland, then computes
/// British National Grid easting/northing with OSTN15 (Great Britain) or Irish Transverse Mercator (Northern Ireland,
/// where BNG does not apply), and the BNG grid cell keys used by indexed area queries.
/// </summary>
public static class CrimeLocation
{
    /// <summary>Sets the location fields of <paramref name="crime"/>; returns the reason when the point is refused.</summary>
    public static string? TryApply(Crime crime, double latitude, double longitude)
    {
        if (double.IsNaN(latitude) || latitude is < -90 or > 90 || double.IsNaN(longitude) || longitude is < -180 or > 180)
        {
            return "is not a valid WGS84 latitude/longitude";
        }

        switch (JurisdictionOf(latitude, longitude))
        {
            case Jurisdiction.GreatBritain when Ostn15.TryToBng(latitude, longitude, out var bng):
                Set(crime, latitude, longitude);
                crime.Easting = Math.Round(bng.Easting, 3);
                crime.Northing = Math.Round(bng.Northing, 3);
                crime.Cell100m = bng.GridCellKey(100);
                crime.Cell1km = bng.GridCellKey(1000);
                return null;
            case Jurisdiction.NorthernIreland:
                Set(crime, latitude, longitude);
                var itm = IrishGrid.ToItm(latitude, longitude);
                crime.ItmEasting = Math.Round(itm.Easting, 3);
                crime.ItmNorthing = Math.Round(itm.Northing, 3);
                return null;
            default:
                return $"({latitude:0.######}, {longitude:0.######}) lies outside Great Britain and Northern Ireland";
        }
    }

    /// <summary>Great Britain, Northern Ireland (generously near its land border, see below) or outside.</summary>
    public static Jurisdiction JurisdictionOf(double latitude, double longitude)
    {
        var jurisdiction = GeoArea.Classify(latitude, longitude);
        return jurisdiction == Jurisdiction.Outside && NearNorthernIrelandBorder.Covers(new Point(longitude, latitude))
            ? Jurisdiction.NorthernIreland
            : jurisdiction;
    }

    // GeoArea follows the Northern Ireland land border only to within a few kilometres, and police.uk snaps
    // crimes to points that can sit right on it. Rather than reject a PSNI crime in Strabane, positions within
    // about 8 km of the outline are taken as Northern Ireland; the price is accepting a few points just across
    // the border (Lifford, Dundalk), which the force that records them knows better than a coarse polygon.
    private static readonly NetTopologySuite.Geometries.Prepared.IPreparedGeometry NearNorthernIrelandBorder =
        NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(
            new GeometryFactory().CreatePolygon(GeoArea.NorthernIrelandOutline
                .Select(p => new Coordinate(p.Longitude, p.Latitude))
                .Append(new Coordinate(GeoArea.NorthernIrelandOutline[0].Longitude, GeoArea.NorthernIrelandOutline[0].Latitude))
                .ToArray()).Buffer(0.08));

    /// <summary>Accepts a British National Grid position and derives WGS84 from it.</summary>
    public static string? TryApplyBng(Crime crime, double easting, double northing)
    {
        if (!Ostn15.TryToWgs84(easting, northing, out var lat, out var lon))
        {
            return $"({easting:0.###}, {northing:0.###}) lies outside the OSTN15 cover of Great Britain";
        }

        return TryApply(crime, lat, lon);
    }

    public static void Clear(Crime crime)
    {
        crime.Latitude = crime.Longitude = crime.Easting = crime.Northing = crime.ItmEasting = crime.ItmNorthing = null;
        crime.Cell100m = crime.Cell1km = null;
    }

    private static void Set(Crime crime, double latitude, double longitude)
    {
        Clear(crime);
        crime.Latitude = Math.Round(latitude, 7);
        crime.Longitude = Math.Round(longitude, 7);
    }
}
