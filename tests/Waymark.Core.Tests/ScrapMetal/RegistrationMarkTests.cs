using Waymark.Core.ScrapMetal;

namespace Waymark.Core.Tests.ScrapMetal;

public sealed class RegistrationMarkTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);

    [Theory]
    [InlineData("AB12 CDE", "AB12CDE", PlateFormat.Current, "AB12 CDE")]
    [InlineData("ab12cde", "AB12CDE", PlateFormat.Current, "AB12 CDE")]
    [InlineData("LR75 XYZ", "LR75XYZ", PlateFormat.Current, "LR75 XYZ")] // September 2025
    [InlineData("YK26 ABC", "YK26ABC", PlateFormat.Current, "YK26 ABC")] // March 2026
    [InlineData("A123 BCD", "A123BCD", PlateFormat.Prefix, "A123 BCD")]
    [InlineData("P7 RST", "P7RST", PlateFormat.Prefix, "P7 RST")]
    [InlineData("ABC 123D", "ABC123D", PlateFormat.Suffix, "ABC 123D")]
    [InlineData("KXP 9H", "KXP9H", PlateFormat.Suffix, "KXP 9H")]
    [InlineData("ABC 123", "ABC123", PlateFormat.Dateless, "ABC 123")]
    [InlineData("1 A", "1A", PlateFormat.Dateless, "1 A")]
    [InlineData("ABZ 1234", "ABZ1234", PlateFormat.NorthernIreland, "ABZ 1234")]
    [InlineData("IA 1", "IA1", PlateFormat.NorthernIreland, "IA 1")]
    [InlineData("OIZ-7781", "OIZ7781", PlateFormat.NorthernIreland, "OIZ 7781")]
    public void TryParse_PlausibleUkMarks_AreNormalisedAndClassified(string text, string value, PlateFormat format, string display)
    {
        Assert.True(RegistrationMark.TryParse(text, foreign: false, Today, out var mark, out var reason), reason);
        Assert.Equal(value, mark!.Value);
        Assert.Equal(format, mark.Format);
        Assert.Equal(display, mark.Display);
    }

    [Theory]
    [InlineData("AB27 CDE", "first issued on 1 March 2027")] // not issued until March 2027
    [InlineData("AB76 CDE", "first issued on 1 September 2026")] // 76 = September 2026: issued, see below
    [InlineData("AB77 CDE", "first issued on 1 September 2027")]
    [InlineData("AB50 CDE", "never been issued")]
    [InlineData("AB01 CDE", "never been issued")]
    [InlineData("QB12 CDE", "not a plausible UK registration")] // Q is never a memory-tag letter
    [InlineData("AB12 CDI", "not a plausible UK registration")] // I is never one of the random letters
    [InlineData("I123 BCD", "not a plausible UK registration")] // I is not a prefix year letter
    [InlineData("ABC 123U", "not a plausible UK registration")] // U is not a suffix year letter
    [InlineData("ABCD 12345", "not a plausible UK registration")]
    [InlineData("AB 0123", "not a plausible UK registration")] // no leading zero
    [InlineData("AB12-CD£", "not a plausible UK registration")]
    [InlineData("", "is empty")]
    public void TryParse_ImplausibleUkMarks_AreRefusedWithAReason(string text, string because)
    {
        var ok = RegistrationMark.TryParse(text, foreign: false, Today, out var mark, out var reason);
        if (text == "AB76 CDE")
        {
            // September 2026 plates were on sale from 1 September: plausible on 23 November 2026.
            Assert.True(ok, reason);
            Assert.Equal(PlateFormat.Current, mark!.Format);
            Assert.False(RegistrationMark.TryParse(text, foreign: false, new DateOnly(2026, 8, 31), out _, out reason));
            Assert.Contains(because, reason, StringComparison.Ordinal);
            return;
        }

        Assert.False(ok);
        Assert.Null(mark);
        Assert.Contains(because, reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WX 12345", true, "WX12345")] // a Polish plate
    [InlineData("B-MW 1234", true, "BMW1234")] // a German plate, hyphen dropped
    [InlineData("AB-123-CD", true, "AB123CD")] // French SIV
    [InlineData("X", false, null)]
    [InlineData("ABCDEFGHIJK", false, null)]
    [InlineData("AB*12", false, null)]
    public void TryParse_ForeignPlates_CheckOnlyTheCharacters(string text, bool ok, string? value)
    {
        Assert.Equal(ok, RegistrationMark.TryParse(text, foreign: true, Today, out var mark, out _));
        Assert.Equal(value, mark?.Value);
        if (ok)
        {
            Assert.Equal(PlateFormat.Foreign, mark!.Format);
        }
    }

    [Theory]
    [InlineData(2, 2002, 3)]
    [InlineData(49, 2049, 3)]
    [InlineData(51, 2001, 9)]
    [InlineData(75, 2025, 9)]
    public void AgeIdentifier_MarchIsTheYear_SeptemberAddsFifty(int age, int year, int month) =>
        Assert.Equal(new DateOnly(year, month, 1), RegistrationMark.AgeIdentifierIssued(age));
}
