using Waymark.Core.Anpr;

namespace Waymark.Core.Tests.Anpr;

/// <summary>
/// Formats as published by the DVLA (INF104, "Vehicle registration numbers and number plates") and the DVA for Northern
/// Ireland; the examples are the formats' own published examples (BD51 SMR is INF104's) and real marks of each era.
/// </summary>
public sealed class VrmTests
{
    [Theory]
    [InlineData("BD51 SMR", "BD51SMR", PlateFormat.Current)]      // INF104's example: Birmingham, September 2001
    [InlineData("ab12 cde", "AB12CDE", PlateFormat.Current)]      // DOMAIN.md's pattern, typed in lower case
    [InlineData("LV25 XYZ", "LV25XYZ", PlateFormat.Current)]      // March 2025
    [InlineData("YK75-ABC", "YK75ABC", PlateFormat.Current)]      // September 2025 (+50), hyphenated by a camera
    [InlineData("A123 BCD", "A123BCD", PlateFormat.Prefix)]       // 1983–84
    [InlineData("R7 ABC", "R7ABC", PlateFormat.Prefix)]           // one digit
    [InlineData("ABC 123D", "ABC123D", PlateFormat.Suffix)]       // 1966–67
    [InlineData("XYZ 1A", "XYZ1A", PlateFormat.Suffix)]           // 1963
    [InlineData("ABC 123", "ABC123", PlateFormat.Dateless)]       // pre-1963 letters then digits
    [InlineData("1234 AB", "1234AB", PlateFormat.Dateless)]       // pre-1963 digits then letters
    [InlineData("A 1", "A1", PlateFormat.Dateless)]               // the shortest marks
    [InlineData("ABZ 1234", "ABZ1234", PlateFormat.NorthernIreland)] // DVA's pattern: serial letter + county code + 4 digits
    [InlineData("RIB 4477", "RIB4477", PlateFormat.NorthernIreland)] // IB: Armagh
    [InlineData("OI 2", "OI2", PlateFormat.NorthernIreland)]       // Belfast, a lone code
    [InlineData("KZ 95", "KZ95", PlateFormat.NorthernIreland)]     // Antrim
    public void UkPlates_AreNormalisedAndRecognised(string asRead, string normal, PlateFormat format)
    {
        Assert.Equal(normal, Vrm.Normalise(asRead));
        Assert.Equal(format, Vrm.Recognise(normal));
    }

    [Theory]
    [InlineData("AB01 CDE")] // 01 was never issued: September 2001 began at 51
    [InlineData("AB50 CDE")] // 50 would be September 2000, before the format began
    [InlineData("AB00 CDE")] // 00 likewise (March 2000)
    [InlineData("QB12 CDE")] // Q is never a memory-tag letter (it marks vehicles of unknown age)
    [InlineData("AB12 CQE")] // I and Q are never random letters
    [InlineData("I123 ABC")] // I is never an age letter
    [InlineData("ABC 123U")] // nor U (suffix)
    [InlineData("ABC 0123")] // digits never start with 0
    public void LookAlikes_AreNotTakenForUkFormats(string asRead)
    {
        var normal = Vrm.Normalise(asRead)!;
        Assert.NotEqual(PlateFormat.Current, Vrm.Recognise(normal));
        Assert.NotEqual(PlateFormat.Prefix, Vrm.Recognise(normal));
        Assert.NotEqual(PlateFormat.Suffix, Vrm.Recognise(normal));
    }

    [Theory]
    [InlineData("B-MW 1234", "BMW1234")]   // German: district, letters, digits
    [InlineData("AA-123-AA", "AA123AA")]   // French SIV
    [InlineData("1ABC234", "1ABC234")]     // Swedish-style mixed
    [InlineData("ÖBB 1", "ÖBB1")]          // kept as read, upper-cased, accents and all
    public void ForeignPlates_AreKeptAsRead(string asRead, string normal)
    {
        Assert.Equal(normal, Vrm.Normalise(asRead));
        Assert.Equal(PlateFormat.Foreign, Vrm.Recognise(normal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("AB12 C?E")]      // OCR could not read a character
    [InlineData("AB12.CDE")]
    [InlineData("ABCDEFGHIJK")]   // 11 characters
    [InlineData(null)]
    public void MalformedPlates_AreRefused(string? asRead)
    {
        Assert.Null(Vrm.Normalise(asRead));
    }

    [Fact]
    public void SpanNormalise_WritesIntoTheCallersBuffer()
    {
        Span<char> buffer = stackalloc char[Vrm.MaxLength];
        var n = Vrm.Normalise(" yk75 abc ", buffer);
        Assert.Equal("YK75ABC", new string(buffer[..n]));
        Assert.Equal(-1, Vrm.Normalise("YK75 AB!", buffer));
    }
}
