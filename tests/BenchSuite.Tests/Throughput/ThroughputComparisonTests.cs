using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>The comparison on synthetic BDN exports: what is flagged, what is not, and what is merely reported.</summary>
[Trait("Category", "unit")]
public sealed class ThroughputComparisonTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    ThroughputComparisonReport CompareFiles(double diffFactor, int n = 15, double spread = 0.03)
    {
        string basePath = SyntheticResults.WriteBdnExport(Path.Combine(temp.Path, "base"), "a-report-full.json",
            (SyntheticResults.StepShallow, SyntheticResults.Samples(40e6, n, spread, seed: 1)),
            (SyntheticResults.StepDeep, SyntheticResults.Samples(120e6, n, spread, seed: 2)));
        string diffPath = SyntheticResults.WriteBdnExport(Path.Combine(temp.Path, "diff"), "a-report-full.json",
            (SyntheticResults.StepShallow, SyntheticResults.Samples(40e6 * diffFactor, n, spread, seed: 3)),
            (SyntheticResults.StepDeep, SyntheticResults.Samples(120e6, n, spread, seed: 4)));
        return ThroughputComparison.Compare(ThroughputResultsReader.Read(basePath), ThroughputResultsReader.Read(diffPath), new ComparisonSettings());
    }

    [Fact]
    public void A_20_percent_slowdown_is_a_regression()
    {
        var report = CompareFiles(diffFactor: 1.20);

        var row = report.Rows.Single(r => r.Name == SyntheticResults.StepShallow);
        row.Status.ShouldBe(ThroughputStatus.Regression);
        row.Ratio!.Value.ShouldBe(1.2, 0.03);
        row.PValue!.Value.ShouldBeLessThan(0.001);
        report.HasRegression.ShouldBeTrue();
        report.Rows.Single(r => r.Name == SyntheticResults.StepDeep).Status.ShouldBe(ThroughputStatus.Same);
    }

    [Fact]
    public void Two_percent_noise_is_not_a_regression()
    {
        var report = CompareFiles(diffFactor: 1.02);

        report.HasRegression.ShouldBeFalse();
        report.Rows.ShouldAllBe(r => r.Status == ThroughputStatus.Same);
    }

    [Fact]
    public void A_large_ratio_without_statistical_evidence_is_not_a_regression()
    {
        // Two samples a side spread ±40%: a 20% higher mean is within the noise; the test cannot reject.
        var b = new BenchmarkTiming("x", 100, [60, 140], null, "job");
        var d = new BenchmarkTiming("x", 120, [70, 170], null, "job");
        var report = ThroughputComparison.Compare(Results(b), Results(d), new ComparisonSettings());

        report.Rows.Single().Ratio.ShouldBe(1.2);
        report.Rows.Single().Status.ShouldBe(ThroughputStatus.Same);
    }

    [Fact]
    public void Three_samples_a_side_cannot_flag_a_regression_at_alpha_0_05()
    {
        // BDN's short job: even a clean 50 % slowdown reaches only the exact test's smallest p, 0.05, never below.
        var b = new BenchmarkTiming("x", 100, [99, 100, 101], null, "job");
        var d = new BenchmarkTiming("x", 150, [149, 150, 151], null, "job");
        var row = ThroughputComparison.Compare(Results(b), Results(d), new ComparisonSettings()).Rows.Single();

        row.PValue!.Value.ShouldBe(0.05, 1e-12);
        row.Status.ShouldBe(ThroughputStatus.Same);
        ThroughputComparison.Compare(Results(b), Results(d), new ComparisonSettings(Alpha: 0.1)).Rows.Single().Status.ShouldBe(ThroughputStatus.Regression);
    }

    [Fact]
    public void A_significant_but_small_slowdown_is_not_a_regression()
    {
        var b = new BenchmarkTiming("x", 100, SyntheticResults.Samples(100, 30, 0.001, 5), null, "job");
        var d = new BenchmarkTiming("x", 105, SyntheticResults.Samples(105, 30, 0.001, 6), null, "job");
        var row = ThroughputComparison.Compare(Results(b), Results(d), new ComparisonSettings(Threshold: 0.10)).Rows.Single();

        row.PValue!.Value.ShouldBeLessThan(0.001);
        row.Status.ShouldBe(ThroughputStatus.Same);
    }

    [Fact]
    public void A_significant_speed_up_is_an_improvement_not_a_failure()
    {
        var report = CompareFiles(diffFactor: 0.75);

        report.Rows.Single(r => r.Name == SyntheticResults.StepShallow).Status.ShouldBe(ThroughputStatus.Improvement);
        report.HasRegression.ShouldBeFalse();
    }

    [Fact]
    public void Missing_and_new_benchmarks_are_reported()
    {
        var shared = new BenchmarkTiming("shared", 100, [99, 100, 101], null, "job");
        var onlyBase = new BenchmarkTiming("gone", 100, [99, 100, 101], null, "job");
        var onlyDiff = new BenchmarkTiming("added", 100, [99, 100, 101], null, "job");

        var report = ThroughputComparison.Compare(Results(shared, onlyBase), Results(shared, onlyDiff), new ComparisonSettings());

        report.Rows.Single(r => r.Name == "gone").Status.ShouldBe(ThroughputStatus.MissingInDiff);
        report.Rows.Single(r => r.Name == "added").Status.ShouldBe(ThroughputStatus.New);
        report.Missing.Select(r => r.Name).ShouldBe(["gone"]);
        report.HasRegression.ShouldBeFalse();
    }

    [Fact]
    public void Two_sided_test_also_flags_a_clear_slowdown()
    {
        var b = new BenchmarkTiming("x", 100, SyntheticResults.Samples(100, 15, 0.03, 7), null, "job");
        var d = new BenchmarkTiming("x", 130, SyntheticResults.Samples(130, 15, 0.03, 8), null, "job");
        var row = ThroughputComparison.Compare(Results(b), Results(d), new ComparisonSettings(Alternative: Alternative.TwoSided)).Rows.Single();

        row.Status.ShouldBe(ThroughputStatus.Regression);
    }

    [Fact]
    public void Github_benchmark_json_lists_the_diff_smaller_is_better()
    {
        var report = CompareFiles(diffFactor: 1.20);

        var entries = GithubBenchmarkJson.Entries(report);

        entries.Count.ShouldBe(2);
        entries.ShouldAllBe(e => e.Unit == "ms");
        entries.Single(e => e.Name == SyntheticResults.StepShallow).Extra.ShouldStartWith("Regression;");
        GithubBenchmarkJson.Serialize(report).ShouldContain("\"name\": \"BenchSuite.Benchmarks.TrainingStepBenchmarks.Step(");
    }

    static ThroughputResults Results(params BenchmarkTiming[] timings) =>
        new("memory", new ThroughputProvenance(), timings.ToDictionary(t => t.Name));
}
