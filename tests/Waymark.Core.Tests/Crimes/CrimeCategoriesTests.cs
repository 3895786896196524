using Waymark.Core.Crimes;

namespace Waymark.Core.Tests.Crimes;

public sealed class CrimeCategoriesTests
{
    [Theory]
    [InlineData("Violence and sexual offences", "violent-crime")]
    [InlineData("Anti-social behaviour", "anti-social-behaviour")]
    [InlineData("Criminal damage and arson", "criminal-damage-arson")]
    [InlineData("Theft from the person", "theft-from-the-person")]
    [InlineData("Possession of weapons", "possession-of-weapons")]
    public void PoliceUkNames_MapToPoliceUkApiSlugs(string name, string slug)
    {
        Assert.True(CrimeCategories.TryFromPoliceUkName(name, out var category));
        Assert.Equal(slug, category.Slug);
    }

    [Fact]
    public void TheFourteenPoliceUkCategories_ArePresent()
    {
        Assert.Equal(14, CrimeCategories.All.Count(c => c.IsPoliceUk));
        Assert.All(CrimeCategories.All, c => Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", c.Slug));
        Assert.Equal(CrimeCategories.All.Count, CrimeCategories.All.Select(c => c.Slug).Distinct().Count());
    }

    [Fact]
    public void FilterOnAPoliceUkGroup_IncludesItsFinerCategories()
    {
        var burglary = CrimeCategories.Expand("burglary").ToList();
        Assert.Equal(["burglary", "burglary-residential", "burglary-business"], burglary);
        Assert.Equal(["burglary-residential"], CrimeCategories.Expand("burglary-residential"));
        Assert.Contains("metal-theft-rail-signalling-cable", CrimeCategories.Expand("other-theft"));
    }

    [Fact]
    public void MetalTheftCategories_CarryTheirSector()
    {
        Assert.True(CrimeCategories.TryGet("metal-theft-substation-earthing", out var c));
        Assert.Equal(Sector.Power, c.Sector);
        Assert.True(CrimeCategories.TryGet("metal-theft-heritage-lead-roof", out c));
        Assert.Equal(Sector.Heritage, c.Sector);
    }
}
