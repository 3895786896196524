using Waymark.Core.Analytics.Trends;
using Waymark.Core.Geo;

namespace Waymark.Server.Features.ScrapMetal;

/// <summary>Positions and dates for the metal trade: the Act covers England and Wales, so places must be in Great Britain.</summary>
public static class ScrapPlaces
{
    /// <summary>British National Grid metres of a WGS84 position in Great Britain, or the reason it is refused.</summary>
    public static string? TryBng(double latitude, double longitude, out double easting, out double northing)
    {
        easting = northing = 0;
        if (double.IsNaN(latitude) || double.IsNaN(longitude) || latitude is < -90 or > 90 || longitude is < -180 or > 180)
        {
            return "is not a valid WGS84 latitude/longitude.";
        }

        if (GeoArea.Classify(latitude, longitude) != Jurisdiction.GreatBritain || !Ostn15.TryToBng(latitude, longitude, out var bng))
        {
            return "lies outside Great Britain (the Scrap Metal Dealers Act 2013 covers England and Wales).";
        }

        easting = Math.Round(bng.Easting, 1);
        northing = Math.Round(bng.Northing, 1);
        return null;
    }

    /// <summary>The UK calendar date (Europe/London) of a UTC instant: the Act's "within three months" and licence dates are civil dates.</summary>
    public static DateOnly UkDate(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), UkTime.London));

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
