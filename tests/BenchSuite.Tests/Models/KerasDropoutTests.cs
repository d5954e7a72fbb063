using BenchSuite.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// <see cref="KerasDropout"/> against TensorFlow 2.14's <c>tf.nn.dropout</c> (<c>nn_ops.py</c>, <c>_dropout</c>):
/// <c>(x · float32(1 / (1 − rate))) · cast(uniform[0, 1) ≥ rate)</c>, identity in inference and at rate 0; the
/// uniforms from <see cref="Philox"/> (tested on its own in <see cref="PhiloxTests"/>) under keys from torch's generator.
/// </summary>
[Trait("Category", "unit")]
public class KerasDropoutTests
{
    /// <summary>
    /// The keys the layer draws after <c>torch.manual_seed(123)</c>: torch's <c>randint(2⁶³ − 1)</c>, one per call,
    /// made with Debian's <c>python3-torch</c> 1.13:
    /// <code>torch.manual_seed(123); torch.randint(2**63 - 1, (1,)).item(), torch.randint(2**63 - 1, (1,)).item()</code>
    /// </summary>
    static readonly ulong[] KeysFromPyTorch = [3624216819017203054, 5278339153051796802];

    /// <summary>Element i's keep decision under a key, from Philox's definition (<see cref="PhiloxTests.UniformOf"/>).</summary>
    static bool Keeps(ulong key, int i, float rate) => PhiloxTests.UniformOf(key, i) >= rate;

    [Fact]
    public void Training_keeps_where_the_seeded_uniform_is_at_least_the_rate_and_scales_by_float32_of_one_over_keep()
    {
        using var scope = NewDisposeScope();
        var x = arange(1, 97, dtype: float32).reshape(2, 3, 4, 4); // no zeros: a dropped element is exactly 0
        var dropout = new KerasDropout("d", 0.25);
        dropout.train();

        torch.manual_seed(123);
        var first = dropout.call(x).flatten().data<float>().ToArray();
        var second = dropout.call(x).flatten().data<float>().ToArray();

        float scale = BitConverter.Int32BitsToSingle(0x3FAAAAAB); // numpy: np.float32(1 / (1 - 0.25)) = 0x1.555556p+0
        var values = x.flatten().data<float>().ToArray();
        foreach (var (output, key) in new[] { (first, KeysFromPyTorch[0]), (second, KeysFromPyTorch[1]) })
            for (int i = 0; i < values.Length; i++)
            {
                float expected = Keeps(key, i, 0.25f) ? values[i] * scale : 0f;
                Assert.True(expected == output[i], $"key {key}, element {i}: expected {expected:R}, got {output[i]:R}");
            }
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void The_gradient_is_the_kept_mask_times_the_scale()
    {
        // 4 × 37 = 148 elements: 9 groups of 16 through the vector path and a 4-element tail through the scalar loop.
        using var scope = NewDisposeScope();
        var x = randn(4, 37).requires_grad_(true);
        var dropout = new KerasDropout("d", 0.5);
        dropout.train();
        torch.manual_seed(123);
        dropout.call(x).sum().backward();

        var gradient = x.grad!.flatten().data<float>().ToArray();
        for (int i = 0; i < gradient.Length; i++)
            Assert.Equal(Keeps(KeysFromPyTorch[0], i, 0.5f) ? 2f : 0f, gradient[i]); // float32(1 / (1 − 0.5)) = 2
        double keptFraction = gradient.Count(g => g != 0) / (double)gradient.Length;
        Assert.InRange(keptFraction, 0.38, 0.62); // 148 draws: 0.5 ± 2.9 sd
    }

    [Fact]
    public void Inference_and_rate_zero_return_the_input_unchanged()
    {
        using var scope = NewDisposeScope();
        var x = randn(8, 16);
        var inference = new KerasDropout("d", 0.5);
        inference.eval();
        Assert.Same(x, inference.call(x));

        var rateZero = new KerasDropout("d", 0);
        rateZero.train();
        Assert.Same(x, rateZero.call(x));
    }

    [Fact]
    public void Channels_last_input_draws_one_uniform_per_element_in_memory_order()
    {
        // The model's activations are channels-last: element i of memory (N, H, W, C order) takes the i-th uniform,
        // as TensorFlow's NHWC tensors do. Checked against the definition, read back in memory order.
        using var scope = NewDisposeScope();
        var nhwc = ChannelsLast.Of(arange(1, 97, dtype: float32).reshape(2, 3, 4, 4));
        var dropout = new KerasDropout("d", 0.25);
        dropout.train();

        torch.manual_seed(123);
        var output = dropout.call(nhwc);
        Assert.True(ChannelsLast.Is(output));
        var inMemoryOrder = output.permute(0, 2, 3, 1).flatten().data<float>().ToArray();
        var valuesInMemoryOrder = nhwc.permute(0, 2, 3, 1).flatten().data<float>().ToArray();
        for (int i = 0; i < inMemoryOrder.Length; i++)
            Assert.Equal(Keeps(KeysFromPyTorch[0], i, 0.25f) ? valuesInMemoryOrder[i] * (float)(1 / 0.75) : 0f, inMemoryOrder[i]);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void A_rate_outside_zero_to_one_is_refused_with_the_layer_s_name(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new KerasDropout("drop01", rate));
        Assert.Contains("drop01", error.Message);
    }
}
