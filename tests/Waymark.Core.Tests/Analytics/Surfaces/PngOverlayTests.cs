using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Waymark.Core.Analytics.Surfaces;

namespace Waymark.Core.Tests.Analytics.Surfaces;

public class PngOverlayTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void TestCrc_MatchesTheStandardCheckValue()
    {
        // The CRC-32 check value of "123456789" (ISO 3309 / PNG Annex D).
        Assert.Equal(0xCBF43926u, Crc32(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Render_WritesAValidPng()
    {
        var raster = new GridRaster(0, 0, 100, 5, 3, new double[] { 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0 });

        byte[] png = PngOverlay.Render(raster);

        Assert.Equal(PngSignature, png[..8]);
        List<(string Type, byte[] Data)> chunks = ReadChunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        byte[] header = chunks[0].Data;
        Assert.Equal(13, header.Length);
        Assert.Equal(5u, BinaryPrimitives.ReadUInt32BigEndian(header));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 6, 0, 0, 0 }, header[8..]);
        Assert.Empty(chunks[2].Data);

        byte[] scanlines = Inflate(chunks[1].Data);
        Assert.Equal(3 * (1 + (5 * 4)), scanlines.Length);
    }

    [Fact]
    public void Render_PutsNorthAtTheTopWithTheRamp()
    {
        // Row 0 (south) holds 0 .. 4; row 2 (north) holds 8 in column 0.
        var raster = new GridRaster(0, 0, 100, 5, 3, new double[] { 0, 1, 2, 3, 4, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0 });

        byte[][] pixels = DecodeRgba(PngOverlay.Render(raster), 5, 3);

        Assert.Equal(new byte[] { 255, 0, 0, 255 }, Pixel(pixels, 0, 0));      // north-west: the maximum, red
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, Pixel(pixels, 1, 0));          // zero: transparent
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, Pixel(pixels, 0, 2));          // south-west: zero
        Assert.Equal(new byte[] { 255, 255, 0, 255 }, Pixel(pixels, 4, 2));    // 4 / 8 = 0.5: opaque yellow
        Assert.Equal(new byte[] { 255, 255, 0, 112 }, Pixel(pixels, 1, 2));    // 1 / 8: 64 + 191 × 0.25 = 111.75
        Assert.All(Enumerable.Range(0, 5), x => Assert.Equal(0, Pixel(pixels, x, 1)[3]));
    }

    [Fact]
    public void Render_WithMaxValue_Clips()
    {
        byte[][] pixels = DecodeRgba(PngOverlay.Render(new double[] { 1, 10 }, 2, 1, maxValue: 2), 2, 1);

        Assert.Equal(new byte[] { 255, 255, 0, 255 }, Pixel(pixels, 0, 0));
        Assert.Equal(new byte[] { 255, 0, 0, 255 }, Pixel(pixels, 1, 0));
    }

    [Fact]
    public void Render_LargeKernelDensity_RoundTrips()
    {
        var random = new Random(1);
        double[] e = [.. Enumerable.Range(0, 2_000).Select(_ => 100_000 + (random.NextDouble() * 5_000))];
        double[] n = [.. Enumerable.Range(0, 2_000).Select(_ => 200_000 + (random.NextDouble() * 3_000))];
        GridRaster raster = KernelDensity.Estimate(e, n, 25, 300).Raster;

        byte[] png = PngOverlay.Render(raster);

        List<(string Type, byte[] Data)> chunks = ReadChunks(png);
        Assert.Equal(raster.Rows * (1 + (raster.Columns * 4)), Inflate(chunks[1].Data).Length);
    }

    [Theory]
    [InlineData(0, 0, 0, 0, 0)]
    [InlineData(-1, 0, 0, 0, 0)]
    [InlineData(double.NaN, 0, 0, 0, 0)]
    [InlineData(10, 255, 255, 0, 255)]
    [InlineData(15, 255, 128, 0, 255)]
    [InlineData(20, 255, 0, 0, 255)]
    [InlineData(99, 255, 0, 0, 255)]
    public void ColourFor_FollowsTheRamp(double value, byte r, byte g, byte b, byte a)
    {
        Assert.Equal(new RgbaColour(r, g, b, a), PngOverlay.ColourFor(value, 20));
    }

    [Fact]
    public void Render_BadArguments_Throw()
    {
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => PngOverlay.Render(new double[] { 1, 2, 3 }, 2, 2)).ParamName);
        Assert.Equal("maxValue", Assert.Throws<ArgumentOutOfRangeException>(() => PngOverlay.Render(new double[] { 1 }, 1, 1, 0)).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => new GridRaster(0, 0, 10, 1, 1, new double[] { double.NaN })).ParamName);
    }

    private static byte[] Pixel(byte[][] rows, int x, int y) => rows[y][(4 * x)..((4 * x) + 4)];

    private static List<(string Type, byte[] Data)> ReadChunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        int offset = 8;
        while (offset < png.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset));
            byte[] typeAndData = png[(offset + 4)..(offset + 8 + length)];
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            Assert.Equal(Crc32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData, 0, 4), typeAndData[4..]));
            offset += 12 + length;
        }

        Assert.Equal(png.Length, offset);
        return chunks;
    }

    private static byte[] Inflate(byte[] zlib)
    {
        using var input = new MemoryStream(zlib);
        using var inflater = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflater.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Decodes the scanlines, undoing filter types 0 (None) and 1 (Sub).</summary>
    private static byte[][] DecodeRgba(byte[] png, int width, int height)
    {
        byte[] raw = Inflate(ReadChunks(png).Single(c => c.Type == "IDAT").Data);
        var rows = new byte[height][];
        int stride = 1 + (4 * width);
        for (int y = 0; y < height; y++)
        {
            byte filter = raw[y * stride];
            byte[] line = raw[((y * stride) + 1)..((y + 1) * stride)];
            Assert.True(filter is 0 or 1);
            if (filter == 1)
            {
                for (int i = 4; i < line.Length; i++)
                {
                    line[i] = (byte)(line[i] + line[i - 4]);
                }
            }

            rows[y] = line;
        }

        return rows;
    }

    /// <summary>An independent bitwise CRC-32 (reflected polynomial 0xEDB88320).</summary>
    private static uint Crc32(byte[] data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
