using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// Interleaved rounds judged on paired ratios, on synthetic results whose truth is known: the host's speed drifts
/// ±35 % between rounds (as measured here between sittings), the builds differ by a chosen factor within a round.
/// </summary>
[Trait("Category", "unit")]
public sealed class RoundsComparisonTests
{
    const string Shallow = SyntheticResults.StepShallow;

    /// <summary>The host's speed in each of six rounds: what sequential runs minutes apart see.</summary>
    static readonly double[] Drift = [1.00, 1.35, 0.80, 1.20, 0.70, 1.10];

    static ThroughputResults Results(string label, params (string Name, double[] Samples)[] benchmarks) =>
        new(label, new ThroughputProvenance(), benchmarks.ToDictionary(b => b.Name, b => new BenchmarkTiming(b.Name, b.Samples.Average(), b.Samples, null, "test")));

    /// <summary>Rounds in which diff = base × factor(round), each run 8 iterations with ±3 % noise.</summary>
    static List<Round> Rounds(Func<int, double> factor, double meanNs = 40e6) =>
        Drift.Select((speed, i) => new Round(i + 1,
            Results($"base{i}", (Shallow, SyntheticResults.Samples(meanNs * speed, 8, 0.03, seed: 100 + i))),
            Results($"diff{i}", (Shallow, SyntheticResults.Samples(meanNs * speed * factor(i), 8, 0.03, seed: 200 + i))))).ToList();

    static ComparisonSettings Gate => new(Threshold: 0.10, Alpha: 0.05);

    [Fact]
    public void Unchanged_code_under_drift_is_same_though_two_single_runs_minutes_apart_are_flagged()
    {
        var rounds = Rounds(_ => 1.0);

        var row = RoundsComparison.Compare(rounds, Gate).Rows.Single();

        row.Status.ShouldBe(ThroughputStatus.Same);
        row.Ratios!.Median.ShouldBe(1.0, 0.03);
        // What the single-run comparison says of the same data, base of round 1 against diff of round 2 (35 % drift):
        ThroughputComparison.Compare(rounds[0].Base, rounds[1].Diff, Gate).Rows.Single().Status.ShouldBe(ThroughputStatus.Regression);
    }

    [Fact]
    public void Twenty_percent_slower_in_every_round_is_a_regression_under_the_same_drift()
    {
        var report = RoundsComparison.Compare(Rounds(_ => 1.20), Gate);

        var row = report.Rows.Single();
        row.Status.ShouldBe(ThroughputStatus.Regression);
        row.Ratios!.Median.ShouldBe(1.20, 0.03);
        row.Ratios.PSlower.ShouldBe(1.0 / 64, 1e-15);
        report.HasRegression.ShouldBeTrue();
    }

    [Fact]
    public void Twenty_percent_faster_in_every_round_is_an_improvement() =>
        RoundsComparison.Compare(Rounds(_ => 1 / 1.20), Gate).Rows.Single().Status.ShouldBe(ThroughputStatus.Improvement);

    [Fact]
    public void Five_percent_slower_in_every_round_is_consistent_but_below_the_threshold()
    {
        var row = RoundsComparison.Compare(Rounds(_ => 1.05), Gate).Rows.Single();

        row.Ratios!.PSlower.ShouldBe(1.0 / 64, 1e-15);
        row.Status.ShouldBe(ThroughputStatus.Same);
    }

    [Fact]
    public void One_round_of_six_going_the_other_way_by_a_little_does_not_hide_a_regression()
    {
        // 5 of 6 slower, the sixth the smallest move: W⁺ = 21 − 1 = 20, p = 2/64 = 0.031 < 0.05 (the sign test said
        // 7/64 = 0.11 and missed it).
        var row = RoundsComparison.Compare(Rounds(i => i == 3 ? 0.95 : 1.30), Gate).Rows.Single();

        row.Ratios!.PSlower.ShouldBe(2.0 / 64, 1e-15);
        row.Status.ShouldBe(ThroughputStatus.Regression);
    }

    [Fact]
    public void One_round_of_six_going_the_other_way_by_as_much_is_not_enough_evidence()
    {
        // 5 of 6 slower but the sixth moved the most: W⁺ = 21 − 6 = 15, p = P(W⁻ ≤ 6) = 14/64 = 0.22 (the subsets of
        // 1..6 summing to at most 6: {}, six singletons, {1,2} {1,3} {1,4} {1,5} {2,3} {2,4}, {1,2,3}).
        var row = RoundsComparison.Compare(Rounds(i => i == 3 ? 0.6 : 1.30), Gate).Rows.Single();

        row.Ratios!.Median.ShouldBeGreaterThan(1.2);
        row.Status.ShouldBe(ThroughputStatus.Same);
    }

    [Fact]
    public void A_run_is_centred_on_its_median_iteration_so_one_stray_iteration_does_not_move_it()
    {
        double[] samples = [40e6, 41e6, 39e6, 40e6, 400e6];

        RoundsComparison.Center(new BenchmarkTiming("x", samples.Average(), samples, null, "test")).ShouldBe(40e6);
    }

    [Fact]
    public void Benchmarks_on_one_side_only_are_reported_and_partial_ones_judged_on_their_rounds()
    {
        (string, double[]) Gone = ("Gone", new[] { 1e6, 1e6 }), Added = ("Added", new[] { 1e6 });
        var rounds = Drift.Select((speed, i) => new Round(i + 1,
            Results($"base{i}", (Shallow, SyntheticResults.Samples(40e6 * speed, 8, 0.03, seed: i)), Gone),
            i == 2 ? Results($"diff{i}", Added) // the shallow step failed in round 3's diff
                   : Results($"diff{i}", (Shallow, SyntheticResults.Samples(40e6 * speed, 8, 0.03, seed: 50 + i)), Added)))
            .ToList();

        var rows = RoundsComparison.Compare(rounds, Gate).Rows.ToDictionary(r => r.Name);

        rows["Gone"].Status.ShouldBe(ThroughputStatus.MissingInDiff);
        rows["Added"].Status.ShouldBe(ThroughputStatus.New);
        rows[Shallow].Ratios!.Count.ShouldBe(5);
    }

    [Fact]
    public void Too_few_rounds_for_alpha_are_said_to_be_unable_to_flag()
    {
        var report = RoundsComparison.Compare(Rounds(_ => 1.5).Take(4).ToList(), Gate);

        report.CannotFlag.ShouldBeTrue();
        report.HasRegression.ShouldBeFalse(); // 4/4 slower: p = 1/16
    }

    [Fact]
    public void Settings_out_of_range_are_refused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => RoundsComparison.Compare(Rounds(_ => 1), new ComparisonSettings(Threshold: -0.1)));
        Should.Throw<ArgumentOutOfRangeException>(() => RoundsComparison.Compare(Rounds(_ => 1), new ComparisonSettings(Alpha: 1)));
        Should.Throw<ArgumentException>(() => RoundsComparison.Compare([], Gate));
    }
}
