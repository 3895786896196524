using Waymark.Core.Anpr;

namespace Waymark.Server.Features.Anpr;

/// <summary>A stored read: the plate in normal form, when (UTC), which camera, and what the camera said about it.</summary>
public readonly record struct AnprRead(string Plate, DateTime At, int CameraId, PlateFormat Format, int? Confidence, int? Lane, string? ImageRef);

/// <summary>
/// A read accepted from a batch, before it is stored. The plate lives in the batch's shared character buffer
/// (<see cref="ReadBatch.Plates"/>), so a batch of 100,000 reads is two arrays, not 100,000 strings.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1051", Justification = "A mutable row in a large array, updated in place by ref on the hot path.")]
public struct IncomingRead
{
    /// <summary>Position in the request (0-based), as the response reports it.</summary>
    public int Index;
    public int CameraId;
    /// <summary>Read time, milliseconds since the Unix epoch (UTC).</summary>
    public long AtMs;
    public int PlateStart;
    public byte PlateLength;
    public PlateFormat Format;
    /// <summary>0–100, or -1 when not sent.</summary>
    public short Confidence;
    /// <summary>1-based lane, or 0 when not sent.</summary>
    public short Lane;
    public string? ImageRef;
    /// <summary>Set by the store: false when the same camera, time and plate were already stored.</summary>
    public bool Stored;
    /// <summary>Index into <see cref="ReadBatch.Hits"/> of this read's first hotlist hit, or -1.</summary>
    public int FirstHit;
}

/// <summary>The accepted reads of one request, with their plates in one buffer.</summary>
public sealed class ReadBatch
{
    public ReadBatch(int capacity)
    {
        Reads = new IncomingRead[Math.Max(capacity, 16)];
        Plates = new char[Reads.Length * 8];
    }

    public IncomingRead[] Reads { get; private set; }

    public char[] Plates { get; private set; }

    public int Count { get; private set; }

    private int _platesUsed;

    /// <summary>Hotlist hits found while parsing: (read index in <see cref="Reads"/>, entry).</summary>
    public List<(int Read, HotlistMatcher.Entry Entry)> Hits { get; } = [];

    public ReadOnlySpan<char> PlateOf(in IncomingRead read) => Plates.AsSpan(read.PlateStart, read.PlateLength);

    public string PlateString(in IncomingRead read) => new(PlateOf(read));

    /// <summary>Appends a read whose plate is <paramref name="plate"/>; returns its position in <see cref="Reads"/>.</summary>
    public int Add(IncomingRead read, ReadOnlySpan<char> plate)
    {
        if (Count == Reads.Length)
        {
            var bigger = new IncomingRead[Reads.Length * 2];
            Array.Copy(Reads, bigger, Count);
            Reads = bigger;
        }

        if (_platesUsed + plate.Length > Plates.Length)
        {
            var bigger = new char[Math.Max(Plates.Length * 2, _platesUsed + plate.Length)];
            Array.Copy(Plates, bigger, _platesUsed);
            Plates = bigger;
        }

        plate.CopyTo(Plates.AsSpan(_platesUsed));
        read.PlateStart = _platesUsed;
        read.PlateLength = (byte)plate.Length;
        read.FirstHit = -1;
        _platesUsed += plate.Length;
        Reads[Count] = read;
        return Count++;
    }
}
