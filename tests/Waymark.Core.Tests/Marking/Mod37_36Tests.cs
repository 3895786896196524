using Waymark.Core.Marking;

namespace Waymark.Core.Tests.Marking;

public sealed class Mod37_36Tests
{
    // Published MOD 37,36 examples: the GRid Standard v2.1 identifier A1-2425G-ABC1234002-M, and two more GRids used by
    // ISO 7064 implementations' test suites (xbib standardnumber MOD3736Test).
    [Theory]
    [InlineData("A12425GABC1234002", 'M')]
    [InlineData("B159D8FA01240000", 'K')]
    [InlineData("188166C734200000", '3')]
    public void CheckCharacter_MatchesPublishedExamples(string body, char expected)
    {
        Assert.Equal(expected, Mod37_36.CheckCharacter(body));
        Assert.True(Mod37_36.IsValid(body + expected));
        Assert.Equal(1, Mod37_36.Checksum(body + expected));
    }

    [Fact]
    public void IsValid_CatchesEverySingleSubstitutionAndAdjacentTransposition()
    {
        const string valid = "A12425GABC1234002M";
        var chars = valid.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            foreach (var c in Mod37_36.Alphabet.Where(c => c != valid[i]))
            {
                chars[i] = c;
                Assert.False(Mod37_36.IsValid(new string(chars)), new string(chars));
            }

            chars[i] = valid[i];
        }

        for (var i = 0; i + 1 < chars.Length; i++)
        {
            if (chars[i] == chars[i + 1])
            {
                continue;
            }

            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
            Assert.False(Mod37_36.IsValid(new string(chars)), new string(chars));
            (chars[i], chars[i + 1]) = (chars[i + 1], chars[i]);
        }
    }
}
