using Waymark.Core.Analytics.Linkage;

namespace Waymark.Core.Tests.Analytics.Linkage;

public class SeriesCandidatesTests
{
    private static readonly DateTimeOffset Day0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static LinkageCrime Crime(string id, double e, double n, double fromDay, double toDay, string category = "burglary-residential", params string[] tags) =>
        new(id, e, n, Day0.AddDays(fromDay), Day0.AddDays(toDay), category, tags);

    [Fact]
    public void Jaccard_HandComputed()
    {
        Assert.Equal(0.5, SeriesCandidates.Jaccard(["a", "b", "c"], ["b", "c", "d"]));     // 2 shared / 4 in all
        Assert.Equal(1.0 / 3, SeriesCandidates.Jaccard(["rear-entry", "glass-cut"], ["Rear-Entry ", "pry-bar"]), 15);
        Assert.Equal(1, SeriesCandidates.Jaccard(["x", "x"], ["X"]));
        Assert.Equal(0, SeriesCandidates.Jaccard(["x"], []));
        Assert.Equal(0, SeriesCandidates.Jaccard([], null));
        Assert.Equal(0, SeriesCandidates.Jaccard([" "], [""]));
    }

    [Fact]
    public void Score_HandComputed()
    {
        // 2 km at a 2 km scale and 14 days at a 14-day scale both score e⁻¹; MO 0.5:
        // 0.4 × 0.367879 + 0.3 × 0.367879 + 0.3 × 0.5 = 0.407516.
        Assert.Equal(0.407515608820010, SeriesCandidates.Score(2000, 14, 0.5), 12);
        Assert.Equal(1, SeriesCandidates.Score(0, 0, 1), 15);
        Assert.Equal(0.5, SeriesCandidates.Score(0, 0, 0, new SeriesCandidateOptions { DistanceWeight = 1, TimeWeight = 0, MoWeight = 1 }), 15);
    }

    [Fact]
    public void Gap_IsZeroForOverlappingWindows()
    {
        Assert.Equal(TimeSpan.Zero, SeriesCandidates.Gap(Day0, Day0.AddDays(3), Day0.AddDays(2), Day0.AddDays(5)));
        Assert.Equal(TimeSpan.FromDays(2), SeriesCandidates.Gap(Day0.AddDays(5), Day0.AddDays(6), Day0, Day0.AddDays(3)));
    }

    [Fact]
    public void Find_ScoresTheClosePairAndIgnoresTheFarCrime()
    {
        LinkageCrime[] crimes =
        [
            Crime("B", 531_000, 180_000, 7, 7.5, "burglary-business", "rear-entry", "pry-bar"),
            Crime("A", 530_000, 180_000, 0, 1, "burglary-residential", "rear-entry", "pry-bar", "glass-cut"),
            Crime("C", 545_000, 180_000, 2, 2, "burglary-residential", "rear-entry"),  // 15 km away
        ];

        CandidatePair pair = Assert.Single(SeriesCandidates.Find(crimes));

        Assert.Equal(("A", "B"), (pair.FirstId, pair.SecondId));
        Assert.Equal(1000, pair.DistanceMetres, 9);
        Assert.Equal(Math.Exp(-0.5), pair.DistanceScore, 12);
        Assert.Equal(6, pair.GapDays, 9);
        Assert.Equal(Math.Exp(-6.0 / 14), pair.TimeScore, 12);
        Assert.Equal(2.0 / 3, pair.MoSimilarity, 12);
        Assert.Equal(["pry-bar", "rear-entry"], pair.SharedMoTags);
        Assert.Equal("burglary", pair.CategoryGroup);
        Assert.Equal((0.4 * Math.Exp(-0.5)) + (0.3 * Math.Exp(-6.0 / 14)) + (0.3 * 2 / 3), pair.Score, 12);
    }

    [Fact]
    public void Find_KeepsToTheCategoryGroupUnlessToldNot()
    {
        LinkageCrime[] crimes =
        [
            Crime("A", 100_000, 100_000, 0, 0, "burglary"),
            Crime("B", 100_100, 100_000, 1, 1, "vehicle-crime"),
        ];

        Assert.Empty(SeriesCandidates.Find(crimes));
        Assert.Single(SeriesCandidates.Find(crimes, new SeriesCandidateOptions { SameCategoryGroupOnly = false }));
    }

    [Fact]
    public void Find_RespectsTheMaximumGapAndDistance()
    {
        LinkageCrime[] crimes =
        [
            Crime("A", 0, 0, 0, 0),
            Crime("B", 5_999, 0, 0, 0),   // within 6 km
            Crime("C", 0, 6_001, 0, 0),   // beyond
            Crime("D", 10, 10, 43, 43),   // 43 days after A: beyond 42
            Crime("E", 10, 10, -100, 1),  // a long window overlapping A
        ];

        IReadOnlyList<CandidatePair> pairs = SeriesCandidates.Find(crimes);

        string[] ids = [.. pairs.Select(p => p.FirstId + p.SecondId)];
        Assert.Contains("AB", ids);
        Assert.Contains("EA", ids);
        Assert.DoesNotContain(ids, id => id.Contains('C', StringComparison.Ordinal) && id.Contains('A', StringComparison.Ordinal));
        Assert.DoesNotContain("AD", ids);
        Assert.Equal(0, pairs.Single(p => p.FirstId == "E" && p.SecondId == "A").GapDays);
    }

    [Fact]
    public void Find_MatchesBruteForceOnRandomCrimes()
    {
        var random = new Random(17);
        string[] categories = ["burglary-residential", "burglary-business", "vehicle-crime", "robbery"];
        string[] tags = ["a", "b", "c", "d", "e"];
        LinkageCrime[] crimes =
        [
            .. Enumerable.Range(0, 800).Select(i =>
            {
                double from = random.NextDouble() * 365;
                return new LinkageCrime(
                    $"c{i:000}",
                    500_000 + (random.NextDouble() * 40_000),
                    200_000 + (random.NextDouble() * 40_000),
                    Day0.AddDays(from),
                    Day0.AddDays(from + (random.NextDouble() < 0.1 ? random.NextDouble() * 60 : random.NextDouble())),
                    categories[random.Next(categories.Length)],
                    [.. tags.Where(_ => random.NextDouble() < 0.4)]);
            }),
        ];
        var options = new SeriesCandidateOptions { MaxPairs = 1_000_000 };

        IReadOnlyList<CandidatePair> found = SeriesCandidates.Find(crimes, options);

        var expected = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < crimes.Length; i++)
        {
            for (int j = i + 1; j < crimes.Length; j++)
            {
                LinkageCrime a = crimes[i], b = crimes[j];
                double d = Math.Sqrt(Math.Pow(a.Easting - b.Easting, 2) + Math.Pow(a.Northing - b.Northing, 2));
                double gap = SeriesCandidates.Gap(a.OccurredFrom, a.OccurredTo, b.OccurredFrom, b.OccurredTo).TotalDays;
                if (d <= 6000 && gap <= 42 && SeriesCandidates.CategoryGroup(a.Category) == SeriesCandidates.CategoryGroup(b.Category))
                {
                    expected.Add(string.CompareOrdinal(a.Id, b.Id) < 0 ? a.Id + "|" + b.Id : b.Id + "|" + a.Id);
                }
            }
        }

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, found.Count);
        Assert.All(found, p => Assert.Contains(string.CompareOrdinal(p.FirstId, p.SecondId) < 0 ? p.FirstId + "|" + p.SecondId : p.SecondId + "|" + p.FirstId, expected));
        Assert.All(found, p => Assert.InRange(p.Score, 0, 1));
        for (int i = 1; i < found.Count; i++)
        {
            Assert.True(found[i - 1].Score >= found[i].Score);
        }

        // The top of a truncated search is the top of the full one.
        IReadOnlyList<CandidatePair> top = SeriesCandidates.Find(crimes, options with { MaxPairs = 10 });
        Assert.Equal(found.Take(10).Select(p => (p.FirstId, p.SecondId)), top.Select(p => (p.FirstId, p.SecondId)));
    }

    [Fact]
    public void Find_MinimumScoreFilters()
    {
        LinkageCrime[] crimes = [Crime("A", 0, 0, 0, 0), Crime("B", 5_000, 0, 30, 30)];

        Assert.Single(SeriesCandidates.Find(crimes));
        Assert.Empty(SeriesCandidates.Find(crimes, new SeriesCandidateOptions { MinimumScore = 0.5 }));
    }

    [Fact]
    public void BadInput_ThrowsNamingTheParameter()
    {
        Assert.Equal("crimes", Assert.Throws<ArgumentException>(() => SeriesCandidates.Find([Crime("A", double.NaN, 0, 0, 0)])).ParamName);
        Assert.Equal("crimes", Assert.Throws<ArgumentException>(() => SeriesCandidates.Find([Crime("A", 0, 0, 2, 1)])).ParamName);
        Assert.Equal("crimes", Assert.Throws<ArgumentException>(() => SeriesCandidates.Find([Crime("", 0, 0, 0, 0)])).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => SeriesCandidates.Find([], new SeriesCandidateOptions { DistanceScaleMetres = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => SeriesCandidates.Find([], new SeriesCandidateOptions { DistanceWeight = 0, TimeWeight = 0, MoWeight = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => SeriesCandidates.Find([], new SeriesCandidateOptions { MoWeight = -1 })).ParamName);
        Assert.Equal("distanceMetres", Assert.Throws<ArgumentOutOfRangeException>(() => SeriesCandidates.Score(-1, 0, 0)).ParamName);
    }
}
