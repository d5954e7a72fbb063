using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Results;
using BenchSuite.Runtime;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>The comparison itself, on synthetic runs: it must fail when it should.</summary>
[Trait("Category", "unit")]
public class BaselineComparisonTests
{
    static readonly Platform Here = new("cpu", "0.107.0", "2.10.0", "Linux", "Test CPU", 2, ".NET 10");

    internal static RunRecord Run(long seed, params double[] lossPerEpoch) => new()
    {
        Experiment = "shallow-none",
        Complete = true,
        Configuration = new Experiment
        {
            Name = "shallow-none", Model = new ModelOptions(), Optimizer = new OptimizerSettings("keras-adam", 1e-3, 0.9, 0.999, 1e-8),
            Training = new TrainingSettings(32, lossPerEpoch.Length, seed, 2, 0, 0, 500, "cpu"),
            Augmentation = AugmentationSettings.KerasSeed, Split = new SplitSettings(0.2, 42), Data = new DataSettings(""),
        },
        Seed = seed, Device = "cpu", Threads = 2, FlushDenormals = true, Platform = Here,
        Data = new DataDescription("embedded", "/data", "sha256:abcdef0123456789", 1024, 256),
        StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        Epochs = lossPerEpoch.Select((loss, i) => new EpochMetrics
        {
            Epoch = i + 1, Steps = 32, Loss = loss, Accuracy = 0.4, ValLoss = 1.5, ValAccuracy = 0.45, DataLoss = loss, Penalty = 0,
            KernelNorms = new Dictionary<string, double>(), Seconds = 1, ImagesPerSecond = 1000, ValidationSeconds = 0.1,
        }).ToList(),
    };

    static Baseline Reference() => BaselineFactory.FromRuns([Run(42, 2.0, 1.8), Run(43, 2.01, 1.79), Run(44, 1.99, 1.81)], Tier.Fixture, "test");

    [Fact]
    public void The_same_run_passes_including_the_exact_replay()
    {
        var comparison = BaselineComparison.Compare(Reference(), Run(42, 2.0, 1.8));

        comparison.Passed.ShouldBeTrue(ComparisonReport.Render(comparison, "b"));
        comparison.Replay.Applied.ShouldBeTrue();
    }

    [Fact]
    public void A_metric_inside_its_band_passes_and_one_outside_fails_with_the_table()
    {
        var baseline = Reference();
        double band = baseline.Epochs[1].Metrics["loss"].Band; // 3 sd of (1.8, 1.79, 1.81), above the 0.02 floor
        band.ShouldBe(0.03, tolerance: 1e-9);

        var inside = BaselineComparison.Compare(baseline, Run(45, 2.0, 1.8 + band * 0.9));
        inside.Checks.ShouldAllBe(c => c.Passed);
        inside.Replay.Applied.ShouldBeFalse(); // another seed: bands only

        var outside = BaselineComparison.Compare(baseline, Run(45, 2.0, 1.8 + band * 1.5));
        outside.Passed.ShouldBeFalse();
        outside.Checks.Where(c => !c.Passed).Select(c => (c.Epoch, c.Metric)).ShouldBe([(2, "loss"), (2, "data_loss")]);
        var failed = outside.Checks.First(c => !c.Passed);
        failed.BandsOff.ShouldBe(1.5, tolerance: 1e-9);
        string table = ComparisonReport.Render(outside, "baselines/x.verified.json");
        table.ShouldContain("FAIL shallow-none");
        table.ShouldContain("1.8000 ± 0.0300");
        table.ShouldContain("+0.0450");
        table.ShouldContain("1.50");
    }

    [Fact]
    public void NaN_fails_whatever_the_band()
    {
        var comparison = BaselineComparison.Compare(Reference(), Run(45, double.NaN, 1.8));

        comparison.Passed.ShouldBeFalse();
        comparison.Checks.Where(c => !c.Passed).Select(c => (c.Epoch, c.Metric)).ShouldBe([(1, "loss"), (1, "data_loss")]);
    }

    [Fact]
    public void A_missing_epoch_fails()
    {
        var comparison = BaselineComparison.Compare(Reference(), Run(42, 2.0));

        comparison.Passed.ShouldBeFalse();
        comparison.Problems.ShouldContain("epoch 2 is in the baseline but missing from the run");
    }

    [Fact]
    public void The_reference_seed_must_replay_to_the_last_bit()
    {
        double nextUp = Math.BitIncrement(1.8);
        var comparison = BaselineComparison.Compare(Reference(), Run(42, 2.0, nextUp));

        comparison.Checks.ShouldAllBe(c => c.Passed); // well inside the band...
        comparison.Passed.ShouldBeFalse();            // ...but not the same bits
        comparison.Replay.Mismatches.Select(m => (m.Epoch, m.Metric)).ShouldBe([(2, "loss"), (2, "data_loss")]);
    }

    [Fact]
    public void Replay_is_skipped_with_the_reason_on_another_platform()
    {
        var other = Run(42, 2.0, 1.8) with { Threads = 1 };

        var comparison = BaselineComparison.Compare(Reference(), other);

        comparison.Replay.Applied.ShouldBeFalse();
        comparison.Replay.Reason.ShouldContain("1 threads (baseline 2)");
        comparison.Passed.ShouldBeTrue();
    }

    [Fact]
    public void Bands_come_from_the_seeds_statistics()
    {
        var band = BandRule.From("val_accuracy", [0.50, 0.56, 0.53, 0.47, 0.59]);

        band.Mean.ShouldBe(0.53, tolerance: 1e-12);
        band.Sd.ShouldBe(0.0474342, tolerance: 1e-6);
        band.Band.ShouldBe(3 * band.Sd, tolerance: 1e-12);
        (band.Min, band.Max).ShouldBe((0.47, 0.59));
        BandRule.From("penalty", [0, 0, 0]).Band.ShouldBe(1e-4); // the floor, for a metric with no spread
    }
}
