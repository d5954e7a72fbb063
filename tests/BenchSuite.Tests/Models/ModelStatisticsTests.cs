using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>The per-layer statistics an epoch records: ‖kernel‖₂, ‖bias‖₂ and the mean moving variance, read from the model's own tensors.</summary>
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
}
