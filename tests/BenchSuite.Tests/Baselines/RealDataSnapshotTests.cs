using BenchSuite.Baselines;
using BenchSuite.Data;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// Opt-in, slow: every shipped experiment in a real-data tier on cpu, against <c>baselines/TIER/cpu</c>. Asked for
/// with <c>BENCHSUITE_TIER=cifar10-quick</c> (or <c>cifar10-full</c>) and <c>BENCHSUITE_CIFAR10=DIR</c>; without
/// them each case reports skipped with the reason. These two variables are the only ones read.
/// </summary>
[Trait("Category", "slow")]
public class RealDataSnapshotTests(ITestOutputHelper output)
{
    public static TheoryData<string> Experiments => SnapshotTests.Experiments;

    [SkippableTheory]
    [MemberData(nameof(Experiments))]
    public void Experiment_matches_its_baseline(string experiment)
    {
        string? requested = Environment.GetEnvironmentVariable(Tier.EnvironmentVariable);
        Skip.If(string.IsNullOrWhiteSpace(requested) || requested == Tier.Fixture.Name,
            $"opt-in: set {Tier.EnvironmentVariable}=cifar10-quick (or cifar10-full) and {DataLocator.EnvironmentVariable}=DIR to run the real-data tiers on cpu");
        Tier tier;
        try { tier = Tier.Parse(requested); }
        catch (ArgumentException e) { throw new InvalidOperationException($"{Tier.EnvironmentVariable}: {e.Message}"); }

        SnapshotAssert.Check(output, tier, "cpu", experiment, Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable));
    }
}
