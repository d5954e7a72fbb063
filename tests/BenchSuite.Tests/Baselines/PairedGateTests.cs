using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The paired gate on synthetic samples (no training): candidates that rerun baseline seeds are compared seed by seed
/// with Student's t on the differences. Its p-values are scipy's; a known shift is flagged and only there; with the
/// bits moved but nothing else (correlated reruns) the whole-suite flag rate stays at or below alpha.
/// </summary>
[Trait("Category", "unit")]
public class PairedGateTests
{
    static readonly GatePolicy Policy = GatePolicy.Default;

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    /// <summary>fixtures/paired-t: scipy 1.10.1's <c>ttest_1samp(differences, 0).pvalue</c>.</summary>
    [Theory]
    [InlineData(new[] { 0.012, -0.004, 0.009, 0.015, 0.002, 0.007, 0.011, -0.001 }, 0.03134747035244812)]
    [InlineData(new[] { 0.061, 0.055, 0.072, 0.049, 0.066, 0.058, 0.070, 0.052 }, 1.7461499126589767e-07)]
    [InlineData(new[] { 0.03, -0.02, 0.01, -0.04, 0.02, 0.00, -0.01, 0.01 }, 1.0)]
    [InlineData(new[] { 0.5, 0.7 }, 0.10513691342250683)]
    [InlineData(new[] { -0.31, -0.29, -0.35, -0.30 }, 0.00016327304998622113)]
    public void Matches_scipys_one_sample_t_test_on_the_differences(double[] differences, double scipy) =>
        GateStatistics.PairedTPValue(differences).ShouldBe(scipy, tolerance: 1e-6 * scipy + 1e-12);

    [Fact]
    public void Identical_reruns_give_p_1_a_uniform_shift_p_0_and_one_pair_no_test()
    {
        GateStatistics.PairedTPValue([0.0, 0.0, 0.0]).ShouldBe(1);
        GateStatistics.PairedTPValue([-1.0, -1.0, -1.0]).ShouldBe(0);
        double.IsNaN(GateStatistics.PairedTPValue([0.2])).ShouldBeTrue();
    }

    /// <summary>
    /// Baseline seeds 1…30 of <paramref name="quantities"/> quantities (seed spread <paramref name="spread"/>), and their
    /// reruns for seeds 1…M: the same value plus drift of sd <paramref name="drift"/> (the bits moved) plus <paramref name="shift"/>(q).
    /// </summary>
    static (SeedSamples Baseline, SeedSamples Candidate) Pairs(string experiment, int quantities, int m, Random rng, double spread, double drift,
                                                               Func<int, double>? shift = null)
    {
        var names = Enumerable.Range(0, quantities).Select(q => $"e1/q{q}").ToList();
        var baseline = Enumerable.Range(1, 30).Select(s => new SeedValues(s, names.Select(_ => 2 + spread * Normal(rng)).ToList())).ToList();
        var candidate = baseline.Take(m).Select(b => new SeedValues(b.Seed, b.Values.Select((v, q) => v + drift * Normal(rng) + (shift?.Invoke(q) ?? 0)).ToList())).ToList();
        return (new SeedSamples(experiment, names, baseline), new SeedSamples(experiment, names, candidate));
    }

    [Fact]
    public void A_shift_of_one_spread_is_flagged_and_only_there_when_reruns_stay_correlated()
    {
        // Drift 0.2 spreads (what a rerun with other bits shows for kernel norms, README "How the gate decides"): a
        // shift of 1 spread is far beyond it with 8 pairs, though unpaired 8 seeds against 30 could not be sure of it.
        var rng = new Random(11);
        var (baseline, candidate) = Pairs("x", 18, 8, rng, spread: 0.1, drift: 0.02, shift: q => q == 7 ? 0.1 : 0);

        var tests = GateDecision.Decide([(baseline, candidate)], Policy);

        tests.Where(t => t.Flagged).Select(t => t.Quantity).ShouldBe(["e1/q7"]);
        var hit = tests.Single(t => t.Flagged);
        hit.Paired.ShouldBeTrue();
        hit.Effect.ShouldBe(1, tolerance: 0.4);
        hit.AdjustedP.ShouldBeLessThan(Policy.Alpha);
    }

    [Fact]
    public void A_significant_shift_below_half_a_spread_is_not_flagged()
    {
        // Perfectly repeatable reruns (drift 1e-4 spreads) moved by 0.2 spreads: p is tiny, the shift is not worth a flag.
        var rng = new Random(12);
        var (baseline, candidate) = Pairs("x", 1, 8, rng, spread: 0.1, drift: 1e-5, shift: _ => 0.02);
        var policy = Policy with { Floors = new Dictionary<string, double>() };

        var test = GateDecision.Decide([(baseline, candidate)], policy).Single();

        test.AdjustedP.ShouldBeLessThan(1e-6);
        test.Flagged.ShouldBeFalse();
        test.Verdict.ShouldBe("ok (significant, below the minimum shift)");
    }

    [Theory]
    [InlineData(0.2)]   // kernel norms: reruns stay close
    [InlineData(1.4)]   // a loss late in training: reruns as far apart as two seeds (√2 spreads)
    public void With_only_the_bits_moved_the_whole_suite_false_alarm_rate_is_at_most_alpha(double driftInSpreads)
    {
        // 2,000 simulated suite runs: 4 experiments × 18 quantities, 8 pairs each, the reruns drawn around their seeds.
        var rng = new Random(13);
        int runs = 2000, alarms = 0;
        for (int run = 0; run < runs; run++)
        {
            var suite = Enumerable.Range(0, 4).Select(e => Pairs($"x{e}", 18, 8, rng, spread: 0.1, drift: 0.1 * driftInSpreads)).ToList();
            if (GateDecision.Decide(suite, Policy).Any(t => t.Flagged)) alarms++;
        }

        var rate = new RateEstimate(alarms, runs);
        rate.Rate.ShouldBeLessThanOrEqualTo(Policy.Alpha + 3 * Math.Sqrt(Policy.Alpha * (1 - Policy.Alpha) / runs), rate.ToString());
    }

    [Fact]
    public void Bit_identical_reruns_are_said_so_and_never_flagged()
    {
        var rng = new Random(14);
        var (baseline, candidate) = Pairs("x", 3, 4, rng, spread: 0.1, drift: 0);

        var tests = GateDecision.Decide([(baseline, candidate)], Policy);

        tests.ShouldAllBe(t => t.Verdict == "ok (bit-identical)" && !t.Flagged && t.Shift == 0);
    }

    [Fact]
    public void Candidates_partly_among_the_baseline_seeds_are_refused()
    {
        var rng = new Random(15);
        var (baseline, candidate) = Pairs("x", 2, 4, rng, spread: 0.1, drift: 0.01);
        var mixed = candidate with { Seeds = [.. candidate.Seeds.Take(3), new SeedValues(7001, [2.0, 2.0])] };

        Should.Throw<ArgumentException>(() => GateDecision.Decide([(baseline, mixed)], Policy)).Message.ShouldContain("3 of the 4 candidate seeds are baseline seeds");
    }

    [Fact]
    public void Paired_false_alarms_by_resampling_count_only_what_the_policy_flags()
    {
        var rng = new Random(16);
        var experiments = Enumerable.Range(0, 4).Select(e => Pairs($"x{e}", 18, 30, rng, spread: 0.1, drift: 0.03)).ToList();

        var rate = GateCalibration.FalseAlarmsPaired(experiments, candidateSeeds: 8, draws: 300, Policy);

        rate.Trials.ShouldBe(300);
        rate.Rate.ShouldBeLessThanOrEqualTo(0.05, rate.ToString());
        var lax = Policy with { Alpha = 1, EffectSpreads = 0, Floors = new Dictionary<string, double>() };
        GateCalibration.FalseAlarmsPaired(experiments, 8, 50, lax).Rate.ShouldBeGreaterThan(0.5);
    }
}
