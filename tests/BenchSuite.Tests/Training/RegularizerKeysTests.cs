using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>
/// The deep model's hypotheses as keys: Keras' bias_regularizer, gamma/beta_regularizer and activity_regularizer
/// (L2: l2·Σx², activity divided by the batch size as Keras 2's base layer does), validated by layer name.
/// </summary>
[Trait("Category", "unit")]
public class RegularizerKeysTests
{
    static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    static Experiment Load(string experiment, params (string Key, string Value)[] overrides) =>
        ExperimentLoader.Load(experiment, overrides.ToDictionary(o => o.Key, o => (string?)o.Value), environment: NoEnvironment);

    [Fact]
    public void BatchNorm_regularizer_is_l2_times_gamma_and_beta_squared()
    {
        manual_seed(5);
        using var model = ModelFactory.Build(Load("shallow-none", ("model:batchNormRegularizers:batch_normalization", "0.01")).Model);

        using var penalty = L2Penalty.Weights(model);

        model.RegularizedParameters.Select(p => p.LayerName).ShouldBe(["batch_normalization.gamma", "batch_normalization.beta"]);
        penalty.item<float>().ShouldBe(0.01f * 32, tolerance: 1e-6f); // γ = 1 and β = 0 for 32 channels at start
        penalty.backward();
        var gamma = model.named_parameters().Single(p => p.name == "batch_normalization.gamma").parameter;
        gamma.grad!.data<float>().ToArray().ShouldAllBe(g => Math.Abs(g - 0.02f) < 1e-7); // 2·l2·γ
        model.named_parameters().Single(p => p.name == "batch_normalization_1.gamma").parameter.grad.ShouldBeNull();
    }

    [Fact]
    public void Bias_regularizer_is_l2_times_the_sum_of_squared_biases()
    {
        manual_seed(5);
        using var model = ModelFactory.Build(Load("deep-none", ("model:biasRegularizers:classification", "0.5")).Model);
        var bias = model.RegularizedParameters.Single().Kernel;
        using (no_grad()) bias.copy_(arange(10, dtype: float32));

        using var penalty = L2Penalty.Weights(model);

        model.RegularizedParameters.Single().LayerName.ShouldBe("classification.linear.bias");
        penalty.item<float>().ShouldBe(0.5f * 285); // Σ k² for k < 10
    }

    [Fact]
    public void Activity_regularizer_is_l2_times_the_squared_output_over_the_batch_size()
    {
        manual_seed(5);
        using var model = ModelFactory.Build(Load("shallow-none", ("model:activityRegularizers:dense", "0.01")).Model);
        model.eval();
        using var x = rand(4, 3, 32, 32);
        var upToDense = model.Layers.TakeWhile(l => l.Name != "batch_normalization_1").Where(l => l.Module is not null).ToList();

        using var logits = model.call(x);

        var h = x;
        foreach (var layer in upToDense) h = layer.Module!.call(h);
        double expected = 0.01 * h.square().sum().item<float>() / 4;
        model.ActivityPenalty.ShouldNotBeNull().item<float>().ShouldBe((float)expected, tolerance: (float)(expected * 1e-5));
        L2Penalty.Total(model).item<float>().ShouldBe((float)expected, tolerance: (float)(expected * 1e-5)); // no weight penalty here
    }

    [Fact]
    public void Without_the_new_keys_the_penalty_is_the_kernel_penalty_bit_for_bit()
    {
        manual_seed(5);
        using var model = ModelFactory.Build(Load("deep-l2").Model);
        model.RegularizedParameters.ShouldBeEmpty();
        model.HasActivityRegularizers.ShouldBeFalse();
        using var total = L2Penalty.Total(model);
        using var kernels = L2Penalty.Compute(model.RegularizedKernels);
        total.item<float>().ShouldBe(kernels.item<float>());
    }

    [Fact]
    public void A_training_run_with_an_activity_regularizer_reports_its_penalty()
    {
        var run = ExperimentRunner.Run(TrainerTests.Quick("shallow-none", epochs: 1, trainLimit: 64, ("model:activityRegularizers:dense", "0.001")),
                                       DataLocator.Resolve(null, null, environment: ""));

        run.Epochs[0].Penalty.ShouldBeGreaterThan(0);
        run.Epochs[0].Loss.ShouldBe(run.Epochs[0].DataLoss + run.Epochs[0].Penalty, tolerance: 1e-5);
        run.Curve!.Penalty.ShouldAllBe(p => p > 0);
    }

    [Theory]
    [InlineData("model:biasRegularizers:bn01", "'model:biasRegularizers:bn01' names no Conv2D/Dense layer of the deep model")]
    [InlineData("model:batchNormRegularizers:conv01", "'model:batchNormRegularizers:conv01' names no BatchNormalization layer of the deep model. Allowed layer names: bn01, bn01_2, bn02, bn02_2, bn03, bn03_2, bn.")]
    [InlineData("model:activityRegularizers:drop", "'model:activityRegularizers:drop' names no Conv2D/Dense layer of the deep model")]
    public void A_regularizer_on_the_wrong_kind_of_layer_names_the_allowed_ones(string key, string message) =>
        Should.Throw<ConfigurationException>(() => Load("deep-none", (key, "0.01"))).Message.ShouldContain(message);

    [Fact]
    public void Every_experiment_of_the_question_loads()
    {
        var files = Directory.GetFiles(Path.Combine(RepoPaths.Root, "experiments", "question"), "*.json");
        files.Length.ShouldBeGreaterThanOrEqualTo(10);
        foreach (var file in files)
        {
            var experiment = ExperimentLoader.Load(file, environment: NoEnvironment);
            experiment.Description.ShouldNotBeEmpty(file);
            using var model = ModelFactory.Build(experiment.Model); // the layer names resolve in the model too
        }
    }

    [Fact]
    public void The_BatchNorm_layer_lists_match_the_models()
    {
        foreach (var architecture in ModelOptions.Architectures)
        {
            using var model = ModelFactory.Build(Shipped.Model(architecture));
            ModelFactory.BatchNormLayers(architecture).ShouldBe(model.Layers.Where(l => l.KerasType == "BatchNormalization").Select(l => l.Name));
        }
    }
}
