namespace BenchSuite.Data;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; the reference C code is at https://prng.di.unimi.it/splitmix64.c).
/// Used instead of <see cref="System.Random"/> wherever bytes must be reproducible forever: System.Random's algorithm
/// is an implementation detail that has changed between .NET versions, this one is fixed by the few lines below.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    const ulong Gamma = 0x9E3779B97F4A7C15;
    ulong state = seed;

    public ulong NextUInt64() => Mix(state += Gamma);

    /// <summary>A value in [0, <paramref name="bound"/>): the high half of a 64×64-bit product (Lemire), so no division and a
    /// bias below bound/2^64, far too small to matter here.</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        return (int)Math.BigMul(NextUInt64(), (ulong)bound, out _);
    }

    /// <summary>A value in [<paramref name="min"/>, <paramref name="max"/>], both inclusive.</summary>
    public int NextInt(int min, int max) => min + NextInt(max - min + 1);

    public bool NextBool() => (NextUInt64() >> 63) != 0;

    /// <summary>The SplitMix64 output function: a bijective 64-bit mixer. Also handy to derive independent seeds.</summary>
    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
