using Waymark.Core.Geo;
using Xunit;

namespace Waymark.Core.Tests.Geo;

public class GeoAreaTests
{
    [Theory]
    // Great Britain, including the far islands.
    [InlineData("London", 51.5074, -0.1278, Jurisdiction.GreatBritain)]
    [InlineData("Penzance", 50.1186, -5.5372, Jurisdiction.GreatBritain)]
    [InlineData("Lerwick, Shetland", 60.1546, -1.1494, Jurisdiction.GreatBritain)]
    [InlineData("Kirkwall, Orkney", 58.9810, -2.9600, Jurisdiction.GreatBritain)]
    [InlineData("Hugh Town, St Mary's, Scilly", 49.9146, -6.3135, Jurisdiction.GreatBritain)]
    [InlineData("Edinburgh", 55.9533, -3.1883, Jurisdiction.GreatBritain)]
    [InlineData("Cardiff", 51.4816, -3.1791, Jurisdiction.GreatBritain)]
    [InlineData("Stornoway, Lewis", 58.2090, -6.3870, Jurisdiction.GreatBritain)]
    [InlineData("Holyhead, Anglesey", 53.3094, -4.6330, Jurisdiction.GreatBritain)]
    [InlineData("Portpatrick", 54.8430, -5.1170, Jurisdiction.GreatBritain)]
    [InlineData("Dover", 51.1279, 1.3134, Jurisdiction.GreatBritain)]
    [InlineData("Berwick-upon-Tweed", 55.7700, -2.0054, Jurisdiction.GreatBritain)]
    [InlineData("Wick", 58.4390, -3.0930, Jurisdiction.GreatBritain)]
    // Northern Ireland.
    [InlineData("Belfast", 54.5973, -5.9301, Jurisdiction.NorthernIreland)]
    [InlineData("Derry/Londonderry", 54.9966, -7.3086, Jurisdiction.NorthernIreland)]
    [InlineData("Enniskillen", 54.3438, -7.6315, Jurisdiction.NorthernIreland)]
    [InlineData("Newry", 54.1751, -6.3402, Jurisdiction.NorthernIreland)]
    [InlineData("Ballycastle", 55.2043, -6.2410, Jurisdiction.NorthernIreland)]
    [InlineData("Strabane", 54.8270, -7.4630, Jurisdiction.NorthernIreland)]
    [InlineData("Omagh", 54.5977, -7.3099, Jurisdiction.NorthernIreland)]
    [InlineData("Armagh", 54.3503, -6.6528, Jurisdiction.NorthernIreland)]
    [InlineData("Donaghadee", 54.6420, -5.5350, Jurisdiction.NorthernIreland)]
    // Outside: the Republic of Ireland, Crown dependencies, the Continent, the sea.
    [InlineData("Dublin", 53.3498, -6.2603, Jurisdiction.Outside)]
    [InlineData("Letterkenny", 54.9503, -7.7338, Jurisdiction.Outside)]
    [InlineData("Dundalk", 54.0090, -6.4049, Jurisdiction.Outside)]
    [InlineData("Monaghan", 54.2492, -6.9683, Jurisdiction.Outside)]
    [InlineData("Buncrana, Inishowen", 55.1330, -7.4530, Jurisdiction.Outside)]
    [InlineData("Douglas, Isle of Man", 54.1523, -4.4861, Jurisdiction.Outside)]
    [InlineData("Ramsey, Isle of Man", 54.3220, -4.3830, Jurisdiction.Outside)]
    [InlineData("St Helier, Jersey", 49.1858, -2.1100, Jurisdiction.Outside)]
    [InlineData("St Peter Port, Guernsey", 49.4550, -2.5360, Jurisdiction.Outside)]
    [InlineData("Paris", 48.8566, 2.3522, Jurisdiction.Outside)]
    [InlineData("Calais", 50.9513, 1.8587, Jurisdiction.Outside)]
    [InlineData("North Sea", 56.0, 3.0, Jurisdiction.Outside)]
    [InlineData("Atlantic west of Ireland", 53.0, -12.0, Jurisdiction.Outside)]
    public void Classify_RealPlaces_GivesTheirJurisdiction(string place, double latitude, double longitude, Jurisdiction expected)
    {
        Assert.True(expected == GeoArea.Classify(latitude, longitude), place);
    }

    [Theory]
    [InlineData(double.NaN, -1.0)]
    [InlineData(52.0, double.NaN)]
    [InlineData(double.PositiveInfinity, -1.0)]
    public void Classify_NotANumber_IsOutside(double latitude, double longitude)
    {
        Assert.Equal(Jurisdiction.Outside, GeoArea.Classify(latitude, longitude));
    }

    [Fact]
    public void Classify_OsTestPoints_AreGreatBritainExceptTheTwoOnTheIsleOfMan()
    {
        // OS's OSTN15 test points span Great Britain from Scilly to Shetland, St Kilda and North
        // Rona included; TP21 and TP23 lie on the Isle of Man, which OSTN15 covers but which
        // is not part of the UK.
        var isleOfMan = new HashSet<string>(StringComparer.Ordinal) { "TP21", "TP23" };
        int checkedPoints = 0;
        foreach (var (id, latitude, longitude) in OsTestFiles.EtrsToOsgbInput())
        {
            Jurisdiction expected = isleOfMan.Contains(id) ? Jurisdiction.Outside : Jurisdiction.GreatBritain;
            Assert.True(expected == GeoArea.Classify(latitude, longitude), id);
            checkedPoints++;
        }

        Assert.Equal(40, checkedPoints);
    }

    [Fact]
    public void GreatBritainOutline_LiesWithinTheOstn15Cover()
    {
        foreach (var (latitude, longitude) in GeoArea.GreatBritainOutline)
        {
            Assert.True(Ostn15.TryToBng(latitude, longitude, out _), $"{latitude}, {longitude}");
        }
    }

    [Fact]
    public void Outlines_DoNotOverlap()
    {
        // Sample the whole region every 0.02° (about 2 km); no position may be in both.
        int insideGreatBritain = 0;
        int insideNorthernIreland = 0;
        for (double latitude = 49.5; latitude <= 61.5; latitude += 0.02)
        {
            for (double longitude = -9.0; longitude <= 2.5; longitude += 0.02)
            {
                bool gb = GeoArea.PolygonContains(GeoArea.GreatBritainOutline, latitude, longitude);
                bool ni = GeoArea.PolygonContains(GeoArea.NorthernIrelandOutline, latitude, longitude);
                Assert.False(gb && ni, $"{latitude}, {longitude} is in both outlines");
                insideGreatBritain += gb ? 1 : 0;
                insideNorthernIreland += ni ? 1 : 0;
            }
        }

        Assert.True(insideGreatBritain > 10_000, $"{insideGreatBritain} samples in Great Britain");
        Assert.True(insideNorthernIreland > 500, $"{insideNorthernIreland} samples in Northern Ireland");
    }

    [Fact]
    public void PolygonContains_Square_InsideAndOutside()
    {
        (double, double)[] square = [(0, 0), (0, 1), (1, 1), (1, 0)];

        Assert.True(GeoArea.PolygonContains(square, 0.5, 0.5));
        Assert.False(GeoArea.PolygonContains(square, 1.5, 0.5));
        Assert.False(GeoArea.PolygonContains(square, 0.5, -0.5));
        Assert.Throws<ArgumentException>(() => GeoArea.PolygonContains(square[..2], 0.5, 0.5));
    }
}
