using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// The per-layer statistics an epoch records: ‖kernel‖₂, ‖bias‖₂ and the mean moving variance, read from the model's
/// own tensors, and BatchNorm's ε, measured on the layers' outputs.
/// </summary>
[Trait("Category", "unit")]
public class ModelStatisticsTests
{
    [Fact]
    public void Norms_and_moving_variances_are_read_per_layer()
    {
        using var model = ModelFactory.Build(Shipped.Model("shallow"));
        // Keras initialises biases to zeros and moving_variance to ones (moving_variance_initializer='ones').
        ModelStatistics.BiasNorms(model).ShouldBe(new Dictionary<string, double> { ["conv2d"] = 0, ["dense"] = 0, ["dense_1"] = 0 }, ignoreOrder: true);
        ModelStatistics.MovingVariances(model).ShouldBe(new Dictionary<string, double> { ["batch_normalization"] = 1, ["batch_normalization_1"] = 1 }, ignoreOrder: true);

        using (no_grad())
        {
            var dense1 = (IHasKernel)model.Layers.Single(l => l.Name == "dense_1").Module!;
            dense1.Bias.fill_(0.5);                                                       // 10 units
            var bn = (KerasBatchNorm)model.Layers.Single(l => l.Name == "batch_normalization").Module!;
            using var values = arange(32, dtype: float32);
            bn.MovingVariance.copy_(values);                                               // 0 … 31
            dense1.Kernel.fill_(2);                                                        // 512 × 10
        }

        ModelStatistics.BiasNorms(model)["dense_1"].ShouldBe(0.5 * Math.Sqrt(10), tolerance: 1e-6);
        ModelStatistics.MovingVariances(model)["batch_normalization"].ShouldBe(15.5, tolerance: 1e-6);
        ModelStatistics.KernelNorms(model)["dense_1"].ShouldBe(2 * Math.Sqrt(5120), tolerance: 1e-3);
    }

    // Keras 2.14 BatchNormalization(epsilon=1e-3) by default (keras/layers/normalization/batch_normalization.py,
    // v2.14.0: `epsilon=1e-3`); torch's BatchNorm2d eps=1e-5, the mutation the quantity exists to see.
    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-5)]
    public void BatchNorm_epsilon_is_measured_on_the_layers_outputs_whatever_their_state(double epsilon)
    {
        using var model = ModelFactory.Build(Shipped.Model("deep") with { BatchNormEpsilon = epsilon });
        model.train();
        using (no_grad())
        {
            // Trained-looking state: moving statistics and γ, β far from their initial 0 and 1, variances from about 10⁻² to 10².
            var generator = new TorchSharp.torch.Generator(7);
            foreach (var bn in model.Layers.Select(l => l.Module).OfType<KerasBatchNorm>())
            {
                long c = bn.MovingMean.shape[0];
                bn.MovingMean.copy_(randn(c, generator: generator) * 3);
                bn.MovingVariance.copy_(exp(randn(c, generator: generator) * 1.5));
                bn.Gamma.copy_(rand(c, generator: generator) + 0.2);
                ((TorchSharp.Modules.Parameter)bn.named_parameters().Single(p => p.name == "beta").parameter).copy_(randn(c, generator: generator));
            }
        }
        var before = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.clone());

        double measured = ModelStatistics.BatchNormEpsilon(model)!.Value;

        // float32 arithmetic: within 1 % of ε at either size (the two differ by 100×).
        measured.ShouldBe(epsilon, tolerance: epsilon * 0.01);
        model.training.ShouldBeTrue();
        model.Layers.Select(l => l.Module).OfType<KerasBatchNorm>().ShouldAllBe(bn => bn.training);
        foreach (var (name, tensor) in model.state_dict())
            tensor.eq(before[name]).all().item<bool>().ShouldBeTrue(name);
    }
}
