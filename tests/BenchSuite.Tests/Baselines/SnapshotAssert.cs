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
        var outcome = SnapshotCheck.Run(tier, experiment, SnapshotTests.Store, cifar10Directory, device: device);
        output.WriteLine($"tier {tier.Name} on {device}: {outcome.Status}");
        output.WriteLine(outcome.Message);
        if (outcome.Status != SnapshotStatus.Skipped) AddToStepSummary(tier, device, experiment, outcome);

        Skip.If(outcome.Status == SnapshotStatus.Skipped, outcome.Message);
        if (outcome.Status != SnapshotStatus.Passed)
            Assert.Fail($"{experiment} ({tier.Name}, {device}): {outcome.Status}{Environment.NewLine}{outcome.Message}");
    }

    static void AddToStepSummary(Tier tier, string device, string experiment, SnapshotOutcome outcome)
    {
        if (Environment.GetEnvironmentVariable(StepSummaryVariable) is not { Length: > 0 } summary) return;
        string open = outcome.Status == SnapshotStatus.Passed ? "" : " open";
        File.AppendAllText(summary,
            $"<details{open}><summary>snapshot {experiment} ({tier.Name}, {device}): {outcome.Status}</summary>\n\n" +
            $"```text\n{outcome.Message.TrimEnd()}\n```\n</details>\n\n");
    }
}
