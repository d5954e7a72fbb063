using BenchSuite.Configuration;
using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>
/// AdamW as Keras computes it: θ −= θ·wd·lr, then Keras' Adam on the gradient taken before the decay
/// (keras/src/optimizers/base_optimizer.py _apply_weight_decay; the same shrink as torch.optim.AdamW).
/// </summary>
[Trait("Category", "unit")]
public class AdamWTests
{
    const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, Wd = 0.05;
    static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    [Fact]
    public void One_step_decays_then_takes_Keras_Adams_step()
    {
        float[] start = [1.0f, -2.0f, 0.5f], gradient = [0.1f, -0.3f, 2f];
        using var theta = new Parameter(tensor(start));
        using var optimizer = new DecoupledWeightDecay([theta], Lr, Wd, new KerasAdam([theta], Lr, Beta1, Beta2, Eps));
        using (var loss = theta.mul(tensor(gradient)).sum()) loss.backward();

        optimizer.Step();

        double alpha = Lr * Math.Sqrt(1 - Beta2) / (1 - Beta1);
        var expected = start.Select((t, i) =>
        {
            double g = gradient[i], m = (1 - Beta1) * g, v = (1 - Beta2) * g * g;
            return (float)(t - t * Wd * Lr - alpha * m / (Math.Sqrt(v) + Eps));
        });
        theta.data<float>().ToArray().ShouldBe(expected, tolerance: 2e-7);
    }

    [Theory]
    [InlineData("all", true)]
    [InlineData("kernels", false)]
    public void The_decay_reaches_all_variables_or_only_the_kernels(string on, bool gammaDecays)
    {
        manual_seed(3);
        using var model = ModelFactory.Build(Shipped.Model());
        var settings = new OptimizerSettings("adamw", Lr, Beta1, Beta2, Eps) { WeightDecay = Wd, WeightDecayOn = on };
        using var optimizer = OptimizerFactory.Create(settings, model);
        var kernel = ((IHasKernel)model.Layers[4].Module!).Kernel;
        float before = kernel[0, 0].item<float>();
        var gamma = model.named_parameters().Single(p => p.name == "batch_normalization.gamma").parameter;

        optimizer.Step(); // no gradients yet: Adam moves nothing, only the decay acts

        kernel[0, 0].item<float>().ShouldBe((float)(before - before * Wd * Lr), tolerance: 1e-9);
        gamma[0].item<float>().ShouldBe(gammaDecays ? (float)(1 - Wd * Lr) : 1f);
    }

    [Fact]
    public void Weight_decay_is_an_adamw_key_and_a_clear_error_elsewhere()
    {
        var adamw = ExperimentLoader.Load("shallow-none", new Dictionary<string, string?> { ["optimizer:kind"] = "adamw", ["optimizer:weightDecay"] = "0.02" }, environment: NoEnvironment);
        adamw.Optimizer.WeightDecay.ShouldBe(0.02);
        adamw.Optimizer.WeightDecayOn.ShouldBe("all");

        Should.Throw<ConfigurationException>(() => ExperimentLoader.Load("shallow-none", new Dictionary<string, string?> { ["optimizer:weightDecay"] = "0.02" }, environment: NoEnvironment))
            .Message.ShouldBe("command-line option for 'optimizer:weightDecay': 'optimizer:weightDecay' = '0.02' needs optimizer:kind = 'adamw' (it is 'keras-adam'). " +
                              "Set optimizer:kind=adamw for decoupled weight decay, or use model:kernelRegularizers for Keras' L2 loss term.");
        Should.Throw<ConfigurationException>(() => ExperimentLoader.Load("shallow-none", new Dictionary<string, string?> { ["optimizer:kind"] = "adamw", ["optimizer:weightDecayOn"] = "biases" }, environment: NoEnvironment))
            .Message.ShouldContain("'optimizer:weightDecayOn' = 'biases' is not allowed. Allowed: one of: all, kernels.");
        Should.Throw<ConfigurationException>(() => ExperimentLoader.Load("shallow-none", new Dictionary<string, string?> { ["optimizer:kind"] = "adamw", ["optimizer:weightDecay"] = "-1" }, environment: NoEnvironment))
            .Message.ShouldContain("'optimizer:weightDecay' = '-1' is not allowed");
    }
}
