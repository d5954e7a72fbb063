using BenchSuite.Models;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>Keras' glorot_uniform kernels and zero biases, not torch's kaiming_uniform(a=√5) defaults.</summary>
[Trait("Category", "unit")]
public class KerasInitialisationTests
{
    [Theory]
    [InlineData("deep", "conv01_2", 32 * 9, 32 * 9)]        // Conv2D 32→32, 3×3: fan = channels × 9
    [InlineData("deep", "conv03_2", 128 * 9, 128 * 9)]
    [InlineData("shallow", "dense", 8192, 512)]
    [InlineData("deep", "full01", 2048, 512)]
    public void Kernels_are_glorot_uniform(string architecture, string layer, int fanIn, int fanOut)
    {
        manual_seed(7);
        using var model = ModelFactory.Build(Shipped.Model(architecture));
        var kernel = ((IHasKernel)model.Layers.Single(l => l.Name == layer).Module!).Kernel;
        double limit = Math.Sqrt(6.0 / (fanIn + fanOut));

        double max = kernel.abs().max().item<float>();
        max.ShouldBeLessThanOrEqualTo(limit);
        max.ShouldBeGreaterThan(0.95 * limit); // torch's default bound 1/√fan_in is far smaller for these layers
        ((double)kernel.std().item<float>()).ShouldBe(limit / Math.Sqrt(3), tolerance: 0.05 * limit / Math.Sqrt(3));
        ((double)kernel.mean().item<float>()).ShouldBe(0, tolerance: 0.05 * limit);
    }

    [Fact]
    public void Biases_start_at_zero_and_BatchNorm_at_gamma_1_beta_0()
    {
        manual_seed(7);
        using var model = ModelFactory.Build(Shipped.Model("deep"));
        foreach (var (name, p) in model.named_parameters())
        {
            if (name.EndsWith(".bias") || name.EndsWith(".beta"))
                p.abs().max().item<float>().ShouldBe(0f, name);
            if (name.EndsWith(".gamma"))
                p.sub(1).abs().max().item<float>().ShouldBe(0f, name);
        }
    }

    [Fact]
    public void The_same_seed_builds_the_same_weights_and_another_seed_does_not()
    {
        float First(long seed)
        {
            manual_seed(seed);
            using var model = ModelFactory.Build(Shipped.Model());
            return ((IHasKernel)model.Layers[0].Module!).Kernel.flatten()[0].item<float>();
        }
        First(3).ShouldBe(First(3));
        First(3).ShouldNotBe(First(4));
    }
}
