using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The gate's decision on synthetic samples (no training): a known shift is flagged, a negligible one never is,
/// and with no shift the whole-suite flag rate stays near or below alpha.
/// </summary>
[Trait("Category", "unit")]
public class GateDecisionTests
{
    static readonly GatePolicy Policy = GatePolicy.Default;

    /// <summary>One experiment's samples: quantities q0.. with values drawn by <paramref name="draw"/>(quantity, rng).</summary>
    static SeedSamples Draw(string experiment, int quantities, int seeds, Random rng, Func<int, Random, double> draw, long firstSeed = 1) =>
        new(experiment, Enumerable.Range(0, quantities).Select(q => $"e1/q{q}").ToList(),
            Enumerable.Range(0, seeds).Select(s => new SeedValues(firstSeed + s, Enumerable.Range(0, quantities).Select(q => draw(q, rng)).ToList())).ToList());

    static double Normal(Random rng) => Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());

    [Fact]
    public void A_known_shift_is_flagged_and_only_there()
    {
        var rng = new Random(1);
        var baseline = Draw("x", 18, 30, rng, (_, r) => 1 + 0.1 * Normal(r));
        var candidate = Draw("x", 18, 6, rng, (q, r) => 1 + 0.1 * Normal(r) + (q == 7 ? 0.4 : 0), firstSeed: 7001);

        var tests = GateDecision.Decide([(baseline, candidate)], Policy);

        tests.Where(t => t.Flagged).Select(t => t.Quantity).ShouldBe(["e1/q7"]);
        var hit = tests.Single(t => t.Flagged);
        hit.Effect.ShouldBeGreaterThan(2);
        hit.AdjustedP.ShouldBeLessThan(Policy.Alpha);
        hit.Verdict.ShouldBe("MOVED");
        GateReport.Render("x", tests, true, "b.json").ShouldContain("FAIL e1/q7");
    }

    [Fact]
    public void The_table_keeps_its_columns_for_long_names_and_shows_a_tiny_spread()
    {
        // BatchNorm's ε: median 1e-3, a seed spread of 1e-8, moved by 1e-5 − 1e-3; and the shallow model's longest name.
        QuantityTest Row(string name, double median, double spread, double shift) =>
            new("shallow-none", name, 30, median, spread, 6, median + shift, true, shift, 0.5, 1, 1e-4, false, "ok");
        var rows = new[] { Row("e3/bn_epsilon", 1e-3, 1.2e-8, -9.9e-4), Row("e3/mvar:batch_normalization_1", 17.7128, 3.4737, 1.4891) };

        var lines = GateReport.Render("shallow-none", rows, false, "b.json").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        lines[1].IndexOf("baseline median").ShouldBe(lines[3].IndexOf("17.7128") + "17.7128".Length - "baseline median".Length);
        lines[2].ShouldContain("1.20e-8");  // the spread, not 0.0000
        lines[2].ShouldContain("-9.90e-4"); // the shift
        GateReport.Value(0.123456).ShouldBe("0.1235");
        GateReport.Value(2e-3, signed: true).ShouldBe("+0.0020");
        GateReport.Value(0).ShouldBe("0");
    }

    [Fact]
    public void A_negligible_shift_is_never_flagged_however_many_seeds()
    {
        // 0.1 spreads and below every floor: with 400 candidate seeds it is highly significant, and still not flagged.
        var rng = new Random(2);
        var baseline = Draw("x", 1, 400, rng, (_, r) => 0.5 + 0.004 * Normal(r));
        var candidate = Draw("x", 1, 400, rng, (_, r) => 0.5 + 0.004 * Normal(r) + 0.0004, firstSeed: 7001);
        // Override the floor to 0 so that only the effect-size rule (0.5 spreads) stands between significance and a flag.
        var policy = Policy with { Floors = new Dictionary<string, double>() };

        var test = GateDecision.Decide([(baseline, candidate)], policy).Single();

        test.Flagged.ShouldBeFalse();
        Math.Abs(test.Effect).ShouldBeLessThan(policy.EffectSpreads);
    }

    [Fact]
    public void With_no_shift_the_whole_suite_false_alarm_rate_is_at_most_alpha()
    {
        // 2,000 simulated suite runs of 4 experiments × 18 quantities, 30 baseline seeds against 6 candidates, drawn
        // from the same distributions: continuous ones, and accuracies on 256 images (ties, as in val_accuracy).
        var rng = new Random(3);
        int runs = 2000, alarms = 0;
        for (int run = 0; run < runs; run++)
        {
            var suite = Enumerable.Range(0, 4).Select(e =>
            {
                Func<int, Random, double> draw = (q, r) => q % 3 == 2 ? Math.Round(256 * (0.4 + 0.03 * Normal(r))) / 256 : 2.0 + 0.05 * Normal(r);
                return (Draw($"x{e}", 18, 30, rng, draw), Draw($"x{e}", 18, 6, rng, draw, firstSeed: 7001));
            }).ToList();
            if (GateDecision.Decide(suite, Policy).Any(t => t.Flagged)) alarms++;
        }

        var rate = new RateEstimate(alarms, runs);
        // Holm controls the family-wise rate at alpha = 1 %; allow the binomial noise of 2,000 runs (3 sd ≈ 0.67 %).
        rate.Rate.ShouldBeLessThanOrEqualTo(Policy.Alpha + 3 * Math.Sqrt(Policy.Alpha * (1 - Policy.Alpha) / runs), rate.ToString());
    }

    [Fact]
    public void Alpha_is_shared_when_experiments_are_decided_one_by_one()
    {
        // A p-value that passes Holm with the whole alpha but not with a quarter of it.
        var baseline = new SeedSamples("x", ["e1/loss"], Enumerable.Range(0, 5).Select(i => new SeedValues(i, [1.0 + i * 0.01])).ToList());
        var candidate = new SeedSamples("x", ["e1/loss"], Enumerable.Range(0, 5).Select(i => new SeedValues(100 + i, [2.0 + i * 0.01])).ToList());
        var policy = Policy with { Alpha = 0.01 }; // exact two-sided p = 2/C(10,5) = 0.0079

        GateDecision.Decide([(baseline, candidate)], policy).Single().Flagged.ShouldBeTrue();
        GateDecision.Decide([(baseline, candidate)], policy, alphaShare: 0.25).Single().Flagged.ShouldBeFalse();
    }

    [Fact]
    public void A_constant_baseline_is_compared_by_the_floor_and_a_redundant_quantity_is_dropped()
    {
        // Without L2: penalty 0 in every seed, data_loss identical to loss.
        SeedSamples Runs(long first, int count, double step, double penalty) => new("shallow-none", ["e1/loss", "e1/data_loss", "e1/penalty"],
            Enumerable.Range(0, count).Select(i => new SeedValues(first + i, [2 + step * i, 2 + step * i, penalty])).ToList());
        var baseline = Runs(42, 10, 0.01, 0);   // loss 2.00 … 2.09

        var same = GateDecision.Decide([(baseline, Runs(7001, 4, 0.025, 0))], Policy); // loss 2.000 … 2.075, spread over the baseline's range
        same.Select(t => t.Quantity).ShouldBe(["e1/loss", "e1/penalty"]);
        same.ShouldAllBe(t => !t.Flagged);

        var withPenalty = GateDecision.Decide([(baseline, Runs(7001, 4, 0.025, 0.3))], Policy);
        withPenalty.Single(t => t.Quantity == "e1/penalty").Verdict.ShouldBe("MOVED: left a constant baseline");
    }

    [Fact]
    public void Only_the_quantities_both_sides_have_are_compared_and_the_others_are_named()
    {
        // A baseline recorded before the curve windows existed, against candidates that have them (and vice versa).
        var rng = new Random(6);
        var old = new SeedSamples("x", ["e1/loss", "e1/accuracy", "e2/loss"],
            Enumerable.Range(0, 30).Select(i => new SeedValues(i, [1 + 0.1 * Normal(rng), 0.3 + 0.01 * Normal(rng), 0.8 + 0.1 * Normal(rng)])).ToList());
        var fresh = new SeedSamples("x", ["e1/loss", "e1/loss@0.25", "e1/loss@0.5", "e1/accuracy"],
            Enumerable.Range(0, 4).Select(i => new SeedValues(7001 + i, [1 + 0.1 * Normal(rng), 5.0, 5.0, 0.3 + 0.01 * Normal(rng)])).ToList());

        var tests = GateDecision.Decide([(old, fresh)], Policy);

        tests.Select(t => t.Quantity).ShouldBe(["e1/loss", "e1/accuracy"]);
        tests.ShouldAllBe(t => !t.Flagged);
        GateDecision.TestCount(old, fresh.Quantities.ToHashSet()).ShouldBe(2);
        var (baselineOnly, candidateOnly) = GateDecision.Unmatched(old.Quantities, fresh.Quantities);
        baselineOnly.ShouldBe(["e2/loss"]);
        candidateOnly.ShouldBe(["e1/loss@0.25", "e1/loss@0.5"]);
        string coverage = GateReport.Coverage(old.Quantities, fresh.Quantities, tests.Count);
        coverage.ShouldContain("compared: 2 quantities both the baseline and the candidates have");
        coverage.ShouldContain("2 only in the candidates (re-record the baseline to gate them): e1: loss@0.25, loss@0.5");
        coverage.ShouldContain("1 only in the baseline (not gated in this tier): e2: loss");
    }

    [Fact]
    public void Names_are_summarized_by_metric_over_their_epochs()
    {
        GateReport.Summarize(["e1/loss@0.25", "e2/loss@0.25", "e3/loss@0.25", "e1/loss@1", "e2/loss@1", "e3/loss@1"]).ShouldBe("e1–e3: loss@0.25, loss@1");
        GateReport.Summarize(["e1/loss", "e3/loss", "e3/norm:dense"]).ShouldBe("loss (e1,e3), norm:dense (e3)");
    }

    [Fact]
    public void A_diverged_candidate_is_flagged()
    {
        var rng = new Random(4);
        var baseline = Draw("x", 2, 10, rng, (_, r) => 1 + 0.1 * Normal(r));
        var candidate = baseline with { Seeds = [new SeedValues(7001, [double.NaN, 1.0])] };

        var tests = GateDecision.Decide([(baseline, candidate)], Policy);

        tests.Single(t => t.Quantity == "e1/q0").Verdict.ShouldBe("MOVED: non-finite candidate value");
    }

    [Fact]
    public void Calibration_by_resampling_counts_false_alarms_on_a_pool_of_seeds()
    {
        var rng = new Random(5);
        var pools = Enumerable.Range(0, 4).Select(e => Draw($"x{e}", 18, 30, rng, (_, r) => 1 + 0.1 * Normal(r))).ToList();

        var rate = GateCalibration.FalseAlarmsByResampling(pools, candidateSeeds: 6, draws: 200, Policy);

        rate.Trials.ShouldBe(200);
        rate.Rate.ShouldBeLessThanOrEqualTo(0.05, rate.ToString());
        // It counts what the policy flags: with alpha 1 and no minimum shift nearly every draw flags something.
        var lax = Policy with { Alpha = 1, EffectSpreads = 0, Floors = new Dictionary<string, double>() };
        GateCalibration.FalseAlarmsByResampling(pools, 6, 50, lax).Rate.ShouldBeGreaterThan(0.5);
    }
}
