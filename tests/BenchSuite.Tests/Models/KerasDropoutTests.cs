using BenchSuite.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// <see cref="KerasDropout"/> against TensorFlow 2.14's <c>tf.nn.dropout</c> (<c>nn_ops.py</c>, <c>_dropout</c>):
/// <c>(x · float32(1 / (1 − rate))) · cast(uniform[0, 1) ≥ rate)</c>, identity in inference and at rate 0.
/// </summary>
[Trait("Category", "unit")]
public class KerasDropoutTests
{
    /// <summary>
    /// The keep mask of <c>torch.rand(2, 3, 4, 4) ≥ 0.25</c> after <c>torch.manual_seed(123)</c>, in row-major order,
    /// made with Debian's <c>python3-torch</c> 1.13.1 (built without MKL: <c>torch.backends.mkl.is_available()</c> is
    /// False, so its uniform numbers can only come from the Mersenne Twister path):
    /// <code>torch.manual_seed(123); m = torch.rand(2, 3, 4, 4) >= 0.25; ''.join('1' if b else '0' for b in m.flatten().tolist())</code>
    /// and the first four uniform numbers <c>u.flatten()[:4]</c>.
    /// </summary>
    const string MaskFromPyTorch = "111101000111001101111111111110111111010110111111111111100110110011110111001110111111010111011111";
    static readonly double[] FirstUniforms = [0.29611194133758545, 0.516562283039093, 0.2516707181930542, 0.6885567903518677];

    [Fact]
    public void Training_keeps_where_the_seeded_uniform_is_at_least_the_rate_and_scales_by_float32_of_one_over_keep()
    {
        using var scope = NewDisposeScope();
        var x = arange(1, 97, dtype: float32).reshape(2, 3, 4, 4); // no zeros: a dropped element is exactly 0
        var dropout = new KerasDropout("d", 0.25);
        dropout.train();

        torch.manual_seed(123);
        var output = dropout.call(x).flatten().data<float>().ToArray();

        float scale = BitConverter.Int32BitsToSingle(0x3FAAAAAB); // numpy: np.float32(1 / (1 - 0.25)) = 0x1.555556p+0
        var values = x.flatten().data<float>().ToArray();
        for (int i = 0; i < values.Length; i++)
        {
            float expected = MaskFromPyTorch[i] == '1' ? values[i] * scale : 0f;
            Assert.True(expected == output[i], $"element {i}: expected {expected:R} (mask {MaskFromPyTorch[i]}), got {output[i]:R}");
        }
    }

    [Fact]
    public void The_uniform_stream_is_PyTorch_s_Mersenne_Twister_on_this_CPU_too()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(123);
        var u = rand(2, 3, 4, 4).flatten().data<float>().ToArray();
        for (int i = 0; i < FirstUniforms.Length; i++) Assert.Equal(FirstUniforms[i], u[i]);
    }

    [Fact]
    public void The_gradient_is_the_kept_mask_times_the_scale()
    {
        using var scope = NewDisposeScope();
        var x = randn(4, 512).requires_grad_(true);
        var dropout = new KerasDropout("d", 0.5);
        dropout.train();
        var output = dropout.call(x);
        output.sum().backward();

        var kept = output.detach().ne(0);
        var expected = kept.to(float32).mul(2f); // float32(1 / (1 − 0.5)) = 2
        Assert.True(x.grad!.eq(expected).all().item<bool>());
        double keptFraction = kept.to(float64).mean().item<double>();
        Assert.InRange(keptFraction, 0.45, 0.55); // 2,048 draws: 0.5 ± 4.5 sd
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
        // The model's activations are channels-last; the mask is drawn in the layout of the input, element i of memory
        // taking the i-th uniform number: what is checked here against the NCHW draw of the same numbers.
        using var scope = NewDisposeScope();
        var nchw = arange(1, 97, dtype: float32).reshape(2, 3, 4, 4);
        var nhwc = ChannelsLast.Of(nchw); // same values, channels-last strides, as the model lays out its activations
        var dropout = new KerasDropout("d", 0.25);
        dropout.train();

        torch.manual_seed(123);
        var output = dropout.call(nhwc);
        var inMemoryOrder = output.permute(0, 2, 3, 1).flatten().data<float>().ToArray();
        var valuesInMemoryOrder = nhwc.permute(0, 2, 3, 1).flatten().data<float>().ToArray();
        for (int i = 0; i < inMemoryOrder.Length; i++)
            Assert.Equal(MaskFromPyTorch[i] == '1', inMemoryOrder[i] != 0 && inMemoryOrder[i] == valuesInMemoryOrder[i] * (float)(1 / 0.75));
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
