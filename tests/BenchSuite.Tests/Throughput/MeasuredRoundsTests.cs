using System.Text.Json;
using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// The gate's rule on rounds measured on a real host (fixtures/throughput-rounds): the same build against itself
/// must never be flagged, and a step slowed on purpose must be. A change to the rule that breaks either is seen here.
/// </summary>
[Trait("Category", "unit")]
public sealed class MeasuredRoundsTests
{
    static readonly ComparisonSettings Gate = new(Threshold: 0.10, Alpha: 0.05);

    static List<Round> Load(string trial)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("throughput-rounds", trial + ".json")));
        ThroughputResults Side(JsonElement side, string label) => new(label, new ThroughputProvenance(),
            side.EnumerateObject().ToDictionary(b => b.Name, b =>
            {
                var samples = b.Value.EnumerateArray().Select(v => v.GetDouble()).ToList();
                return new BenchmarkTiming(b.Name, samples.Average(), samples, null, "measured");
            }));
        return document.RootElement.GetProperty("rounds").EnumerateArray()
            .Select(r => new Round(r.GetProperty("number").GetInt32(), Side(r.GetProperty("base"), "base"), Side(r.GetProperty("diff"), "diff")))
            .ToList();
    }

    [Theory]
    [InlineData("aa1", 6)]
    [InlineData("aa2", 6)]
    [InlineData("aa3", 8)]
    public void The_same_build_against_itself_is_never_flagged(string trial, int rounds)
    {
        var report = RoundsComparison.Compare(Load(trial), Gate);

        report.Rounds.Count.ShouldBe(rounds);
        report.Rows.Count.ShouldBe(4);
        report.Rows.ShouldAllBe(r => r.Status == ThroughputStatus.Same);
    }

    [Fact]
    public void The_same_runs_compared_one_against_one_are_flagged_often()
    {
        // Why the rounds exist: bench compare's rule on single runs of the A/A trial whose host drifted most.
        var rounds = Load("aa2");
        int flagged = rounds.SelectMany(b => rounds, (b, d) => ThroughputComparison.Compare(b.Base, d.Diff, Gate))
                            .SelectMany(c => c.Rows).Count(r => r.Status != ThroughputStatus.Same);

        flagged.ShouldBeGreaterThan(144 / 4); // more than a quarter of the 36 × 4 comparisons of unchanged code
    }

    [Fact]
    public void A_step_slowed_on_purpose_is_flagged()
    {
        var report = RoundsComparison.Compare(Load("injected-20"), Gate);

        report.Rows.ShouldAllBe(r => r.Ratios!.Median > 1.2); // the slowdown is in the data
        report.Regressions.Count().ShouldBe(4); // the sign test that came before flagged 3: shallow's 6 of 8 rounds gave p = 0.145
    }
}
