using BenchSuite.Baselines;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// One snapshot check as a test: the outcome printed (and, on GitHub Actions, its comparison table added to the job
/// summary), Skipped reported as skipped, Failed and Missing as failures.
/// </summary>
static class SnapshotAssert
{
    /// <summary>Set by GitHub Actions: a markdown file shown on the run's summary page.</summary>
    const string StepSummaryVariable = "GITHUB_STEP_SUMMARY";

    public static void Check(ITestOutputHelper output, Tier tier, string device, string experiment, string? cifar10Directory)
    {
        var outcome = Run(tier, experiment, SnapshotTests.Store, cifar10Directory, device, output.WriteLine);
        output.WriteLine($"tier {tier.Name} on {device}: {outcome.Status}");
        output.WriteLine(outcome.Message);
        if (outcome.Status != SnapshotStatus.Skipped) AddToStepSummary(tier, device, experiment, outcome);

        Skip.If(outcome.Status == SnapshotStatus.Skipped, outcome.Message);
        if (outcome.Status != SnapshotStatus.Passed)
            Assert.Fail($"{experiment} ({tier.Name}, {device}): {outcome.Status}{Environment.NewLine}{outcome.Message}");
    }

    /// <summary>
    /// One experiment through the gate, as one test of a suite of <see cref="SnapshotTests.Experiments"/>: the suite's
    /// false-alarm budget is shared equally between them. No <c>BENCHSUITE__*</c> variable is read unless given.
    /// </summary>
    public static ExperimentOutcome Run(Tier tier, string experiment, BaselineStore store, string? cifar10Directory, string? device = null,
                                        Action<string>? progress = null, IReadOnlyDictionary<string, string>? environment = null) =>
        GateCheck.Run(tier, [experiment], store, cifar10Directory,
            new GateCheckOptions(AlphaShare: 1.0 / SnapshotTests.Experiments.Count, Progress: progress, Device: device, Environment: environment))
            .Experiments.Single();

    static void AddToStepSummary(Tier tier, string device, string experiment, ExperimentOutcome outcome)
    {
        if (Environment.GetEnvironmentVariable(StepSummaryVariable) is not { Length: > 0 } summary) return;
        string open = outcome.Status == SnapshotStatus.Passed ? "" : " open";
        File.AppendAllText(summary,
            $"<details{open}><summary>snapshot {experiment} ({tier.Name}, {device}): {outcome.Status}</summary>\n\n" +
            $"```text\n{outcome.Message.TrimEnd()}\n```\n</details>\n\n");
    }
}
