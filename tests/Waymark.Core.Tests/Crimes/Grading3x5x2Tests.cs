using Waymark.Core.Crimes;

namespace Waymark.Core.Tests.Crimes;

public sealed class Grading3x5x2Tests
{
    [Theory]
    [InlineData("1AP", 1, 'A', 'P')]
    [InlineData("3ep", 3, 'E', 'P')]
    [InlineData("2DP", 2, 'D', 'P')]
    public void Parse_ValidCodes(string code, int source, char intelligence, char handling)
    {
        var grading = Grading3x5x2.Parse(code);
        Assert.Equal((source, intelligence, handling), (grading.Source, grading.Intelligence, grading.Handling));
        Assert.Equal(code.ToUpperInvariant(), grading.ToString());
    }

    [Theory]
    [InlineData("4AP")]
    [InlineData("1FP")]
    [InlineData("1AX")]
    [InlineData("1A")]
    [InlineData("AP1")]
    public void Parse_InvalidCodes_AreRefused(string code) =>
        Assert.ThrowsAny<Exception>(() => Grading3x5x2.Parse(code));

    [Fact]
    public void HandlingC_NeedsItsConditions_AndPCarriesNone()
    {
        Assert.Throws<ArgumentException>(() => Grading3x5x2.Parse("2BC"));
        Assert.Equal("Not to be shared outside BTP", Grading3x5x2.Parse("2BC", " Not to be shared outside BTP ").Conditions);
        Assert.Throws<ArgumentException>(() => Grading3x5x2.Parse("1AP", "conditions"));
    }
}
