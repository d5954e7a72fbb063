using BenchSuite.Configuration;
using BenchSuite.Data;
using Shouldly;

namespace BenchSuite.Tests.Configuration;

[Trait("Category", "unit")]
public sealed class ExperimentLoaderTests : IDisposable
{
    static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();
    readonly string directory = Directory.CreateTempSubdirectory("experiments-").FullName;

    public ExperimentLoaderTests() =>
        File.Copy(Path.Combine(ExperimentLoader.ShippedDirectory, ExperimentLoader.DefaultsFile), Path.Combine(directory, ExperimentLoader.DefaultsFile));

    public void Dispose() => Directory.Delete(directory, recursive: true);

    string Write(string name, string json)
    {
        string path = Path.Combine(directory, name + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    Experiment Load(string name, Dictionary<string, string?>? overrides = null, Dictionary<string, string>? environment = null) =>
        ExperimentLoader.Load(name, overrides, directory, environment ?? NoEnvironment);

    [Fact]
    public void The_four_documented_experiments_ship_with_the_post_settings()
    {
        ExperimentLoader.Known().ShouldBe(["deep-l2", "deep-none", "shallow-l2", "shallow-none"]);

        var shallowL2 = ExperimentLoader.Load("shallow-l2", environment: NoEnvironment);
        shallowL2.Model.Architecture.ShouldBe("shallow");
        shallowL2.Model.KernelL2.ShouldBe(new Dictionary<string, double> { ["conv2d"] = 0.01, ["dense"] = 0.01 });
        shallowL2.Optimizer.ShouldBe(new OptimizerSettings("keras-adam", 0.001, 0.9, 0.999, 1e-8) { WeightDecay = 0, WeightDecayOn = "all" });
        (shallowL2.Training.BatchSize, shallowL2.Training.Epochs).ShouldBe((32, 3));
        shallowL2.Split.ShouldBe(new SplitSettings(0.2, 42));
        shallowL2.Augmentation.ShouldBe(new AugmentationSettings(15, 0.1, 0.1, true)); // the seed script's ImageDataGenerator
        shallowL2.Documented.ShouldBe("shallow/l2=0.01");

        ExperimentLoader.Load("shallow-none", environment: NoEnvironment).Model.KernelL2.ShouldBeEmpty();
        ExperimentLoader.Load("deep-l2", environment: NoEnvironment).Model.KernelL2.Keys
            .ShouldBe(BenchSuite.Models.ModelFactory.HiddenKernelLayers("deep"), ignoreOrder: true);
    }

    [Fact]
    public void Environment_overrides_the_file_and_the_command_line_overrides_both()
    {
        Write("mine", """{ "training": { "epochs": 5 } }""");

        Load("mine").Training.Epochs.ShouldBe(5);
        Load("mine", environment: new() { ["BENCHSUITE__training__epochs"] = "2" }).Training.Epochs.ShouldBe(2);
        Load("mine", new() { ["training:epochs"] = "1" }, new() { ["BENCHSUITE__training__epochs"] = "2" }).Training.Epochs.ShouldBe(1);
    }

    [Fact]
    public void An_unknown_key_names_the_file_and_the_key()
    {
        string path = Write("typo", """{ "training": { "epoch": 5 } }""");

        var e = Should.Throw<ConfigurationException>(() => Load("typo"));
        e.Message.ShouldContain(path);
        e.Message.ShouldContain("'training:epoch'");
        e.Message.ShouldContain("training:epochs");
    }

    [Fact]
    public void A_wrong_type_names_the_file_the_key_and_what_is_allowed()
    {
        string path = Write("words", """{ "training": { "batchSize": "thirty-two" } }""");

        var e = Should.Throw<ConfigurationException>(() => Load("words"));
        e.Message.ShouldContain(path);
        e.Message.ShouldContain("'training:batchSize' = 'thirty-two'");
        e.Message.ShouldContain("a whole number >= 1");
    }

    [Theory]
    [InlineData("split:testSize", "1.5", "strictly between 0 and 1")]
    [InlineData("model:denseDropout", "1", "[0, 1)")]
    [InlineData("optimizer:kind", "sgd", "keras-adam, torch-adam")]
    [InlineData("model:architecture", "resnet", "shallow, deep")]
    [InlineData("training:device", "tpu", "cpu, cuda")]
    [InlineData("augmentation:horizontalFlip", "sometimes", "true or false")]
    public void Impossible_values_from_the_command_line_are_rejected_with_the_allowed_range(string key, string value, string allowed)
    {
        string name = WriteCopy();
        var e = Should.Throw<ConfigurationException>(() => Load(name, new() { [key] = value }));
        e.Message.ShouldContain("command-line option");
        e.Message.ShouldContain($"'{key}' = '{value}'");
        e.Message.ShouldContain(allowed);
    }

    [Fact]
    public void A_bad_environment_value_names_the_variable()
    {
        WriteCopy();
        var e = Should.Throw<ConfigurationException>(() => Load("base", environment: new() { ["BENCHSUITE__training__threads"] = "0" }));
        e.Message.ShouldContain("environment variable BENCHSUITE__training__threads");
    }

    [Fact]
    public void A_regularizer_on_a_layer_the_model_lacks_lists_the_layer_names()
    {
        Write("bad-layer", """{ "model": { "architecture": "deep", "kernelRegularizers": { "conv2d": 0.01 } } }""");

        var e = Should.Throw<ConfigurationException>(() => Load("bad-layer"));
        e.Message.ShouldContain("'model:kernelRegularizers:conv2d'");
        e.Message.ShouldContain("conv01, conv01_2");
    }

    [Fact]
    public void An_unknown_experiment_lists_the_known_ones()
    {
        Write("alpha", "{}");
        Write("beta", "{}");

        var e = Should.Throw<ConfigurationException>(() => Load("gamma"));
        e.Message.ShouldContain("Unknown experiment 'gamma'");
        e.Message.ShouldContain("alpha, beta");
    }

    [Fact]
    public void Broken_JSON_names_the_file()
    {
        string path = Write("broken", """{ "training": { "epochs": 3, } """);

        Should.Throw<ConfigurationException>(() => Load("broken")).Message.ShouldContain(path);
    }

    [Fact]
    public void A_path_to_a_file_elsewhere_loads_with_the_shipped_defaults()
    {
        string elsewhere = Path.Combine(Directory.CreateTempSubdirectory().FullName, "custom.json");
        File.WriteAllText(elsewhere, """{ "model": { "architecture": "deep", "poolDropout": 0.1 } }""");

        var experiment = ExperimentLoader.Load(elsewhere, environment: NoEnvironment);

        experiment.Name.ShouldBe("custom");
        experiment.Model.PoolDropout.ShouldBe(0.1);
        experiment.Training.BatchSize.ShouldBe(32);
    }

    string WriteCopy()
    {
        Write("base", "{}");
        return "base";
    }
}
