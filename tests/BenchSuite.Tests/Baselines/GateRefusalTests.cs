using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// What the gate refuses before any training: a check or a recording whose seeds could never flag a shift (one line
/// with the numbers and the seeds that would do); and how a mutation is applied to a subject.
/// </summary>
[Trait("Category", "unit")]
public sealed class GateRefusalTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    static readonly Tier Tiny = new("tiny-refusal-test", false, new Dictionary<string, string?>
    {
        ["training:epochs"] = "1", ["training:trainLimit"] = "128", ["training:validationLimit"] = "64",
    }, "unit tests only");

    [Fact]
    public void A_check_that_could_never_flag_anything_is_refused_before_training()
    {
        var store = new BaselineStore(temp.Path);
        var subject = GateSubject.Load(Tiny, "shallow-l2", null);
        var names = subject.PlannedQuantities(GatePolicy.Default.QuantitiesFor(Tiny));
        var rng = new Random(1);
        var baseline = BaselineFileTests.Sample(SeedList.Range(42, 6)) with
        {
            Experiment = "shallow-l2", DataFingerprint = subject.Dataset.Fingerprint, Quantities = names,
            Seeds = SeedList.Range(42, 6).Select(s => new SeedValues(s, names.Select(_ => rng.NextDouble()).ToList())).ToList(),
        };
        BaselineStore.TryWriteNew(store.VerifiedPath(Tiny, "cpu", "shallow-l2", subject.Dataset.Fingerprint), baseline).ShouldBeTrue();

        // 6 baseline seeds, 3 candidates: smallest p 2/C(9,3) = 0.024, far above 0.01 over ~20 tests.
        var refused = Should.Throw<ConfigurationException>(() => GateCheck.Run(Tiny, ["shallow-l2"], store, null, new GateCheckOptions(SeedList.Range(7001, 3))));
        refused.Message.ShouldContain("shallow-l2 against");
        refused.Message.ShouldContain($"cannot reach significance: with 6 baseline and 3 candidate seeds the smallest two-sided Mann–Whitney p is 0.0238");
        refused.Message.ShouldContain($"{names.Count} tests in this decision"); // every planned quantity varies in this baseline
        refused.Message.ShouldContain("use at least");
    }

    [Fact]
    public void Recording_without_the_seeds_the_check_reruns_is_refused()
    {
        var subject = GateSubject.Load(Tier.Fixture, "deep-l2", null);
        var policy = GatePolicy.Default;

        // The fixture checks paired (reruns 42-47): a recording of 50-79 could never be compared seed by seed.
        var refused = Should.Throw<ConfigurationException>(() => GateRecorder.ThrowIfUnusable(subject, SeedList.Range(50, 30), experimentsInSuite: 4, policy));
        refused.Message.ShouldContain("a fixture baseline of deep-l2 must hold the seeds its check reruns (42-47); 42-47 missing from --seeds 50-79");
        Should.Throw<ConfigurationException>(() => GateRecorder.ThrowIfUnusable(subject, SeedList.Range(44, 30), 4, policy)).Message.ShouldContain("42-43 missing");
        Should.NotThrow(() => GateRecorder.ThrowIfUnusable(subject, policy.BaselineSeedsFor(Tier.Fixture), 4, policy));
    }

    [Fact]
    public void Recording_too_few_seeds_for_fresh_candidates_is_refused()
    {
        var subject = GateSubject.Load(Tier.Fixture, "deep-l2", null);
        // 5 fresh seeds: deep-l2's 98 fixture quantities, checked alone, need 2/C(30+5, 5) = 6.2e-6 <= 0.0025/98 (4 would not).
        var unpaired = GatePolicy.Default with { CandidateSeeds = new Dictionary<string, IReadOnlyList<long>> { ["fixture"] = SeedList.Range(7001, 5) } };

        var refused = Should.Throw<ConfigurationException>(() => GateRecorder.ThrowIfUnusable(subject, SeedList.Range(42, 10), experimentsInSuite: 4, unpaired));
        refused.Message.ShouldContain("a fixture baseline of deep-l2");
        refused.Message.ShouldContain("Record at least");
        Should.NotThrow(() => GateRecorder.ThrowIfUnusable(subject, unpaired.BaselineSeedsFor(Tier.Fixture), 4, unpaired));
    }

    [Fact]
    public void A_mutation_applies_its_keys_on_top_of_the_tier_s_and_its_parts()
    {
        var subject = GateSubject.Load(Tiny, "shallow-l2", null, new Dictionary<string, string?> { ["optimizer:learningRate"] = "0.002" });

        var biases = subject.Mutated(Mutations.Select(["l2-on-biases"]).Single())!;
        biases.Experiment.Model.BiasL2["dense"].ShouldBe(0.01);
        biases.Experiment.Training.TrainLimit.ShouldBe(128);              // the tier's keys stay
        biases.Experiment.Optimizer.LearningRate.ShouldBe(0.002);         // and the check's own
        biases.Dataset.ShouldBeSameAs(subject.Dataset);                   // the data is not read again
        biases.Parts.ShouldBe(TrainingParts.Keras);

        subject.Mutated(Mutations.Select(["no-reshuffle"]).Single())!.Parts.EpochOrder.ShouldBe(ShuffleOnce.Instance);
        GateSubject.Load(Tiny, "shallow-none", null).Mutated(Mutations.Select(["l2-x2"]).Single()).ShouldBeNull();
    }
}
