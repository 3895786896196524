using Waymark.Core.Marking;

namespace Waymark.Core.Tests.Marking;

public sealed class MarkingCodeTests
{
    [Fact]
    public void Issue_WritesPrefixBase36SerialAndCheck()
    {
        // Serial 46,655 is ZZZ in base 36; the check character over "MET1000ZZZ" computed by hand with ISO 7064's
        // recursive method is the one the published-example test above validates the algorithm for.
        var code = MarkingCode.Issue("met1", 46_655);
        Assert.Equal("MET1000ZZZ", code.Value[..10]);
        Assert.Equal(Mod37_36.CheckCharacter("MET1000ZZZ"), code.Check);
        Assert.Equal($"MET1-000ZZZ-{code.Check}", code.Display);
        Assert.Equal(46_655, code.Serial);
        Assert.Equal("MET1", code.Prefix);
        Assert.Equal(MarkingCode.MaxSerial, MarkingCode.Issue("MET1", MarkingCode.MaxSerial).Serial);
    }

    [Fact]
    public void TryParse_AcceptsTypedFormsAndRejectsBadCheck()
    {
        var code = MarkingCode.Issue("LNC2", 1234);
        Assert.True(MarkingCode.TryParse(code.Display.ToLowerInvariant(), out var a));
        Assert.Equal(code, a);
        Assert.True(MarkingCode.TryParse(" " + code.Value[..4] + " " + code.Value[4..] + " ", out var b));
        Assert.Equal(code, b);

        var wrongCheck = code.Value[..10] + (code.Check == 'A' ? 'B' : 'A');
        Assert.False(MarkingCode.TryParse(wrongCheck, out _));
        Assert.False(MarkingCode.TryParse("1ET1000ZZZ" + Mod37_36.CheckCharacter("1ET1000ZZZ"), out _)); // prefix starts with a letter
        Assert.False(MarkingCode.TryParse("MET1-000ZZ", out _));
        Assert.Throws<ArgumentException>(() => MarkingCode.Issue("ME-1", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MarkingCode.Issue("MET1", MarkingCode.MaxSerial + 1));
    }

    [Fact]
    public void NearbyValidCodes_ContainTheIntendedCodeAfterOneSlip()
    {
        var intended = MarkingCode.Issue("MET1", 40_321);
        var s = intended.Value.ToCharArray();
        s[6] = s[6] == '7' ? '8' : '7'; // one character mistyped
        var typo = new string(s);
        Assert.False(MarkingCode.TryParse(typo, out _));
        var nearby = MarkingCode.NearbyValidCodes(typo);
        Assert.Contains(intended, nearby);
        Assert.All(nearby, c => Assert.True(Mod37_36.IsValid(c.Value)));

        var swapped = intended.Value[..2] + intended.Value[3] + intended.Value[2] + intended.Value[4..];
        if (swapped != intended.Value)
        {
            Assert.Contains(intended, MarkingCode.NearbyValidCodes(swapped));
        }
    }
}
