using System.Net;
using Waymark.Server.Tests.Infrastructure;

namespace Waymark.Server.Tests.Analytics;

public sealed class CityOfLondonFactory : WaymarkFactory
{
    protected override async Task SeedAsync()
    {
        var police = await LoginAsync(PoliceAnalyst);
        var content = new StringContent(await File.ReadAllTextAsync(TestData("policeuk", "2021-08-city-of-london-street.csv")), System.Text.Encoding.UTF8, "text/csv");
        (await police.PostAsync("/api/imports/policeuk?fileName=city.csv", content)).EnsureSuccessStatusCode();
    }
}

public sealed class TrendEndpointsTests(CityOfLondonFactory factory) : IClassFixture<CityOfLondonFactory>
{
    [Fact]
    public async Task Trends_MonthlyCounts_MatchThePublishedFile()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var trends = await client.GetJsonAsync("/api/analytics/trends?from=2021-08-01T00:00:00Z&to=2021-08-31T23:59:59Z&asOf=2021-09-01T00:00:00Z");

        // City of London, August 2021, as data.police.uk published it (README beside the file).
        var expected = new Dictionary<string, int>
        {
            ["violent-crime"] = 90, ["anti-social-behaviour"] = 85, ["other-theft"] = 83, ["theft-from-the-person"] = 82,
            ["shoplifting"] = 67, ["drugs"] = 56, ["public-order"] = 45, ["criminal-damage-arson"] = 30, ["bicycle-theft"] = 23,
            ["burglary"] = 22, ["vehicle-crime"] = 17, ["other-crime"] = 13, ["robbery"] = 9, ["possession-of-weapons"] = 6,
        };
        var months = trends["months"]!.AsArray();
        Assert.All(months, m => Assert.Equal("2021-08", (string)m!["month"]!));
        Assert.Equal(expected, months.ToDictionary(m => (string)m!["category"]!, m => (int)m!["count"]!));
        Assert.Equal(628, (int)trends["crimes"]!);

        // Outcomes: August 2021 read on 1 September is within the three-month lag, so flagged as incomplete.
        var outcomes = trends["outcomeRates"]!.AsArray();
        Assert.All(outcomes, o => Assert.True((bool)o!["notYetComplete"]!));
    }

    [Fact]
    public async Task Trends_YearToDate_ComparesWithTheSamePeriodLastYear()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var trends = await client.GetJsonAsync("/api/analytics/trends?asOf=2021-09-01T00:00:00Z");
        var total = trends["yearToDate"]!["total"]!;
        Assert.Equal(628, (int)total["current"]!);
        Assert.Equal(0, (int)total["previous"]!);
        Assert.True((bool)total["significant"]!);
        Assert.Null(total["percentChange"]);
    }

    [Fact]
    public async Task Series_PairsAreScoredAndNamed()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        var series = await client.GetJsonAsync("/api/analytics/series?category=bicycle-theft&maxPairs=5");
        var pairs = series["pairs"]!.AsArray();
        Assert.InRange(pairs.Count, 1, 5);
        Assert.All(pairs, p => Assert.InRange((double)p!["score"]!, 0, 1));
        Assert.StartsWith("PUK-", (string)pairs[0]!["firstReference"]!, StringComparison.Ordinal);
        var scores = pairs.Select(p => (double)p!["score"]!).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
    }

    [Fact]
    public async Task Trends_BadFilter_Is400()
    {
        var client = await factory.LoginAsync(WaymarkFactory.RailAnalyst);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/analytics/trends?category=nonsense")).StatusCode);
    }
}
