using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The snapshot tests: every shipped experiment, in the tier chosen by BENCHSUITE_TIER (default: fixture), against
/// its committed baseline. Exact replay of the reference seed where the platform matches, every metric inside its
/// band always. A tier whose data is missing is reported skipped, with the reason.
/// </summary>
public class SnapshotTests(ITestOutputHelper output)
{
    public static TheoryData<string> Experiments => new(ExperimentLoader.Known());

    internal static BaselineStore Store => new(Path.Combine(RepoPaths.Root, "baselines"));

    [SkippableTheory]
    [MemberData(nameof(Experiments))]
    public void Experiment_matches_its_baseline(string experiment)
    {
        var tier = Tier.FromEnvironment();
        var outcome = SnapshotCheck.Run(tier, experiment, Store, Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable));
        output.WriteLine($"tier {tier.Name}: {outcome.Status}");
        output.WriteLine(outcome.Message);

        Skip.If(outcome.Status == SnapshotStatus.Skipped, outcome.Message);
        if (outcome.Status != SnapshotStatus.Passed)
            Assert.Fail($"{experiment} ({tier.Name}): {outcome.Status}{Environment.NewLine}{outcome.Message}");
    }
}
