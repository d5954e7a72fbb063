namespace BenchSuite.Data;

/// <summary>
/// The parts of numpy's legacy <c>numpy.random.RandomState</c> that scikit-learn's <c>train_test_split</c> uses,
/// reproduced bit for bit: the MT19937 generator (<c>numpy/random/src/mt19937/mt19937.c</c>), numpy's
/// <c>random_interval</c> (<c>numpy/random/src/distributions/distributions.c</c>) and
/// <c>RandomState.permutation</c> / <c>RandomState.shuffle</c> (<c>numpy/random/mtrand.pyx</c>).
/// Checked against numpy 1.24.2 by the fixtures in <c>fixtures/split/</c>.
/// </summary>
internal sealed class NumpyRandomState
{
    const int StateLength = 624;
    const int ShiftSize = 397;
    const uint MatrixA = 0x9908b0df;
    const uint UpperMask = 0x80000000;
    const uint LowerMask = 0x7fffffff;

    readonly uint[] key = new uint[StateLength];
    int pos;

    /// <summary>
    /// Seeds like <c>RandomState(seed)</c> with an integer seed: <c>_legacy_seeding</c> calls <c>mt19937_seed</c>,
    /// which is Matsumoto and Nishimura's <c>init_genrand</c>. numpy rejects seeds outside [0, 2**32 - 1], which the
    /// <see cref="uint"/> parameter rules out.
    /// </summary>
    public NumpyRandomState(uint seed)
    {
        key[0] = seed;
        for (int i = 1; i < StateLength; i++)
            key[i] = 1812433253u * (key[i - 1] ^ (key[i - 1] >> 30)) + (uint)i;
        // Starting at the end makes the first draw regenerate the whole state, as mt19937_seed arranges.
        pos = StateLength;
    }

    /// <summary>The next raw 32-bit MT19937 output (numpy's <c>mt19937_next32</c>).</summary>
    public uint NextUInt32()
    {
        if (pos == StateLength)
            Regenerate();

        uint y = key[pos++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>
    /// numpy's <c>mt19937_next64</c>: two 32-bit outputs, the first one as the high half (the order GCC-built
    /// numpy produces; the C source leaves it to the compiler, so the fixtures pin it down).
    /// </summary>
    ulong NextUInt64()
    {
        ulong high = NextUInt32();
        return high << 32 | NextUInt32();
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="max"/>], drawn like numpy's <c>random_interval</c>: mask a raw output
    /// down to the smallest all-ones bit pattern covering <paramref name="max"/> and retry while it exceeds it.
    /// A 64-bit draw is used only when <paramref name="max"/> does not fit in 32 bits, which is why small ranges
    /// consume exactly one 32-bit output per try.
    /// </summary>
    public long RandomInterval(long max)
    {
        if (max < 0)
            throw new ArgumentOutOfRangeException(nameof(max), max, "max must be 0 or more: the interval is [0, max].");
        if (max == 0)
            return 0; // numpy draws nothing here, and the sequence of later draws depends on that

        ulong mask = (ulong)max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;

        ulong value;
        if ((ulong)max <= uint.MaxValue)
            do value = NextUInt32() & mask; while (value > (ulong)max);
        else
            do value = NextUInt64() & mask; while (value > (ulong)max);
        return (long)value;
    }

    /// <summary>
    /// <c>RandomState.permutation(n)</c>: <c>shuffle(arange(n))</c>, whose 1-D fast path (<c>_shuffle_raw</c>) is a
    /// Fisher–Yates shuffle from the last element down to the second, swapping element i with
    /// <c>random_interval(i)</c>.
    /// </summary>
    public int[] Permutation(int n)
    {
        if (n < 0)
            throw new ArgumentOutOfRangeException(nameof(n), n, "n must be 0 or more.");

        var values = new int[n];
        for (int i = 0; i < n; i++)
            values[i] = i;
        for (int i = n - 1; i >= 1; i--)
        {
            int j = (int)RandomInterval(i);
            (values[i], values[j]) = (values[j], values[i]);
        }
        return values;
    }

    // mt19937_gen: the standard MT19937 twist of all 624 words at once.
    void Regenerate()
    {
        for (int i = 0; i < StateLength; i++)
        {
            uint y = (key[i] & UpperMask) | (key[(i + 1) % StateLength] & LowerMask);
            key[i] = key[(i + ShiftSize) % StateLength] ^ (y >> 1) ^ ((y & 1) == 0 ? 0 : MatrixA);
        }
        pos = 0;
    }
}
