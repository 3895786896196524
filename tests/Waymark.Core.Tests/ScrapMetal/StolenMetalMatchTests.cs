using Waymark.Core.ScrapMetal;

namespace Waymark.Core.Tests.ScrapMetal;

public sealed class StolenMetalMatchTests
{
    [Theory]
    [InlineData("copper signalling cable", new[] { "copper" })]
    [InlineData("Lead roof sheet", new[] { "lead" })]
    [InlineData("bronze plaque", new[] { "bronze" })]
    [InlineData("copper earth tape", new[] { "copper" })]
    [InlineData("stainless steel sink and steel girders", new[] { "stainless-steel", "steel" })]
    [InlineData("stainless steel sink", new[] { "stainless-steel" })]
    [InlineData("Catalytic converter (Toyota Prius)", new[] { "catalytic-converter" })]
    [InlineData("mixed brass/copper fittings", new[] { "copper", "brass" })]
    [InlineData("laptop", new string[0])]
    [InlineData("leader board", new string[0])] // "lead" only as a whole word
    public void Read_FindsTheMetalsNamedInAPropertyDescription(string text, string[] metals) =>
        Assert.Equal(metals, MetalTypes.Read(text));

    [Theory]
    [InlineData(220, 220, true)]
    [InlineData(220, 275, true)]   // 1.25 x 220 = 275: the weighing slack
    [InlineData(220, 275.1, false)]
    [InlineData(220, 44, true)]    // 0.2 x 220 = 44: a fifth of the haul
    [InlineData(220, 43.9, false)]
    public void Weight_ReceivedMayBeAShareOfTheStolen_NotMuchMore(double stolen, double received, bool consistent) =>
        Assert.Equal(consistent, new StolenMetalMatch().WeightConsistent(received, stolen));

    [Fact]
    public void Weight_UnknownStolenWeight_DoesNotRuleAMatchOut() =>
        Assert.True(new StolenMetalMatch().WeightConsistent(5_000, null));

    [Fact]
    public void Time_TheftMustEndWithinTheLookback_AndStartBeforeTheReceipt()
    {
        var match = new StolenMetalMatch { Lookback = TimeSpan.FromDays(14) };
        var received = new DateTime(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);
        Assert.True(match.TimeConsistent(received.AddDays(-3), received.AddDays(-2.9), received));
        Assert.True(match.TimeConsistent(received.AddDays(-14), received.AddDays(-14), received)); // exactly 14 days
        Assert.False(match.TimeConsistent(received.AddDays(-15), received.AddDays(-14).AddMinutes(-1), received));
        Assert.False(match.TimeConsistent(received.AddHours(1), received.AddHours(2), received)); // stolen after it was sold
    }

    [Fact]
    public void Distance_IsStraightLineOnTheGrid()
    {
        // A 3-4-5 triangle in kilometres.
        Assert.Equal(5_000, StolenMetalMatch.Distance(450_000, 400_000, 453_000, 404_000), 9);
        var match = new StolenMetalMatch { RadiusMetres = 5_000 };
        Assert.True(match.Near(450_000, 400_000, 453_000, 404_000));
        Assert.False(match.Near(450_000, 400_000, 453_000, 404_001));
    }
}

public sealed class NameKeyTests
{
    [Theory]
    [InlineData("Mr. John  O'Neill", "john oneill")]
    [InlineData("JOHN ONEILL", "john oneill")]
    [InlineData("Mary-Jane Smith", "mary jane smith")]
    [InlineData("Dr", "dr")] // a title alone is kept: it is all there is
    public void Of_IgnoresCaseTitlesAndPunctuation(string name, string key) => Assert.Equal(key, NameKey.Of(name));

    [Fact]
    public void Of_DoesNotMatchADifferentSpelling() => Assert.NotEqual(NameKey.Of("John O'Neil"), NameKey.Of("John O'Neill"));
}
