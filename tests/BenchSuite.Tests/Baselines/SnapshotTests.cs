using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The snapshot tests: every shipped experiment, in the tier chosen by BENCHSUITE_TIER (default: fixture), against
/// its committed baseline through the regression gate (<see cref="GateCheck"/>): the tier's committed candidate
/// seeds, a Mann–Whitney test per quantity with Holm's correction, the suite's alpha shared equally between the
/// experiments, and the exact replay of the reference seed where the platform matches. A tier whose data is
/// missing, or a baseline in the old band format, is reported skipped with the reason and the command to run.
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
        var outcome = GateCheck.Run(tier, [experiment], Store, Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable),
            new GateCheckOptions(AlphaShare: 1.0 / ExperimentLoader.Known().Count, Progress: output.WriteLine)).Experiments.Single();
        output.WriteLine($"tier {tier.Name}: {outcome.Status}");
        output.WriteLine(outcome.Message);

        Skip.If(outcome.Status == SnapshotStatus.Skipped, outcome.Message);
        if (outcome.Status != SnapshotStatus.Passed)
            Assert.Fail($"{experiment} ({tier.Name}): {outcome.Status}{Environment.NewLine}{outcome.Message}");
    }
}
