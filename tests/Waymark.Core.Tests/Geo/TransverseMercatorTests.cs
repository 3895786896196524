using Waymark.Core.Geo;
using Xunit;

namespace Waymark.Core.Tests.Geo;

public class TransverseMercatorTests
{
    // Worked example in Ordnance Survey, "A guide to coordinate systems in Great Britain",
    // Annex C (C.1 and C.2): 52°39'27.2531"N 1°43'4.5177"E on Airy 1830 with the National Grid
    // parameters is E 651 409.903 m, N 313 177.270 m (and back).
    private const double GuideLatitude = 52 + (39 / 60.0) + (27.2531 / 3600.0);
    private const double GuideLongitude = 1 + (43 / 60.0) + (4.5177 / 3600.0);
    private const double GuideEasting = 651409.903;
    private const double GuideNorthing = 313177.270;

    [Fact]
    public void Forward_OsGuideWorkedExample_MatchesWithin1mm()
    {
        (double easting, double northing) = TransverseMercator.NationalGridOnAiry1830.Forward(GuideLatitude, GuideLongitude);

        Assert.Equal(GuideEasting, easting, 0.001);
        Assert.Equal(GuideNorthing, northing, 0.001);
    }

    [Fact]
    public void Inverse_OsGuideWorkedExample_MatchesToTheGuidesPrecision()
    {
        (double latitude, double longitude) = TransverseMercator.NationalGridOnAiry1830.Inverse(GuideEasting, GuideNorthing);

        // The guide gives seconds to 4 decimals: 0.0001" is 2.8e-8 degrees, about 3 mm.
        Assert.Equal(GuideLatitude, latitude, 3e-8);
        Assert.Equal(GuideLongitude, longitude, 3e-8);
    }

    [Fact]
    public void NationalGridOnGrs80_PlusOsPublishedShifts_ReproducesOsGridCoordinatesWithin1mm()
    {
        // Isolates the projection from the shift grid: OS's test output lists the interpolated
        // shifts (Se, Sn) it applied, so projection + published shift must give OS's E and N.
        var inputs = OsTestFiles.EtrsToOsgbInput();
        var expected = OsTestFiles.EtrsToOsgbOutput();

        int checkedPoints = 0;
        foreach (var (id, latitude, longitude) in inputs)
        {
            var os = expected[id];
            (double x, double y) = TransverseMercator.NationalGridOnGrs80.Forward(latitude, longitude);
            Assert.True(Math.Abs(x + os.EastShift - os.Easting) <= 0.001, $"{id}: easting");
            Assert.True(Math.Abs(y + os.NorthShift - os.Northing) <= 0.001, $"{id}: northing");
            checkedPoints++;
        }

        Assert.Equal(40, checkedPoints);
    }

    [Theory]
    [InlineData(51.5, 0.0, 0.0001)]
    [InlineData(53.0, -2.0, 0.0001)]
    [InlineData(55.0, -4.5, 0.0005)]
    [InlineData(49.9, -6.4, 0.005)]
    [InlineData(57.8, -8.6, 0.005)]
    [InlineData(61.0, 3.5, 0.005)]
    public void Forward_OfInverse_ReturnsTheSameGridPosition(double latitude, double longitude, double toleranceMetres)
    {
        // The OS forward and inverse series are truncated differently, so they agree exactly
        // only near the central meridian (2°W): to about 4 mm at 6.6° away (St Kilda), as in
        // OS's own test data (see Ostn15Tests.RoundTrip_AcrossTheGrid_ReturnsWithin1cm).
        var projection = TransverseMercator.NationalGridOnGrs80;
        (double easting, double northing) = projection.Forward(latitude, longitude);
        (double lat2, double lon2) = projection.Inverse(easting, northing);
        (double easting2, double northing2) = projection.Forward(lat2, lon2);

        Assert.Equal(easting, easting2, toleranceMetres);
        Assert.Equal(northing, northing2, toleranceMetres);
    }

    [Fact]
    public void Forward_TrueOrigin_GivesFalseOrigin()
    {
        (double easting, double northing) = TransverseMercator.NationalGridOnAiry1830.Forward(49, -2);

        Assert.Equal(400000, easting, 1e-6);
        Assert.Equal(-100000, northing, 1e-6);
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(90.5, 0)]
    [InlineData(-91, 0)]
    [InlineData(50, double.PositiveInfinity)]
    [InlineData(50, 181)]
    public void Forward_InvalidPosition_Throws(double latitude, double longitude)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransverseMercator.NationalGridOnGrs80.Forward(latitude, longitude));
    }

    [Theory]
    [InlineData(double.NaN, 0)]
    [InlineData(0, double.NaN)]
    [InlineData(400000, 20_000_000)] // beyond the North Pole
    [InlineData(400000, -20_000_000)] // beyond the South Pole
    public void Inverse_InvalidGridPosition_Throws(double easting, double northing)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TransverseMercator.NationalGridOnGrs80.Inverse(easting, northing));
    }

    [Fact]
    public void Constructor_InvalidParameters_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransverseMercator(Ellipsoid.Grs80, 0, 49, -2, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransverseMercator(Ellipsoid.Grs80, 1, 90, -2, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransverseMercator(Ellipsoid.Grs80, 1, 49, 200, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ellipsoid(6356752, 6378137));
    }
}
