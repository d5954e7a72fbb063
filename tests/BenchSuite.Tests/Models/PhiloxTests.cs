using BenchSuite.Models;
using Xunit;

namespace BenchSuite.Tests.Models;

/// <summary>
/// <see cref="Philox"/> against Random123's published known answers and TensorFlow's float conversion.
/// </summary>
[Trait("Category", "unit")]
public class PhiloxTests
{
    /// <summary>
    /// Random123's known-answer vectors for Philox4x32-10 (its <c>tests/kat_vectors</c>: counter words, key words,
    /// output words): the three TensorFlow's own <c>testPhilox4x32</c> checks its Philox against (the XLA tests of
    /// <c>random.Generator</c>, citing Random123-Boost's <c>libs/random/test/test_philox.cpp</c>, lines 50–52).
    /// </summary>
    public static TheoryData<uint[], uint[], uint[]> KnownAnswers => new()
    {
        { [0x00000000, 0x00000000, 0x00000000, 0x00000000], [0x00000000, 0x00000000], [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8] },
        { [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff], [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd] },
        { [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0], [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1] },
    };

    [Theory]
    [MemberData(nameof(KnownAnswers))]
    public void A_block_matches_Random123_s_known_answers(uint[] counter, uint[] key, uint[] expected)
    {
        var (w0, w1, w2, w3) = Philox.Block(counter[0], counter[1], counter[2], counter[3], key[0], key[1]);
        Assert.Equal(expected, new[] { w0, w1, w2, w3 });
    }

    /// <summary>TensorFlow's <c>Uint32ToFloat</c>, by its arithmetic: mantissa m (the low 23 bits) gives m·2⁻²³.</summary>
    [Theory]
    [InlineData(0x00000000u, 0.0)]
    [InlineData(0xFF800000u, 0.0)]                        // the top nine bits are not used
    [InlineData(0x00400000u, 0.5)]
    [InlineData(0x007FFFFFu, 1.0 - 1.0 / (1 << 23))]      // the largest: 1 − 2⁻²³, never 1
    [InlineData(0x12345678u, 0x345678 / 8388608.0)]
    public void A_word_becomes_its_low_23_bits_over_two_to_the_23(uint word, double expected)
    {
        Assert.Equal(expected, (double)Philox.ToUniform(word));
    }

    /// <summary>The integer keep test agrees with the float comparison for every one of the 2²³ mantissas.</summary>
    [Theory]
    [InlineData(0.25f)]
    [InlineData(0.5f)]
    [InlineData(0.1f)]   // not a dyadic fraction: float32(0.1) lies between two uniforms
    [InlineData(0.3f)]
    [InlineData(1e-9f)]  // below the smallest nonzero uniform
    [InlineData(0f)]
    [InlineData(0.99999994f)]
    [InlineData(1f)]            // a rate of 0.99999999 becomes float32 1: keep none
    [InlineData(1.5f)]
    [InlineData(float.Epsilon)]
    [InlineData(float.NaN)]     // u ≥ NaN is false: keep none (KerasDropout refuses a NaN rate before this)
    public void The_mantissa_threshold_keeps_exactly_the_uniforms_at_least_the_rate(float rate)
    {
        uint least = Philox.MantissaAtLeast(rate);
        for (uint m = 0; m < 1u << 23; m++)
            if (Philox.ToUniform(m) >= rate != m >= least) Assert.Fail($"mantissa {m}: uniform {Philox.ToUniform(m):R}, rate {rate:R}, least {least}");
    }

    /// <summary>−0 as a rate (which xunit's data cannot tell from 0 above): every uniform is ≥ −0, so every mantissa is kept.</summary>
    [Fact]
    public void A_negative_zero_threshold_keeps_every_mantissa() => Assert.Equal(0u, Philox.MantissaAtLeast(-0f));

    /// <summary>
    /// The AVX2 path on its own, against the definition (the fill test below reaches it only where AVX2 exists, and
    /// could then pass through the scalar loop alone): 4 groups of 16 elements, with a key whose words both matter.
    /// </summary>
    [SkippableFact]
    public void The_four_blocks_at_a_time_path_writes_what_the_definition_says()
    {
        Skip.IfNot(System.Runtime.Intrinsics.X86.Avx2.IsSupported, "this CPU has no AVX2: FillKeepMask uses its scalar loop only, tested below");
        ulong key = 0xFEDCBA9876543210ul;
        const float rate = 0.5f, kept = 2f;
        var mask = new float[70];
        int written = Philox.FillFourBlocksAtATime(mask, (uint)key, (uint)(key >> 32), Philox.MantissaAtLeast(rate), kept);
        Assert.Equal(64, written);
        for (int i = 0; i < 70; i++)
            Assert.Equal(i < 64 ? Expected(key, i, rate, kept) : 0f, mask[i]);
    }

    /// <summary>Element i's uniform under a key, from the definition: word i mod 4 of block i/4, as TensorFlow's float.</summary>
    internal static float UniformOf(ulong key, int i)
    {
        ulong block = (ulong)i / 4;
        var (w0, w1, w2, w3) = Philox.Block((uint)block, (uint)(block >> 32), 0, 0, (uint)key, (uint)(key >> 32));
        uint word = (i % 4) switch { 0 => w0, 1 => w1, 2 => w2, _ => w3 };
        return Philox.ToUniform(word);
    }

    static float Expected(ulong key, int i, float rate, float kept) => UniformOf(key, i) >= rate ? kept : 0f;

    /// <summary>
    /// A fill against its definition element by element: element i from word i mod 4 of block i/4. 1,003 elements:
    /// 62 groups of 16 through the vector path (where the CPU has AVX2) and an 11-element tail, the last block cut
    /// short; 15 elements: the scalar path alone.
    /// </summary>
    [Theory]
    [InlineData(1003, 0x0123456789ABCDEFul)]
    [InlineData(15, 42ul)]
    public void A_fill_keeps_element_i_by_word_i_mod_4_of_block_i_over_4(int length, ulong key)
    {
        const float rate = 0.3f, kept = 1.4285715f;
        var mask = new float[length];
        Philox.FillKeepMask(mask, key, rate, kept);

        int keptCount = 0;
        for (int i = 0; i < length; i++)
        {
            float expected = Expected(key, i, rate, kept);
            Assert.True(expected == mask[i], $"element {i}: expected {expected}, got {mask[i]}");
            if (mask[i] != 0) keptCount++;
        }
        if (length > 500) Assert.InRange(keptCount / (double)length, 0.65, 0.75); // 0.7 ± 3.5 sd
    }
}
