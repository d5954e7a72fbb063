using BenchSuite.Models;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// Keras BatchNormalization: momentum 0.99, epsilon 1e-3; the moving variance averages the biased batch variance for
/// 2-D input (tf.nn.moments) and the Bessel-corrected one for 4-D input (TF's fused op, left corrected by Keras 2.14).
/// </summary>
[Trait("Category", "unit")]
public class KerasBatchNormTests
{
    // A batch of 4 samples × 2 features. Feature 0: mean 2.5, biased var 1.25 (unbiased 5/3). Feature 1: mean 0, biased var 4.
    static Tensor Batch() => tensor(new float[] { 1, -2, 2, 2, 3, -2, 4, 2 }).reshape(4, 2);

    [Fact]
    public void A_training_step_moves_the_statistics_the_Keras_way()
    {
        using var bn = new KerasBatchNorm("bn", 2);
        bn.train();
        using var _ = bn.call(Batch());

        // 2-D input (Keras' non-fused path, tf.nn.moments): moving = 0.99·moving + 0.01·batch with the BIASED variance,
        // from Keras' initial moving mean 0 and variance 1 (unbiased would give 0.99 + 0.01·5/3 for feature 0)
        bn.MovingMean.data<float>().ToArray().ShouldBe([0.01f * 2.5f, 0f], tolerance: 1e-7);
        bn.MovingVariance.data<float>().ToArray().ShouldBe([0.99f + 0.01f * 1.25f, 0.99f + 0.01f * 4f], tolerance: 1e-6);
    }

    [Fact]
    public void Training_normalises_with_batch_statistics_and_epsilon_1e_3()
    {
        using var bn = new KerasBatchNorm("bn", 2);
        bn.train();
        using var y = bn.call(Batch());

        float expected = (float)((1 - 2.5) / Math.Sqrt(1.25 + 1e-3));
        y[0, 0].item<float>().ShouldBe(expected, tolerance: 1e-5);
    }

    [Fact]
    public void Inference_uses_the_moving_statistics()
    {
        using var bn = new KerasBatchNorm("bn", 2);
        bn.train();
        bn.call(Batch()).Dispose();
        bn.eval();
        using var y = bn.call(tensor(new float[] { 1, 1 }).reshape(1, 2));

        float mean = 0.025f, variance = 0.99f + 0.0125f;
        y[0, 0].item<float>().ShouldBe((float)((1 - mean) / Math.Sqrt(variance + 1e-3)), tolerance: 1e-5);
    }

    [Fact]
    public void Convolutional_input_stores_the_Bessel_corrected_variance_like_the_fused_op()
    {
        // Hand-computed, one channel, N=2, H=1, W=2 → n = 4 values per channel: 1, 3 | 5, 7.
        // mean 4; biased variance ((9+1+1+9)/4) = 5; corrected 20/3. TF's fused op: moving = 0.99·1 + 0.01·20/3.
        using var bn = new KerasBatchNorm("bn", 1);
        bn.train();
        using var x = tensor(new float[] { 1, 3, 5, 7 }).reshape(2, 1, 1, 2);
        using var y = bn.call(x);

        bn.MovingMean.item<float>().ShouldBe(0.04f, tolerance: 1e-7);
        bn.MovingVariance.item<float>().ShouldBe((float)(0.99 + 0.01 * 20.0 / 3.0), tolerance: 1e-6);
        // ...while training still normalises with the biased variance 5.
        y[0, 0, 0, 0].item<float>().ShouldBe((float)((1 - 4) / Math.Sqrt(5 + 1e-3)), tolerance: 1e-5);
    }

    [Fact]
    public void Convolutional_input_is_normalised_per_channel()
    {
        using var bn = new KerasBatchNorm("bn", 3);
        bn.train();
        manual_seed(0);
        using var x = randn(8, 3, 5, 5).mul(tensor(new float[] { 1, 2, 3 }).reshape(1, 3, 1, 1)).add(4);
        using var __ = bn.call(x);

        var (variance, mean) = var_mean(x, [0, 2, 3], unbiased: false);
        double n = 8 * 5 * 5;
        bn.MovingMean.allclose(mean.mul(0.01), atol: 1e-6).ShouldBeTrue();
        bn.MovingVariance.allclose(variance.mul(0.01 * n / (n - 1)).add(0.99), atol: 1e-6).ShouldBeTrue();
    }

    [Fact]
    public void Only_the_moving_statistics_are_buffers()
    {
        using var bn = new KerasBatchNorm("bn", 512);
        bn.named_buffers().Select(b => b.name).ShouldBe(["moving_mean", "moving_variance"]);
        bn.parameters().Sum(p => p.numel()).ShouldBe(1024);
    }
}
