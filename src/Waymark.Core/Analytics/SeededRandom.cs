namespace Waymark.Core.Analytics;

/// <summary>
/// Seeded pseudo-random stream for one Monte Carlo replication or one permuted observation: xoshiro256** (Blackman &amp; Vigna 2018,
/// "Scrambled linear pseudorandom number generators", https://prng.di.unimi.it/) seeded through
/// SplitMix64 (Steele, Lea &amp; Flood 2014). Written here, not <see cref="Random"/>, so the stream for a
/// given (seed, replication) is fixed by this code alone and never changes with the .NET version.
/// </summary>
internal struct SeededRandom
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>
    /// The stream for replication <paramref name="replication"/> (0-based) under the caller's
    /// <paramref name="seed"/>. Each replication has its own stream derived only from these two numbers,
    /// so results do not depend on which thread runs which replication, or in what order.
    /// </summary>
    public static SeededRandom For(long seed, long replication)
    {
        var state = unchecked((ulong)seed);
        var key = SplitMix64(ref state);
        var stream = key ^ unchecked((ulong)(replication + 1) * 0xD1B54A32D192ED03UL);
        var r = new SeededRandom
        {
            _s0 = SplitMix64(ref stream),
            _s1 = SplitMix64(ref stream),
            _s2 = SplitMix64(ref stream),
            _s3 = SplitMix64(ref stream),
        };
        if ((r._s0 | r._s1 | r._s2 | r._s3) == 0)
        {
            r._s0 = 1; // the all-zero state is the one fixed point of xoshiro; SplitMix64 practically never gives it
        }

        return r;
    }

    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>
    /// Uniform integer in [0, <paramref name="exclusiveMax"/>), without modulo bias (Lemire 2019,
    /// "Fast random integer generation in an interval", ACM TOMACS 29(1)).
    /// </summary>
    public int NextInt(int exclusiveMax)
    {
        var bound = (uint)exclusiveMax;
        var m = (NextUInt64() >> 32) * bound;
        var low = (uint)m;
        if (low < bound)
        {
            var threshold = (0u - bound) % bound;
            while (low < threshold)
            {
                m = (NextUInt64() >> 32) * bound;
                low = (uint)m;
            }
        }

        return (int)(m >> 32);
    }

    /// <summary>In-place Fisher–Yates shuffle (Durstenfeld's form).</summary>
    public void Shuffle<T>(Span<T> values)
    {
        for (var i = values.Length - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static ulong SplitMix64(ref ulong state)
    {
        unchecked
        {
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
