using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BenchSuite.Models;

/// <summary>
/// Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011), the
/// counter-based generator behind TensorFlow's random kernels (<c>tensorflow/core/lib/random/philox_random.h</c>),
/// and TensorFlow's conversion of its 32-bit words to float32 uniforms in [0, 1)
/// (<c>random_distributions.h</c>, <c>Uint32ToFloat</c>: 23 random mantissa bits under exponent 0, minus 1).
/// <para>
/// A block is a pure function of its 128-bit counter and 64-bit key, so any range of blocks can be computed on its
/// own, scalar or in vector registers, with the same words. Element
/// <c>i</c> of a fill takes word <c>i mod 4</c> of block <c>i / 4</c>, the order TensorFlow's
/// <c>UniformDistribution</c> writes a block's four samples in.
/// </para>
/// </summary>
internal static class Philox
{
    const uint MultiplierA = 0xD2511F53, MultiplierB = 0xCD9E8D57; // kPhiloxM4x32A, kPhiloxM4x32B
    const uint KeyBumpA = 0x9E3779B9, KeyBumpB = 0xBB67AE85;        // kPhiloxW32A, kPhiloxW32B
    const int Rounds = 10;

    /// <summary>The four output words of the block at counter (c0, c1, c2, c3) under key (k0, k1).</summary>
    public static (uint, uint, uint, uint) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < Rounds; round++)
        {
            if (round > 0) { k0 += KeyBumpA; k1 += KeyBumpB; }
            ulong productA = (ulong)MultiplierA * c0;
            ulong productB = (ulong)MultiplierB * c2;
            (c0, c1, c2, c3) = ((uint)(productB >> 32) ^ c1 ^ k0, (uint)productB, (uint)(productA >> 32) ^ c3 ^ k1, (uint)productA);
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>TensorFlow's <c>Uint32ToFloat</c>: the low 23 bits as the mantissa of a number in [1, 2), minus 1.</summary>
    public static float ToUniform(uint word) => BitConverter.UInt32BitsToSingle(0x3F800000u | (word & 0x7FFFFFu)) - 1f;

    /// <summary>
    /// The smallest 23-bit mantissa <c>m</c> whose uniform <c>m · 2⁻²³</c> is at least <paramref name="threshold"/>:
    /// <c>ToUniform(w) ≥ threshold</c> exactly when <c>(w &amp; 0x7FFFFF) ≥</c> this, since <c>(1 + m·2⁻²³) − 1</c> is
    /// exact in float32. So a keep mask needs no float arithmetic.
    /// </summary>
    public static uint MantissaAtLeast(float threshold)
    {
        if (float.IsNaN(threshold)) return 1u << 23; // u ≥ NaN is false for every u: keep none
        if (!(threshold > 0f)) return 0;             // every uniform is ≥ 0
        if (threshold > 1f) return 1u << 23;         // none is
        return (uint)Math.Ceiling(threshold * (double)(1 << 23)); // exact: a float32 times 2²³ is exact in double
    }

    /// <summary>
    /// Writes <paramref name="kept"/> where element i's uniform is at least <paramref name="threshold"/>, else 0.
    /// Element i's uniform is <see cref="ToUniform"/> of word i mod 4 of the block with counter
    /// <c>(i/4 low 32 bits, i/4 high 32 bits, 0, 0)</c> and key <c>(key low 32 bits, key high 32 bits)</c>.
    /// </summary>
    public static void FillKeepMask(Span<float> destination, ulong key, float threshold, float kept)
    {
        uint least = MantissaAtLeast(threshold);
        uint k0 = (uint)key, k1 = (uint)(key >> 32);
        int done = Avx2.IsSupported ? FillFourBlocksAtATime(destination, k0, k1, least, kept) : 0;
        ulong block = (ulong)done / 4;
        for (int i = done; i < destination.Length; i += 4, block++)
        {
            var (w0, w1, w2, w3) = Block((uint)block, (uint)(block >> 32), 0, 0, k0, k1);
            for (int j = 0; j < 4 && i + j < destination.Length; j++)
            {
                uint word = j switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
                destination[i + j] = (word & 0x7FFFFFu) >= least ? kept : 0f;
            }
        }
    }

    /// <summary>
    /// <see cref="Block"/> for four consecutive blocks at once, one block per 64-bit lane of AVX2 registers
    /// (<c>vpmuludq</c> gives the full 32 × 32 → 64-bit product of each lane's low word), then the four blocks'
    /// words transposed back into element order. Returns how many elements it wrote (whole groups of 16; the caller
    /// fills the rest). Only where <see cref="Avx2.IsSupported"/>.
    /// </summary>
    internal static int FillFourBlocksAtATime(Span<float> destination, uint k0, uint k1, uint least, float kept)
    {
        var low32 = Vector256.Create(0xFFFFFFFFul);
        var multiplierA = Vector256.Create((ulong)MultiplierA).AsUInt32();
        var multiplierB = Vector256.Create((ulong)MultiplierB).AsUInt32();
        var mantissa = Vector256.Create(0x7FFFFFu);
        var leastMinusOne = Vector256.Create((int)least - 1); // mantissas and least are < 2²⁴: signed compare is safe
        var keptVector = Vector256.Create(kept);
        var offsets = Vector256.Create(0ul, 1, 2, 3);
        int groups = destination.Length / 16;
        for (int g = 0; g < groups; g++)
        {
            ulong block = (ulong)g * 4;
            var blocks = Vector256.Create(block) + offsets;
            var c0 = blocks & low32;
            var c1 = Vector256.ShiftRightLogical(blocks, 32);
            var c2 = Vector256<ulong>.Zero;
            var c3 = Vector256<ulong>.Zero;
            uint key0 = k0, key1 = k1;
            for (int round = 0; round < Rounds; round++)
            {
                if (round > 0) { key0 += KeyBumpA; key1 += KeyBumpB; }
                var productA = Avx2.Multiply(c0.AsUInt32(), multiplierA);
                var productB = Avx2.Multiply(c2.AsUInt32(), multiplierB);
                var next0 = Vector256.ShiftRightLogical(productB, 32) ^ c1 ^ Vector256.Create((ulong)key0);
                var next2 = Vector256.ShiftRightLogical(productA, 32) ^ c3 ^ Vector256.Create((ulong)key1);
                c1 = productB & low32;
                c3 = productA & low32;
                c0 = next0;
                c2 = next2;
            }
            // Lane j of c0..c3 holds block j's words 0..3 (low halves). Pack words 0|1 and 2|3 of each block into
            // 64-bit lanes, then interleave: [b0w0 b0w1 b0w2 b0w3 b1w0 …] and [b2w0 … b3w3].
            var words01 = c0 | Vector256.ShiftLeft(c1, 32);
            var words23 = c2 | Vector256.ShiftLeft(c3, 32);
            var evenBlocks = Avx2.UnpackLow(words01, words23);   // blocks 0 | 2, per 128-bit half
            var oddBlocks = Avx2.UnpackHigh(words01, words23);   // blocks 1 | 3
            var first = Avx2.Permute2x128(evenBlocks, oddBlocks, 0x20).AsInt32();  // blocks 0, 1
            var second = Avx2.Permute2x128(evenBlocks, oddBlocks, 0x31).AsInt32(); // blocks 2, 3
            var keepFirst = Vector256.GreaterThan(first & mantissa.AsInt32(), leastMinusOne).AsSingle();
            var keepSecond = Vector256.GreaterThan(second & mantissa.AsInt32(), leastMinusOne).AsSingle();
            (keepFirst & keptVector).CopyTo(destination.Slice(g * 16, 8));
            (keepSecond & keptVector).CopyTo(destination.Slice(g * 16 + 8, 8));
        }
        return groups * 16;
    }
}
