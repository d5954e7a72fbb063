using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The fixture-tier snapshot test must catch a changed semantic and a changed baseline, and accepting the
/// received file must make it pass again.
/// </summary>
[Trait("Category", "snapshot")]
public sealed class SnapshotCanFailTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("shallow-l2", "model:kernelRegularizers:dense", "0.02")] // L2 0.01 → 0.02 on the big kernel
    [InlineData("shallow-l2", "model:batchNormMomentum", "0.9")]         // torch's momentum 0.1 in Keras' sense
    [InlineData("shallow-none", "model:denseDropout", "0")]               // dropout before the classifier off
    public void A_changed_semantic_fails_the_bands(string experiment, string key, string value)
    {
        var outcome = SnapshotCheck.Run(Tier.Fixture, experiment, SnapshotTests.Store, null,
            new Dictionary<string, string?> { [key] = value }, writeReceived: false);

        outcome.Status.ShouldBe(SnapshotStatus.Failed, outcome.Message);
        // Not only the bit-exact replay: the statistical bands catch it too, so it fails on any platform.
        outcome.Comparison!.Checks.ShouldContain(c => !c.Passed, outcome.Message);
    }

    [SkippableFact]
    public void On_the_recording_platform_exact_replay_catches_even_a_change_the_bands_cannot()
    {
        // torch's Adam instead of Keras' moves the fixture metrics far less than their bands (measured), but not one bit less.
        var outcome = SnapshotCheck.Run(Tier.Fixture, "shallow-none", SnapshotTests.Store, null,
            new Dictionary<string, string?> { ["optimizer:kind"] = "torch-adam" }, writeReceived: false);
        Skip.IfNot(outcome.Comparison!.Replay.Applied, outcome.Comparison.Replay.Reason);

        outcome.Status.ShouldBe(SnapshotStatus.Failed);
        outcome.Comparison.Replay.Mismatches.ShouldNotBeEmpty();
    }

    [Fact]
    public void A_perturbed_baseline_fails_with_the_table_and_accept_makes_it_pass()
    {
        var store = new BaselineStore(temp.Path);
        string committed = Directory.GetFiles(Path.Combine(SnapshotTests.Store.Root, "fixture", "cpu"), "shallow-none.*.verified.json").Single();
        string copy = Path.Combine(temp.Path, "fixture", "cpu", Path.GetFileName(committed));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        var baseline = Baseline.Load(committed);
        var epoch2 = baseline.Epochs[1];
        var loss = epoch2.Metrics["loss"];
        var perturbed = baseline with
        {
            Epochs = [baseline.Epochs[0], epoch2 with { Metrics = new Dictionary<string, MetricBand>(epoch2.Metrics) { ["loss"] = loss with { Mean = loss.Mean + 2 * loss.Band } } }, .. baseline.Epochs.Skip(2)],
        };
        File.WriteAllText(copy, perturbed.ToJson());

        var failed = SnapshotCheck.Run(Tier.Fixture, "shallow-none", store, null);
        failed.Status.ShouldBe(SnapshotStatus.Failed);
        failed.Message.ShouldContain("FAIL shallow-none");
        failed.Comparison!.Checks.Single(c => !c.Passed).Metric.ShouldBe("loss");
        failed.Comparison.Checks.Single(c => !c.Passed).BandsOff.ShouldBeGreaterThan(1);
        failed.Message.ShouldContain("benchsuite baselines accept shallow-none");
        File.Exists(BaselineStore.ReceivedPath(copy)).ShouldBeTrue();

        store.Accept(["shallow-none"]).ShouldBe([copy]);

        var passed = SnapshotCheck.Run(Tier.Fixture, "shallow-none", store, null);
        passed.Status.ShouldBe(SnapshotStatus.Passed, passed.Message);
    }

    [Fact]
    public void A_missing_baseline_fails_with_the_command_that_creates_it()
    {
        var outcome = SnapshotCheck.Run(Tier.Fixture, "deep-none", new BaselineStore(temp.Path), null);

        outcome.Status.ShouldBe(SnapshotStatus.Missing);
        outcome.Message.ShouldContain("benchsuite baselines record --tier fixture deep-none");
    }

    [Fact]
    public void A_cifar10_tier_without_data_is_skipped_with_the_reason()
    {
        var outcome = SnapshotCheck.Run(Tier.Cifar10Quick, "shallow-none", SnapshotTests.Store, cifar10Directory: null);

        outcome.Status.ShouldBe(SnapshotStatus.Skipped);
        outcome.Message.ShouldContain("BENCHSUITE_CIFAR10");
    }
}
