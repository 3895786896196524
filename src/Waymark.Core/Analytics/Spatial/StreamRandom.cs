namespace Waymark.Core.Analytics.Spatial;

/// <summary>
/// A small, allocation-free pseudo-random generator (xoshiro256**, Blackman &amp; Vigna 2018)
/// with one independent stream per (seed, stream number), for permutation tests that run in
/// parallel yet give the same answer on every run.
/// </summary>
/// <remarks>
/// A <see cref="Random"/> per thread would make each observation's draws depend on which thread
/// <c>Parallel.For</c> happened to hand it to, and on what that thread drew before. Seeding a
/// stream per observation from the caller's seed instead (through SplitMix64, as the xoshiro
/// authors recommend for seeding) ties each observation's permutations to (seed, i) alone, so
/// results are identical whatever the thread count or scheduling.
/// </remarks>
internal struct StreamRandom
{
    private ulong _s0, _s1, _s2, _s3;

    public StreamRandom(int seed, long stream)
    {
        // Distinct (seed, stream) pairs give distinct SplitMix64 starting points; SplitMix64
        // then spreads them into well-mixed, non-zero xoshiro states.
        ulong state = unchecked(((ulong)(uint)seed << 32) ^ (ulong)stream * 0x9E3779B97F4A7C15UL);
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
    }

    public ulong NextUInt64()
    {
        ulong result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform integer in [0, <paramref name="exclusiveMax"/>), unbiased (Lemire 2019).</summary>
    public int NextInt(int exclusiveMax)
    {
        ulong bound = (ulong)exclusiveMax;
        UInt128 product = (UInt128)NextUInt64() * bound;
        ulong low = (ulong)product;
        if (low < bound)
        {
            ulong threshold = (0UL - bound) % bound;
            while (low < threshold)
            {
                product = (UInt128)NextUInt64() * bound;
                low = (ulong)product;
            }
        }

        return (int)(ulong)(product >> 64);
    }

    private static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
