using System.Buffers.Binary;
using System.IO.Compression;

namespace Waymark.Core.Analytics.Surfaces;

/// <summary>An 8-bit-per-channel colour with straight (not premultiplied) alpha; A = 0 is fully transparent.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
/// <param name="A">Alpha, 0–255.</param>
public readonly record struct RgbaColour(byte R, byte G, byte B, byte A);

/// <summary>
/// Renders a <see cref="GridRaster"/> as a PNG image for a map overlay: one pixel per cell, north at the top,
/// zero cells fully transparent and others on a transparent → yellow → red ramp.
/// </summary>
/// <remarks>
/// The image carries no georeference: place it with the raster's <see cref="GridRaster.Extent"/> (British
/// National Grid, EPSG:27700, metres), which the caller sends separately. The encoder is a minimal, complete
/// PNG writer (W3C, Portable Network Graphics Specification, 2nd ed., 2003): the signature, an IHDR chunk
/// (8-bit RGBA, colour type 6, no interlace), one IDAT chunk holding the zlib stream of the scanlines, each
/// prefixed by filter type 1 (Sub), and IEND; every chunk ends with the CRC-32 of its type and data.
/// </remarks>
public static class PngOverlay
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Renders a raster.</summary>
    /// <param name="raster">The raster; row 0 (south) becomes the bottom of the image.</param>
    /// <param name="maxValue">Value shown as full red; larger values clip. Default: the raster's maximum.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException"><paramref name="maxValue"/> is not finite and positive.</exception>
    public static byte[] Render(GridRaster raster, double? maxValue = null)
    {
        ArgumentNullException.ThrowIfNull(raster);
        return Render(raster.Values, raster.Columns, raster.Rows, maxValue);
    }

    /// <summary>Renders row-major values whose row 0 is the southernmost (bottom) row.</summary>
    /// <param name="values">columns × rows values; zero, negative and NaN are transparent.</param>
    /// <param name="columns">Image width, pixels.</param>
    /// <param name="rows">Image height, pixels.</param>
    /// <param name="maxValue">Value shown as full red; default the largest value.</param>
    /// <returns>The PNG file's bytes.</returns>
    /// <exception cref="ArgumentException">A size mismatch, or <paramref name="maxValue"/> not finite and positive.</exception>
    public static byte[] Render(ReadOnlySpan<double> values, int columns, int rows, double? maxValue = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        if ((long)columns * rows != values.Length)
        {
            throw new ArgumentException(SurfaceGuards.Inv($"values has {values.Length} entries for a {columns} x {rows} image."), nameof(values));
        }

        long stride = 1 + (4L * columns);
        if (stride * rows > Array.MaxLength)
        {
            throw new ArgumentException(SurfaceGuards.Inv($"A {columns} x {rows} image is too large to encode."), nameof(values));
        }

        if (maxValue is { } m && !(double.IsFinite(m) && m > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(maxValue), m, "maxValue must be a finite, positive number.");
        }

        double max = maxValue ?? MaxOf(values);
        var scanlines = new byte[stride * rows];
        for (int imageRow = 0; imageRow < rows; imageRow++)
        {
            ReadOnlySpan<double> source = values.Slice((rows - 1 - imageRow) * columns, columns);
            Span<byte> line = scanlines.AsSpan((int)(imageRow * stride), (int)stride);
            line[0] = 1; // filter type 1, Sub: each byte minus the byte of the pixel to its left
            Span<byte> pixels = line[1..];
            for (int x = 0; x < columns; x++)
            {
                RgbaColour colour = ColourFor(source[x], max);
                pixels[4 * x] = colour.R;
                pixels[(4 * x) + 1] = colour.G;
                pixels[(4 * x) + 2] = colour.B;
                pixels[(4 * x) + 3] = colour.A;
            }

            for (int i = pixels.Length - 1; i >= 4; i--)
            {
                pixels[i] = (byte)(pixels[i] - pixels[i - 4]);
            }
        }

        return PngEncoder.Encode(scanlines, columns, rows);
    }

    /// <summary>
    /// The ramp: values ≤ 0 (and NaN) are transparent; otherwise t = min(value / max, 1) and the colour is
    /// yellow (255, 255, 0) with alpha rising linearly from 64 at t → 0 to 255 at t = 0.5, then fully opaque,
    /// its green falling linearly to red (255, 0, 0) at t = 1.
    /// </summary>
    /// <param name="value">The cell's value.</param>
    /// <param name="maxValue">The value shown as full red; when not positive every positive value is red.</param>
    /// <returns>The colour.</returns>
    public static RgbaColour ColourFor(double value, double maxValue)
    {
        if (!(value > 0))
        {
            return new RgbaColour(0, 0, 0, 0);
        }

        double t = maxValue > 0 ? Math.Min(value / maxValue, 1) : 1;
        if (t <= 0.5)
        {
            return new RgbaColour(255, 255, 0, (byte)Math.Round(64 + (191 * t / 0.5)));
        }

        return new RgbaColour(255, (byte)Math.Round(255 * (1 - t) / 0.5), 0, 255);
    }

    private static double MaxOf(ReadOnlySpan<double> values)
    {
        double max = 0;
        foreach (double v in values)
        {
            if (v > max)
            {
                max = v;
            }
        }

        return max;
    }
}

/// <summary>Writes PNG chunks and computes their CRC-32 (ISO 3309 / ITU-T V.42, reflected polynomial 0xEDB88320).</summary>
internal static class PngEncoder
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes already-filtered 8-bit RGBA scanlines (height × (1 + 4 × width) bytes).</summary>
    internal static byte[] Encode(byte[] scanlines, int width, int height)
    {
        byte[] compressed;
        using (var buffer = new MemoryStream())
        {
            using (var zlib = new ZLibStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(scanlines);
            }

            compressed = buffer.ToArray();
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;  // bit depth
        header[9] = 6;  // colour type: truecolour with alpha
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method 0 (adaptive, five filter types)
        header[12] = 0; // no interlace

        using var png = new MemoryStream(compressed.Length + 64);
        png.Write(PngOverlay.Signature);
        WriteChunk(png, "IHDR"u8, header);
        WriteChunk(png, "IDAT"u8, compressed);
        WriteChunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>CRC-32 with the standard table, as PNG's Annex D sample code computes it.</summary>
    internal static uint Crc32(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte b in first)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        foreach (byte b in second)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static void WriteChunk(MemoryStream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(type, data));
        png.Write(word);
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
