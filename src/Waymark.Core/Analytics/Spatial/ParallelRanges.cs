using System.Collections.Concurrent;

namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// Runs a loop body over contiguous index ranges, in parallel only when there is enough work to
/// pay for it. Work is split into fixed ranges, so any result that depends only on the range
/// (never on which thread ran it) is the same on every run.
/// </summary>
internal static class ParallelRanges
{
    /// <summary>Ranges of this many items are the unit of work; below two ranges the loop runs inline.</summary>
    public const int DefaultGrain = 16_384;

    public static void For(int count, int grain, Action<int, int> body, int maxDegreeOfParallelism = -1)
    {
        if (count <= 0)
        {
            return;
        }

        if (count <= grain || maxDegreeOfParallelism == 1 || Environment.ProcessorCount == 1)
        {
            body(0, count);
            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism };
        Parallel.ForEach(Partitioner.Create(0, count, grain), options, range => body(range.Item1, range.Item2));
    }

    /// <summary>
    /// Like <see cref="For"/> but also passes the range's ordinal (0, 1, …; range c covers
    /// c·chunkSize up to (c+1)·chunkSize), so each range can keep its own output buffer.
    /// </summary>
    public static void ForChunks(int count, int chunkSize, Action<int, int, int> body)
    {
        int chunks = ChunkCount(count, chunkSize);
        if (chunks == 0)
        {
            return;
        }

        if (chunks == 1 || Environment.ProcessorCount == 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                body(c, c * chunkSize, Math.Min(count, (c + 1) * chunkSize));
            }

            return;
        }

        Parallel.For(0, chunks, c => body(c, c * chunkSize, Math.Min(count, (c + 1) * chunkSize)));
    }

    public static int ChunkCount(int count, int chunkSize) => count <= 0 ? 0 : (int)(((long)count + chunkSize - 1) / chunkSize);
}
