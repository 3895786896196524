using Waymark.Core.Geo;
using Xunit;

namespace Waymark.Core.Tests.Geo;

public class IrishGridTests
{
    [Fact]
    public void ToItm_EpsgRegistryCentrePoint_MatchesPublishedValueWithin1cm()
    {
        // epsg.io/2157 (IRENET95 / Irish Transverse Mercator) publishes the centre of the CRS's
        // WGS84 bounds (51.39..55.43°N, 10.56..5.34°W), i.e. 53.41°N 7.95°W, as
        // "Center coordinates 603324.38 739986.43". Given to the centimetre, hence 1 cm.
        ItmPoint point = IrishGrid.ToItm(53.41, -7.95);

        Assert.Equal(603324.38, point.Easting, 0.01);
        Assert.Equal(739986.43, point.Northing, 0.01);
    }

    [Theory]
    // Reference values computed with PROJ 9.1.1 (Debian proj-bin):
    //   cs2cs EPSG:4258 EPSG:2157 -f %.4f
    // PROJ uses its exact (Poder/Engsager) Transverse Mercator, independent of the series here.
    [InlineData(54.59657, -5.93018, 733748.3826, 874002.2274)] // Belfast City Hall
    [InlineData(54.99740, -7.30930, 644195.2813, 916863.2189)] // Derry/Londonderry, Guildhall
    [InlineData(54.34380, -7.63180, 623941.2509, 843963.5284)] // Enniskillen
    [InlineData(55.0, -8.0, 600000.0000, 916934.3991)] // on the central meridian
    public void ToItm_NorthernIrelandPlaces_MatchProjWithin1mm(double latitude, double longitude, double easting, double northing)
    {
        ItmPoint point = IrishGrid.ToItm(latitude, longitude);

        Assert.Equal(easting, point.Easting, 0.001);
        Assert.Equal(northing, point.Northing, 0.001);
    }

    [Fact]
    public void ToItm_TrueOrigin_GivesFalseOrigin()
    {
        ItmPoint point = IrishGrid.ToItm(53.5, -8.0);

        Assert.Equal(600000, point.Easting, 1e-6);
        Assert.Equal(750000, point.Northing, 1e-6);
    }

    [Fact]
    public void ToWgs84_OfToItm_ReturnsTheSamePosition()
    {
        ItmPoint point = IrishGrid.ToItm(54.59657, -5.93018);
        (double latitude, double longitude) = IrishGrid.ToWgs84(point);

        Assert.Equal(54.59657, latitude, 1e-9);
        Assert.Equal(-5.93018, longitude, 1e-9);
    }

    [Theory]
    [InlineData(48.8566, 2.3522)] // Paris
    [InlineData(40.7, -74.0)] // New York
    [InlineData(double.NaN, -6.0)]
    [InlineData(54.5, double.NaN)]
    public void ToItm_FarFromIreland_Throws(double latitude, double longitude)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => IrishGrid.ToItm(latitude, longitude));
    }
}
