using BenchSuite.Models;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// The torch-flavoured initialiser of the mutation catalogue against torch's own reset_parameters (torch/nn/modules/
/// conv.py, linear.py): kaiming_uniform_(a=√5) weights, bound gain·√(3/fan_in) with gain √(2/(1+a²)), and biases
/// uniform in ±1/√fan_in — both bounds 1/√fan_in. The Keras initialiser stays the models' default, bit for bit.
/// </summary>
[Trait("Category", "unit")]
public class TorchDefaultInitializerTests
{
    [Theory]
    [InlineData("shallow", "conv2d", 3 * 9)]          // Conv2D 3→32, 3×3: fan_in = in_channels × 9
    [InlineData("deep", "conv03_2", 128 * 9)]
    [InlineData("shallow", "dense", 8192)]            // Dense: fan_in = in_features
    [InlineData("deep", "classification", 512)]
    public void Weights_and_biases_are_uniform_within_torch_bounds(string architecture, string layer, int fanIn)
    {
        manual_seed(11);
        using var model = ModelFactory.Build(Shipped.Model(architecture), TorchDefaultInitializer.Instance);
        var module = model.Layers.Single(l => l.Name == layer).Module!;
        var kernel = ((IHasKernel)module).Kernel;
        var bias = module.named_parameters().Single(p => p.name.EndsWith("bias")).parameter;
        double a = Math.Sqrt(5);
        double weightBound = Math.Sqrt(2 / (1 + a * a)) * Math.Sqrt(3.0 / fanIn); // torch.nn.init.kaiming_uniform_
        double biasBound = 1 / Math.Sqrt(fanIn);                                    // reset_parameters' bias
        TorchDefaultInitializer.FanIn(kernel).ShouldBe(fanIn);

        double max = kernel.abs().max().item<float>();
        max.ShouldBeLessThanOrEqualTo(weightBound * (1 + 1e-6));
        max.ShouldBeGreaterThan(0.9 * weightBound);
        ((double)kernel.std().item<float>()).ShouldBe(weightBound / Math.Sqrt(3), tolerance: 0.1 * weightBound / Math.Sqrt(3));
        double biasMax = bias.abs().max().item<float>();
        biasMax.ShouldBeLessThanOrEqualTo(biasBound * (1 + 1e-6));
        biasMax.ShouldBeGreaterThan(0); // non-zero, unlike Keras' zeros
        bias.eq(0).sum().item<long>().ShouldBeLessThan(bias.numel());
    }

    [Fact]
    public void Keras_initialiser_is_the_default_bit_for_bit_and_torch_s_differs()
    {
        float[] Weights(IWeightInitializer? initializer)
        {
            manual_seed(5);
            using var model = ModelFactory.Build(Shipped.Model(), initializer);
            return ((IHasKernel)model.Layers.Single(l => l.Name == "dense").Module!).Kernel.flatten().narrow(0, 0, 1000).data<float>().ToArray();
        }
        Weights(KerasInitializer.Instance).ShouldBe(Weights(null));
        Weights(TorchDefaultInitializer.Instance).ShouldNotBe(Weights(null));
    }
}
