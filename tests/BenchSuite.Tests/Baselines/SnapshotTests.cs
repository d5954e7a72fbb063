using BenchSuite.Baselines;
using BenchSuite.Configuration;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The snapshot tests of the default <c>dotnet test</c>: every shipped experiment in the fixture tier (the embedded
/// synthetic set) on cpu, against <c>baselines/fixture/cpu</c>, through the regression gate (<see cref="GateCheck"/>):
/// the tier's committed candidate seeds (the first 6 baseline seeds, rerun), a paired t-test per quantity with Holm's
/// correction, the suite's alpha shared equally between the experiments, and the exact replay of the reference seed
/// (the first candidate's run) where the platform matches.
/// Nothing from the environment is read: a developer's <c>BENCHSUITE__*</c> variables cannot change what this checks.
/// The real-data tiers are <see cref="RealDataSnapshotTests"/> (opt-in, cpu) and <see cref="GpuSnapshotTests"/> (cuda).
/// </summary>
[Trait("Category", "snapshot")]
public class SnapshotTests(ITestOutputHelper output)
{
    public static TheoryData<string> Experiments => new(ExperimentLoader.Known());

    internal static BaselineStore Store => new(Path.Combine(RepoPaths.Root, "baselines"));

    [SkippableTheory]
    [MemberData(nameof(Experiments))]
    public void Experiment_matches_its_baseline(string experiment) =>
        SnapshotAssert.Check(output, Tier.Fixture, "cpu", experiment, cifar10Directory: null);
}
