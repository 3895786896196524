using Waymark.Core.Geo;
using Xunit;

namespace Waymark.Core.Tests.Geo;

public class BngPointTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(700_000, 1_250_000)]
    [InlineData(530624.974, 178388.464)]
    public void Create_InRange_KeepsTheValues(double easting, double northing)
    {
        BngPoint point = BngPoint.Create(easting, northing);

        Assert.Equal(easting, point.Easting);
        Assert.Equal(northing, point.Northing);
    }

    [Theory]
    [InlineData(-0.001, 100)]
    [InlineData(700_000.001, 100)]
    [InlineData(100, -0.001)]
    [InlineData(100, 1_250_000.001)]
    [InlineData(double.NaN, 100)]
    [InlineData(100, double.NaN)]
    [InlineData(double.PositiveInfinity, 100)]
    [InlineData(100, double.NegativeInfinity)]
    public void Create_OutOfRangeOrNotANumber_Throws(double easting, double northing)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BngPoint.Create(easting, northing));
        Assert.False(BngPoint.TryCreate(easting, northing, out BngPoint point));
        Assert.Equal(default, point);
    }

    [Fact]
    public void TryCreate_InRange_ReturnsThePoint()
    {
        Assert.True(BngPoint.TryCreate(1, 2, out BngPoint point));
        Assert.Equal(BngPoint.Create(1, 2), point);
    }

    [Theory]
    [InlineData(530624.974, 178388.464, 1000, "1000:530:178")]
    [InlineData(530624.974, 178388.464, 100, "100:5306:1783")]
    [InlineData(530624.974, 178388.464, 10_000, "10000:53:17")]
    [InlineData(530624.974, 178388.464, 1, "1:530624:178388")]
    [InlineData(530624.974, 178388.464, 250, "250:2122:713")]
    [InlineData(0, 0, 1000, "1000:0:0")]
    [InlineData(999.999, 1999.999, 1000, "1000:0:1")]
    [InlineData(1000, 2000, 1000, "1000:1:2")] // south-west edges belong to the cell
    [InlineData(700_000, 1_250_000, 1000, "1000:700:1250")]
    public void GridCellKey_GivesSizeColumnAndRow(double easting, double northing, int size, string expected)
    {
        Assert.Equal(expected, BngPoint.Create(easting, northing).GridCellKey(size));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1000)]
    public void GridCellKey_NonPositiveSize_Throws(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BngPoint.Create(1, 1).GridCellKey(size));
    }

    [Fact]
    public void Equality_IsByValue()
    {
        Assert.Equal(BngPoint.Create(10, 20), BngPoint.Create(10, 20));
        Assert.NotEqual(BngPoint.Create(10, 20), BngPoint.Create(20, 10));
        Assert.Equal(BngPoint.Create(0, 0), default);
    }
}
