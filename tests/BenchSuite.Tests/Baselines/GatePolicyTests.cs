using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// Every tier's numbers let the gate flag a shift at all: a paired tier reruns at least 2 baseline seeds, the
/// reference seed among them; for fresh (unpaired) candidates the smallest two-sided Mann–Whitney p must pass Holm's
/// first threshold α·share/tests over the most quantities an experiment has in that tier — checked alone as a
/// snapshot test (a quarter of α) and in a whole-suite check.
/// </summary>
[Trait("Category", "unit")]
public class GatePolicyTests
{
    static readonly GatePolicy Policy = GatePolicy.Default;

    /// <summary>C(n, k) in doubles.</summary>
    static double Choose(int n, int k) => Enumerable.Range(1, k).Aggregate(1.0, (c, i) => c * (n - k + i) / i);

    [Theory]
    [InlineData(30, 4)]
    [InlineData(40, 4)]
    [InlineData(20, 4)]
    [InlineData(10, 3)]
    [InlineData(10, 5)]
    public void The_smallest_p_is_two_over_the_number_of_rank_arrangements(int n, int m) =>
        GatePolicy.SmallestPValue(n, m).ShouldBe(2 / Choose(n + m, m), tolerance: 1e-3 * 2 / Choose(n + m, m));

    /// <summary>Training images per epoch in a tier: the split's training side of the embedded set or of CIFAR-10's 50,000, cut to the tier's limit.</summary>
    static int TrainImages(Tier tier, Experiment experiment)
    {
        int images = tier.NeedsCifar10 ? 50_000 : Cifar10Reader.Read(DataLocator.EmbeddedDirectory).Train.Count;
        int train = TrainTestSplit.Split(images, experiment.Split.TestSize, experiment.Split.RandomState).Train.Length;
        return experiment.Training.TrainLimit > 0 ? Math.Min(train, experiment.Training.TrainLimit) : train;
    }

    public static TheoryData<string> Tiers() => new(Tier.All.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Tiers))]
    public void Every_tier_can_reach_significance_with_its_own_numbers(string tierName)
    {
        var tier = Tier.Parse(tierName);
        int n = Policy.BaselineSeedsFor(tier).Count, m = Policy.CandidateSeedsFor(tier).Count;
        var experiments = ExperimentLoader.Known();
        // Every planned quantity counted as a test (none constant, none redundant): the most an experiment can have.
        var tests = experiments.ToDictionary(e => e, e =>
        {
            var experiment = ExperimentLoader.Load(e, tier.Overrides, environment: ExperimentLoader.NoEnvironment);
            return GateQuantities.Planned(experiment, TrainImages(tier, experiment), Policy.QuantitiesFor(tier)).Count;
        });

        tests.Values.ShouldAllBe(c => c >= 9); // the count is real: at least 6 metrics and 3 kernel norms per gated epoch
        if (Policy.IsPaired(tier))
        {
            // Paired: Student's t has no floor on p, so any M >= 2 can flag; the reference seed's rerun is the replay.
            m.ShouldBeGreaterThanOrEqualTo(2);
            Policy.CandidateSeedsFor(tier).ShouldContain(Policy.BaselineSeedsFor(tier)[0]);
            return;
        }
        foreach (var (experiment, count) in tests)
            Policy.CanReachSignificance(n, m, count, alphaShare: 1.0 / experiments.Count).ShouldBeTrue(
                Policy.Unreachable($"{tier.Name} {experiment} checked alone", n, m, count, 1.0 / experiments.Count));
        Policy.CanReachSignificance(n, m, tests.Values.Sum()).ShouldBeTrue(Policy.Unreachable($"{tier.Name} whole suite", n, m, tests.Values.Sum()));
    }

    [Fact]
    public void The_old_real_data_numbers_could_not_reach_significance()
    {
        // cifar10-full with 10 baseline and 3 candidate seeds: 2/C(13,3) = 0.007, above alpha/4 even for one quantity.
        Policy.CanReachSignificance(10, 3, tests: 1, alphaShare: 0.25).ShouldBeFalse();
        // cifar10-quick with 20 and 4: 2/C(24,4) = 1.9e-4, above 0.0025/14 for the deep model's 14 per-epoch quantities.
        Policy.CanReachSignificance(20, 4, tests: 14, alphaShare: 0.25).ShouldBeFalse();
        string why = Policy.Unreachable("cifar10-full deep-l2", 10, 3, 14, 0.25)!;
        why.ShouldContain("cannot reach significance");
        why.ShouldContain("0.01·0.25/14 = 0.000179");
        Policy.CandidateSeedsNeeded(10, 14, 0.25).ShouldBe(7);   // 2/C(17,7) = 1.0e-4
        Policy.BaselineSeedsNeeded(4, 14, 0.25).ShouldBe(21);    // 2/C(25,4) = 1.6e-4
    }

    [Fact]
    public void Quarter_windows_on_the_fixture_would_need_more_seeds_than_the_policy_has()
    {
        // What turning the windows on would cost, unpaired: the deep model's 3 × (6 metrics + 8 windows + 8 kernel
        // norms + 8 bias norms + 7 moving variances + BatchNorm's ε + 3 input statistics) + 2 order repeats = 125
        // quantities need 2/C(n+4, 4) <= 0.0025/125 = 2.0e-5, i.e. C(n+4, 4) >= 100,000: n = 37 (C(41,4) = 101,270;
        // C(40,4) = 91,390), or 5 candidates (2/C(35,5) = 6.2e-6).
        var deep = ExperimentLoader.Load("deep-l2", Tier.Fixture.Overrides, environment: ExperimentLoader.NoEnvironment);
        int tests = GateQuantities.Planned(deep, TrainImages(Tier.Fixture, deep), new QuantitySelection(GatedEpochs.All, CurveWindows: 4)).Count;
        tests.ShouldBe(125);
        Policy.CanReachSignificance(30, 4, tests, 0.25).ShouldBeFalse();
        Policy.BaselineSeedsNeeded(4, tests, 0.25).ShouldBe(37);
        Policy.CandidateSeedsNeeded(30, tests, 0.25).ShouldBe(5);
    }

    [Theory]
    [InlineData("e2/loss", 0.005)]
    [InlineData("e2/loss@0.5", 0.005)]
    [InlineData("e1/data_loss@1", 0.005)]
    [InlineData("e3/penalty", 1e-4)]
    [InlineData("e1/norm:dense", 0)]
    public void A_window_has_its_metric_s_floor(string quantity, double floor) => Policy.Floor(quantity).ShouldBe(floor);
}
