using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using Shouldly;

namespace BenchSuite.Tests.Configuration;

/// <summary>
/// <c>defaults.json</c> is the one source of the experiment keys and their defaults: the loader knows exactly its
/// keys, reads every one of them, refuses any other, and the option records carry no default values of their own.
/// </summary>
[Trait("Category", "unit")]
public sealed class DefaultsFileTests : IDisposable
{
    const string Marker = "zz-marker-zz";
    static readonly string ShippedDefaults = Path.Combine(ExperimentLoader.ShippedDirectory, ExperimentLoader.DefaultsFile);
    readonly string directory = Directory.CreateTempSubdirectory("defaults-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    /// <summary>The shipped file's keys as the README documents them: values, and empty objects as sections keyed by layer name.</summary>
    public static TheoryData<string, bool> ShippedKeys()
    {
        var keys = new TheoryData<string, bool>();
        Walk(JsonNode.Parse(File.ReadAllText(ShippedDefaults))!, "");
        return keys;

        void Walk(JsonNode node, string path)
        {
            if (node is not JsonObject obj) keys.Add(path, false);
            else if (obj.Count == 0) keys.Add(path, true);
            else foreach (var (name, child) in obj) Walk(child!, path.Length == 0 ? name : $"{path}:{name}");
        }
    }

    [Theory]
    [MemberData(nameof(ShippedKeys))]
    public void Every_key_of_defaults_json_is_read(string key, bool layerSection)
    {
        // A key that is read either rejects the marker, naming the key, or carries it into the experiment.
        string set = layerSection ? key + ":no_such_layer" : key;
        var overrides = new Dictionary<string, string?> { [set] = layerSection ? "0.01" : Marker };
        try
        {
            var experiment = ExperimentLoader.Load("shallow-none", overrides, environment: ExperimentLoader.NoEnvironment);
            layerSection.ShouldBeFalse($"{set} was accepted: nothing checks the layer names of {key}");
            JsonSerializer.Serialize(experiment).ShouldContain(Marker, customMessage: $"{key} = {Marker} left no trace in the experiment: the loader does not read it");
        }
        catch (ConfigurationException e)
        {
            e.Message.ShouldContain(layerSection ? $"'{set}'" : $"'{key}' = '{Marker}'");
        }
    }

    [Fact]
    public void A_key_of_defaults_json_that_nothing_reads_is_refused_naming_the_file_and_the_key()
    {
        var defaults = JsonNode.Parse(File.ReadAllText(ShippedDefaults))!;
        defaults["training"]!["warmupEpochs"] = 1;
        string path = Path.Combine(directory, ExperimentLoader.DefaultsFile);
        File.WriteAllText(path, defaults.ToJsonString());
        File.WriteAllText(Path.Combine(directory, "mine.json"), "{}");

        var e = Should.Throw<ConfigurationException>(() => ExperimentLoader.Load("mine", directory: directory, environment: ExperimentLoader.NoEnvironment));

        e.Message.ShouldStartWith($"{path}: key 'training:warmupEpochs' is not read");
        e.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void An_unknown_key_is_refused_in_one_line_naming_the_file_and_the_key()
    {
        File.Copy(ShippedDefaults, Path.Combine(directory, ExperimentLoader.DefaultsFile));
        string path = Path.Combine(directory, "typo.json");
        File.WriteAllText(path, """{ "optimizer": { "learningrate2": 0.01 } }""");

        var e = Should.Throw<ConfigurationException>(() => ExperimentLoader.Load("typo", directory: directory, environment: ExperimentLoader.NoEnvironment));

        e.Message.ShouldStartWith($"{path}: unknown key 'optimizer:learningrate2'. Known keys: description, documented, model:architecture");
        e.Message.ShouldContain("model:kernelRegularizers:LAYER");
        e.Message.ShouldNotContain("\n");
    }

    [Fact]
    public void Defaults_is_what_an_empty_experiment_file_gives()
    {
        File.Copy(ShippedDefaults, Path.Combine(directory, ExperimentLoader.DefaultsFile));
        File.WriteAllText(Path.Combine(directory, "empty.json"), "{}");

        var defaults = ExperimentLoader.Defaults(directory);
        var empty = ExperimentLoader.Load("empty", directory: directory, environment: ExperimentLoader.NoEnvironment);

        defaults.Name.ShouldBe("defaults");
        JsonSerializer.Serialize(defaults with { Name = "empty" }).ShouldBe(JsonSerializer.Serialize(empty));
    }

    /// <summary>The records an experiment is made of: a default value in any of them would compete with defaults.json.</summary>
    public static TheoryData<Type> OptionRecords() =>
        new(typeof(Experiment), typeof(ModelOptions), typeof(OptimizerSettings), typeof(TrainingSettings),
            typeof(AugmentationSettings), typeof(SplitSettings), typeof(DataSettings));

    [Theory]
    [MemberData(nameof(OptionRecords))]
    public void The_option_records_have_no_defaults_of_their_own(Type record)
    {
        var constructor = record.GetConstructors().Single(c => c.GetParameters().All(p => p.ParameterType != record)); // not the copy constructor
        var positional = constructor.GetParameters().ToDictionary(p => p.Name!, StringComparer.OrdinalIgnoreCase);
        foreach (var property in record.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            // By name: ScottPlot carries its own copy of the attribute for older frameworks.
            bool required = property.CustomAttributes.Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.RequiredMemberAttribute");
            bool fromConstructor = positional.TryGetValue(property.Name, out var parameter) && !parameter.HasDefaultValue;
            (required || fromConstructor).ShouldBeTrue($"{record.Name}.{property.Name} is neither required nor a constructor parameter without a default");
        }
        positional.Values.Where(p => p.HasDefaultValue).Select(p => p.Name).ShouldBeEmpty($"{record.Name}'s constructor has defaults");
    }
}
