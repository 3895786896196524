using System.Globalization;

namespace Waymark.Core.Tests.Geo;

/// <summary>
/// Reads Ordnance Survey's published OSTN15/OSGM15 test files (copied unchanged into
/// TestData/ostn15 from the OSTN15 developer pack; see OSTN15_OSGM15_TestFiles_README.txt there).
/// All are comma-separated with one header line.
/// </summary>
internal static class OsTestFiles
{
    public static string PathOf(string fileName) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "ostn15", fileName);

    /// <summary>OSTN15_OSGM15_TestInput_ETRStoOSGB.txt: PointID, ETRS89 latitude, longitude, height.</summary>
    public static IReadOnlyList<(string Id, double Latitude, double Longitude)> EtrsToOsgbInput() =>
        Rows("OSTN15_OSGM15_TestInput_ETRStoOSGB.txt")
            .Select(f => (f[0], Number(f[1]), Number(f[2])))
            .ToList();

    /// <summary>
    /// OSTN15_OSGM15_TestOutput_ETRStoOSGB.txt: PointID, OSGBEast, OSGBNorth, ODNHeight,
    /// OSGBDatumFlag, then the four corner records and finally the interpolated shifts Se, Sn, Sg.
    /// A datum flag of 0 would mean "outside the model"; points missing from this file have no answer.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Easting, double Northing, int DatumFlag, double EastShift, double NorthShift)> EtrsToOsgbOutput() =>
        Rows("OSTN15_OSGM15_TestOutput_ETRStoOSGB.txt")
            .ToDictionary(
                f => f[0],
                f => (Number(f[1]), Number(f[2]), int.Parse(f[4], CultureInfo.InvariantCulture), Number(f[^3]), Number(f[^2])),
                StringComparer.Ordinal);

    /// <summary>OSTN15_OSGM15_TestInput_OSGBtoETRS.txt: PointID, OSGB36 easting, northing, height.</summary>
    public static IReadOnlyList<(string Id, double Easting, double Northing)> OsgbToEtrsInput() =>
        Rows("OSTN15_OSGM15_TestInput_OSGBtoETRS.txt")
            .Select(f => (f[0], Number(f[1]), Number(f[2])))
            .ToList();

    /// <summary>
    /// OSTN15_OSGM15_TestOutput_OSGBtoETRS.txt: for each point, numbered iteration lines then a
    /// line whose second field is "RESULT" giving ETRS89 latitude, longitude, height and the
    /// datum flag; only the RESULT lines are returned.
    /// </summary>
    public static IReadOnlyDictionary<string, (double Latitude, double Longitude, int DatumFlag)> OsgbToEtrsResults() =>
        Rows("OSTN15_OSGM15_TestOutput_OSGBtoETRS.txt")
            .Where(f => string.Equals(f[1], "RESULT", StringComparison.Ordinal))
            .ToDictionary(
                f => f[0],
                f => (Number(f[2]), Number(f[3]), int.Parse(f[5], CultureInfo.InvariantCulture)),
                StringComparer.Ordinal);

    private static IEnumerable<string[]> Rows(string fileName) =>
        File.ReadLines(PathOf(fileName))
            .Skip(1)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => line.Trim().Split(','));

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
