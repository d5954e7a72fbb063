using System.Text.Json.Nodes;
using BenchSuite.Results;
using BenchSuite.Tests.Baselines;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Reports;

/// <summary>Run records: schema 2 carries the curve compactly, schema 1 records still read, anything else is named and refused.</summary>
[Trait("Category", "unit")]
public sealed class RunRecordSchemaTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    internal static TrainingCurve Curve() => new()
    {
        EverySteps = 2, StepsPerEpoch = 4,
        Step = [2, 4, 6, 8], Epoch = [1, 1, 2, 2],
        Loss = [2.5, 2.25, 2.0, 1.875], DataLoss = [2.0, 1.875, 1.75, 1.625], Penalty = [0.5, 0.375, 0.25, 0.25], Accuracy = [0.125, 0.25, 0.375, 0.5],
        InitialKernelNorms = new Dictionary<string, double> { ["conv2d"] = 2.0 },
        KernelNorms = new Dictionary<string, double[]> { ["conv2d"] = [1.9, 1.8, 1.7, 1.6] },
        KernelRelativeChange = new Dictionary<string, double[]> { ["conv2d"] = [0.1, 0.05, 0.04, 0.03] },
    };

    [Fact]
    public void A_schema_2_record_round_trips_its_curve_one_line_per_series()
    {
        string path = Path.Combine(temp.Path, "run.json");
        var record = SampleRecords.Run(42, 2.0, 1.8) with { Curve = Curve() };

        record.Save(path);
        string text = File.ReadAllText(path);
        var read = RunRecord.Load(path);

        read.Schema.ShouldBe("benchsuite-run/2");
        text.ShouldContain("\"loss\": [2.5, 2.25, 2, 1.875]");
        text.ShouldContain("\"step\": [2, 4, 6, 8]");
        read.Curve.ShouldNotBeNull();
        read.Curve.Loss.ShouldBe([2.5, 2.25, 2.0, 1.875]);
        read.Curve.KernelNorms["conv2d"].ShouldBe([1.9, 1.8, 1.7, 1.6], tolerance: 1e-6); // float32 precision on disk
        read.Curve.EpochPosition(2).ShouldBe(1.5);
        read.Epochs.Select(e => e.Loss).ShouldBe([2.0, 1.8]);
    }

    [Fact]
    public void A_schema_1_record_still_reads_without_a_curve()
    {
        // What the schema-1 writer produced: no curve, no training.curve_every in the configuration.
        var json = JsonNode.Parse(SampleRecords.Run(43, 2.0, 1.8).ToJson())!.AsObject();
        json["schema"] = "benchsuite-run/1";
        json.Remove("curve");
        json.Remove("non_keras_parts"); // kept since 1 Dec 2026; every run before used Keras' parts
        json["configuration"]!["training"]!.AsObject().Remove("curve_every");
        string path = Path.Combine(temp.Path, "old.json");
        File.WriteAllText(path, json.ToJsonString());

        var read = RunRecord.Load(path);

        read.Schema.ShouldBe("benchsuite-run/1");
        read.Curve.ShouldBeNull();
        read.Seed.ShouldBe(43);
        read.Epochs.Select(e => e.Loss).ShouldBe([2.0, 1.8]);
        read.Configuration.Training.CurveEvery.ShouldBe(0);
        read.NonKerasParts.ShouldBeEmpty();
    }

    [Fact]
    public void A_record_from_before_the_adamw_and_regularizer_keys_reads_as_what_it_ran()
    {
        // Written before optimizer.weightDecay/weightDecayOn and the bias, BatchNorm and activity regularizers existed.
        var json = JsonNode.Parse(SampleRecords.Run(44, 2.0).ToJson())!.AsObject();
        var configuration = json["configuration"]!;
        foreach (var key in new[] { "weight_decay", "weight_decay_on" }) configuration["optimizer"]!.AsObject().Remove(key);
        foreach (var key in new[] { "bias_l2", "batch_norm_l2", "activity_l2" }) configuration["model"]!.AsObject().Remove(key);
        string path = Path.Combine(temp.Path, "before-adamw.json");
        File.WriteAllText(path, json.ToJsonString());

        var read = RunRecord.Load(path).Configuration;

        (read.Optimizer.WeightDecay, read.Optimizer.WeightDecayOn).ShouldBe((0.0, "all"));
        read.Model.BiasL2.ShouldBeEmpty();
        read.Model.BatchNormL2.ShouldBeEmpty();
        read.Model.ActivityL2.ShouldBeEmpty();
    }

    [Fact]
    public void A_record_without_a_key_that_was_always_written_is_refused_naming_the_file()
    {
        var json = JsonNode.Parse(SampleRecords.Run(45, 2.0).ToJson())!.AsObject();
        json["configuration"]!["model"]!.AsObject().Remove("dense_dropout");
        string path = Path.Combine(temp.Path, "cut.json");
        File.WriteAllText(path, json.ToJsonString());

        Should.Throw<InvalidDataException>(() => RunRecord.Load(path)).Message.ShouldStartWith($"{path}: not a run record");
    }

    [Fact]
    public void Foreign_newer_and_missing_records_are_refused_naming_the_file()
    {
        string baseline = Directory.GetFiles(Path.Combine(RepoPaths.Root, "baselines", "fixture", "cpu"), "*.verified.json")[0];
        Should.Throw<InvalidDataException>(() => RunRecord.Load(baseline)).Message
            .ShouldBe($"{baseline}: not a BenchSuite run record (schema '{BenchSuite.Baselines.Baseline.CurrentSchema}'); pass a file written by 'benchsuite run'.");

        string newer = Path.Combine(temp.Path, "newer.json");
        File.WriteAllText(newer, """{ "schema": "benchsuite-run/3" }""");
        Should.Throw<InvalidDataException>(() => RunRecord.Load(newer)).Message.ShouldContain("newer than this program reads");

        string notJson = Path.Combine(temp.Path, "broken.json");
        File.WriteAllText(notJson, "{ \"schema\": ");
        Should.Throw<InvalidDataException>(() => RunRecord.Load(notJson)).Message.ShouldStartWith($"{notJson}: not a run record");

        string missing = Path.Combine(temp.Path, "missing.json");
        Should.Throw<InvalidDataException>(() => RunRecord.Load(missing)).Message.ShouldStartWith($"{missing}: no such run record");
    }
}
