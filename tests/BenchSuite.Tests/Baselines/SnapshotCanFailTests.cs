using BenchSuite.Baselines;
using BenchSuite.Configuration;
using Shouldly;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The gate end to end: it must report a missing or old-format baseline with the command that makes one, pass
/// unchanged code, fail a moved baseline with the table and a received file, and pass again after accept. The
/// training here uses a tiny tier (1 epoch, 128 / 64 images; 29 runs in all) recorded into a temporary folder, so it is quick.
/// </summary>
[Trait("Category", "snapshot")]
public sealed class SnapshotCanFailTests(ITestOutputHelper output) : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    /// <summary>A tier of its own name, so that its baselines never mix with the committed ones.</summary>
    static readonly Tier Tiny = new("tiny-test", false, new Dictionary<string, string?>
    {
        ["training:epochs"] = "1", ["training:trainLimit"] = "128", ["training:validationLimit"] = "64",
    }, "unit tests only");

    [Fact]
    public void Unchanged_code_passes_a_moved_baseline_fails_with_the_table_and_accept_takes_the_candidates()
    {
        var store = new BaselineStore(temp.Path);
        var subject = GateSubject.Load(Tiny, "shallow-none", null);
        var recordSeeds = SeedList.Range(42, 12); // 12 vs 5 seeds: smallest two-sided p 2/C(17,5) = 3.2e-4, below alpha/m for m ≤ 30 quantities (here 16)
        var baseline = GateRecorder.FromRuns(subject, subject.Train(recordSeeds, output.WriteLine), 42, recordSeeds, "test");
        string verified = store.VerifiedPath(Tiny, "cpu", "shallow-none", subject.Dataset.Fingerprint);
        BaselineStore.TryWriteNew(verified, baseline).ShouldBeTrue();
        baseline.Quantities.ShouldContain("e1/val_accuracy");
        baseline.Quantities.ShouldContain("e1/norm:dense"); // the kernel norms are gate quantities too

        var passed = GateCheck.Run(Tiny, ["shallow-none"], store, null, new GateCheckOptions(SeedList.Range(7001, 5))).Experiments.Single();
        output.WriteLine(passed.Message);
        passed.Status.ShouldBe(SnapshotStatus.Passed, passed.Message);
        passed.Replay!.Applied.ShouldBeTrue(passed.Replay.Reason); // same machine, same build: the reference seed replays
        passed.Replay.Passed.ShouldBeTrue();

        // Calibration on the same baseline: resampling needs no training; a mutation that does not apply trains nothing;
        // one that applies trains its M seeds and is decided with this experiment's share of the suite's alpha.
        var calibration = GateCalibration.Run(Tiny, ["shallow-none"], store, null,
            new CalibrationPlan([5], Mutations.Select(["l2-x2", "dropout-0.3"]), Resamples: 50), GatePolicy.Default, output.WriteLine);
        output.WriteLine(calibration.Render());
        calibration.Paired.ShouldBeFalse(); // the default policy's candidates for an unknown tier are fresh seeds
        calibration.FalseAlarmsResampled[5].Trials.ShouldBe(50);
        calibration.Mutations.Single(m => m.Mutation.Name == "l2-x2").Detected[5].Trials.ShouldBe(0); // no L2 in shallow-none
        calibration.Mutations.Single(m => m.Mutation.Name == "dropout-0.3").Detected[5].Trials.ShouldBe(1);
        calibration.Mutations.Single(m => m.Mutation.Name == "dropout-0.3").Strongest.ShouldNotBeNull();
        calibration.Render().ShouldContain("| dropout-0.3 | shallow-none |");

        // The same tier checked paired (its candidates: baseline seeds 42-44): the mutation is trained on 3 reruns and
        // decided on the first 2 and on all 3; false alarms need reruns with other bits, so without them it says why.
        var pairedPolicy = GatePolicy.Default with { CandidateSeeds = new Dictionary<string, IReadOnlyList<long>> { [Tiny.Name] = SeedList.Range(42, 3) } };
        var pairedCalibration = GateCalibration.Run(Tiny, ["shallow-none"], store, null,
            new CalibrationPlan([2, 3], Mutations.Select(["dropout-0.3"]), Resamples: 50), pairedPolicy, output.WriteLine);
        output.WriteLine(pairedCalibration.Render());
        pairedCalibration.Paired.ShouldBeTrue();
        pairedCalibration.FalseAlarmsResampled.ShouldBeEmpty();
        pairedCalibration.Render().ShouldContain("--pairs-from DIR");
        pairedCalibration.Mutations.Single().Detected.Keys.ShouldBe([2, 3]);
        pairedCalibration.Mutations.Single().Detected.Values.ShouldAllBe(d => d.Trials == 1);

        // Paired: the candidates rerun baseline seeds. Unchanged code on this machine reproduces every seed bit for bit,
        // the reference seed's run is the replay (no extra run), and nothing is flagged.
        var pairedSeeds = SeedList.Range(42, 3);
        var paired = GateCheck.Run(Tiny, ["shallow-none"], store, null, new GateCheckOptions(pairedSeeds)).Experiments.Single();
        output.WriteLine(paired.Message);
        paired.Status.ShouldBe(SnapshotStatus.Passed, paired.Message);
        paired.Candidates!.Count.ShouldBe(3);
        paired.Replay!.Applied.ShouldBeTrue(paired.Replay.Reason);
        paired.Tests.Where(t => !t.Verdict.Contains("constant")).ShouldAllBe(t => t.Paired && t.Shift == 0 && t.Verdict == "ok (bit-identical)");

        // Move every seed's e1/loss up by 1 in the baseline: the unchanged code must now fail on that quantity.
        int loss = baseline.Quantities.ToList().IndexOf("e1/loss");
        var moved = baseline with { Seeds = baseline.Seeds.Select(s => s with { Values = s.Values.Select((v, i) => i == loss ? v + 1 : v).ToList() }).ToList() };
        File.WriteAllText(verified, moved.ToJson());

        // Paired, the same three seeds now differ by exactly −1 in e1/loss and by nothing elsewhere: flagged there only.
        var pairedFailed = GateCheck.Run(Tiny, ["shallow-none"], store, null, new GateCheckOptions(pairedSeeds, WriteReceived: false)).Experiments.Single();
        output.WriteLine(pairedFailed.Message);
        pairedFailed.Status.ShouldBe(SnapshotStatus.Failed);
        pairedFailed.Tests.Where(t => t.Flagged).Select(t => t.Quantity).ShouldBe(["e1/loss"]);
        pairedFailed.Tests.Single(t => t.Quantity == "e1/loss").Shift.ShouldBe(-1, tolerance: 1e-9);

        var failed = GateCheck.Run(Tiny, ["shallow-none"], store, null, new GateCheckOptions(SeedList.Range(7001, 5))).Experiments.Single();
        output.WriteLine(failed.Message);
        failed.Status.ShouldBe(SnapshotStatus.Failed);
        failed.Tests.Where(t => t.Flagged).Select(t => t.Quantity).ShouldContain("e1/loss");
        failed.Message.ShouldContain("FAIL e1/loss");
        failed.Message.ShouldContain("benchsuite baselines accept shallow-none");
        File.Exists(BaselineStore.ReceivedPath(verified)).ShouldBeTrue();

        // Accept turns the received file (the candidate seeds, unmoved) into the baseline.
        store.Accept(["shallow-none"]).ShouldBe([verified]);
        var accepted = Baseline.Load(verified);
        accepted.Seeds.Select(s => s.Seed).ShouldBe(SeedList.Range(7001, 5));
        accepted.Seeds.ShouldAllBe(s => Math.Abs(s.Values[loss] - moved.Seeds[0].Values[loss]) > 0.5);
    }

    [Fact]
    public void Candidate_seeds_are_all_fresh_or_all_baseline_seeds()
    {
        var store = new BaselineStore(temp.Path);
        var subject = GateSubject.Load(Tiny, "shallow-none", null);
        string verified = store.VerifiedPath(Tiny, "cpu", "shallow-none", subject.Dataset.Fingerprint);
        BaselineStore.TryWriteNew(verified, BaselineFileTests.Sample([42, 43, 44]) with { Experiment = "shallow-none", DataFingerprint = subject.Dataset.Fingerprint });

        Should.Throw<ConfigurationException>(() => GateCheck.Run(Tiny, ["shallow-none"], store, null, new GateCheckOptions(SeedList.Parse("43,7001"))))
              .Message.ShouldContain("candidate seeds 43 are among the baseline's seeds (" + verified + ") and 7001 are not: use only baseline seeds (a paired check, e.g. --seeds 42-43) or only fresh ones (e.g. --seeds 7002-7003)");
        Should.Throw<ConfigurationException>(() => GateCheck.Run(Tiny, ["shallow-none"], store, null, new GateCheckOptions(SeedList.Parse("43"))))
              .Message.ShouldContain("needs at least 2 seeds");
    }

    [Fact]
    public void An_old_band_baseline_is_skipped_with_the_record_command()
    {
        var store = new BaselineStore(temp.Path);
        var subject = GateSubject.Load(Tier.Fixture, "deep-none", null);
        string verified = store.VerifiedPath(Tier.Fixture, "cpu", "deep-none", subject.Dataset.Fingerprint);
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        File.WriteAllText(verified, "{ \"schema\": \"benchsuite-baseline/1\" }");

        var outcome = GateCheck.Run(Tier.Fixture, ["deep-none"], store, null).Experiments.Single();

        outcome.Status.ShouldBe(SnapshotStatus.Skipped);
        outcome.Message.ShouldContain("benchsuite baselines record --tier fixture deep-none");
    }

    [Fact]
    public void A_missing_baseline_fails_with_the_command_that_creates_it()
    {
        var outcome = GateCheck.Run(Tier.Fixture, ["deep-none"], new BaselineStore(temp.Path), null);

        outcome.Failed.ShouldBeTrue();
        outcome.Experiments.Single().Status.ShouldBe(SnapshotStatus.Missing);
        outcome.Experiments.Single().Message.ShouldContain("benchsuite baselines record --tier fixture deep-none");
    }

    [Fact]
    public void A_cifar10_tier_without_data_is_skipped_with_the_reason()
    {
        var outcome = GateCheck.Run(Tier.Cifar10Quick, ["shallow-none"], SnapshotTests.Store, cifar10Directory: null).Experiments.Single();

        outcome.Status.ShouldBe(SnapshotStatus.Skipped);
        outcome.Message.ShouldContain("BENCHSUITE_CIFAR10");
    }

    /// <summary>Catalogue mutations against the committed fixture baselines: slow (M seeds each), so opt-in.</summary>
    [SkippableTheory]
    [InlineData("shallow-l2", "l2-x2")]
    [InlineData("shallow-none", "bn-momentum-0.9")]
    [InlineData("shallow-none", "dropout-0.3")]
    [InlineData("shallow-none", "no-rotation")]  // caught by input_axes
    [InlineData("shallow-none", "no-reshuffle")] // order_repeat
    [InlineData("shallow-none", "scale-1/256")]  // input_mean
    [InlineData("shallow-none", "bn-epsilon-1e-5")] // bn_epsilon
    public void A_catalogue_mutation_fails_the_committed_fixture_baseline(string experiment, string mutation)
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("BENCHSUITE_GATE_MUTATION_TESTS") == "1",
            "opt-in (trains 6 seeds per case): set BENCHSUITE_GATE_MUTATION_TESTS=1; 'benchsuite baselines calibrate' measures the whole catalogue");
        var outcome = GateCheck.Run(Tier.Fixture, [experiment], SnapshotTests.Store, null,
            new GateCheckOptions(Mutation: Mutations.Select([mutation]).Single(), AlphaShare: 1.0 / ExperimentLoader.Known().Count, WriteReceived: false)).Experiments.Single();
        output.WriteLine(outcome.Message);
        Skip.If(outcome.Status == SnapshotStatus.Skipped, outcome.Message);

        outcome.Status.ShouldBe(SnapshotStatus.Failed, outcome.Message);
        outcome.Tests.ShouldContain(t => t.Flagged, outcome.Message); // the statistics, not only the replay
    }
}
