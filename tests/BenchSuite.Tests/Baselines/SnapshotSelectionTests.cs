using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// What a snapshot check compares is chosen by its tier and device, never by the developer's shell, and a backend
/// without baselines says so (Missing) with the command that records them. None of these train: each stops where
/// the baseline is looked up.
/// </summary>
[Trait("Category", "unit")]
public sealed class SnapshotSelectionTests : IDisposable
{
    readonly TempDirectory temp = new();
    readonly List<string> setVariables = [];

    public void Dispose()
    {
        foreach (var name in setVariables) Environment.SetEnvironmentVariable(name, null);
        temp.Dispose();
    }

    void SetVariable(string name, string value)
    {
        setVariables.Add(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    [Fact]
    public void A_developers_BENCHSUITE_variables_do_not_change_what_the_snapshot_check_compares()
    {
        SetVariable("BENCHSUITE__training__device", "cuda");
        SetVariable("BENCHSUITE__training__threads", "0"); // would be a configuration error if it were read

        var outcome = SnapshotAssert.Run(Tier.Fixture, "deep-none", new BaselineStore(temp.Path), null, device: "cpu");

        outcome.Status.ShouldBe(SnapshotStatus.Missing, outcome.Message);
        outcome.Message.ShouldContain(Path.Combine(temp.Path, "fixture", "cpu", "deep-none."));
    }

    [Fact]
    public void The_command_line_opts_in_to_them()
    {
        SetVariable("BENCHSUITE__training__threads", "0");

        var e = Should.Throw<ConfigurationException>(() => SnapshotAssert.Run(Tier.Fixture, "deep-none", new BaselineStore(temp.Path), null,
            environment: ExperimentLoader.ProcessEnvironment()));

        e.Message.ShouldContain("BENCHSUITE__training__threads");
    }

    [Fact]
    public void A_backend_without_fixture_baselines_is_missing_with_the_command_that_records_them()
    {
        var outcome = SnapshotAssert.Run(Tier.Fixture, "shallow-l2", SnapshotTests.Store, null, device: "cuda");

        outcome.Status.ShouldBe(SnapshotStatus.Missing, outcome.Message);
        outcome.Message.ShouldContain(Path.Combine("fixture", "cuda", "shallow-l2."));
        outcome.Message.ShouldContain("BENCHSUITE__training__device=cuda benchsuite baselines record --tier fixture shallow-l2");
        outcome.Message.ShouldContain("-p:TorchBackend=cuda");
    }

    /// <summary>
    /// The GPU runner's case: real data (here the embedded set standing in for it), cpu baselines made on other data,
    /// none on cuda. On cpu that is "your data is not ours" (skipped); on cuda nothing was ever recorded (missing).
    /// </summary>
    [Theory]
    [InlineData("cpu", SnapshotStatus.Skipped)]
    [InlineData("cuda", SnapshotStatus.Missing)]
    public void A_real_data_tier_skips_other_data_on_its_backend_and_reports_a_backend_without_baselines_missing(string device, SnapshotStatus expected)
    {
        string otherData = Path.Combine(temp.Path, "cifar10-full", "cpu", "shallow-none.0123456789ab.verified.json");
        Directory.CreateDirectory(Path.GetDirectoryName(otherData)!);
        File.WriteAllText(otherData, "{}"); // only its name is looked at

        var outcome = SnapshotAssert.Run(Tier.Cifar10Full, "shallow-none", new BaselineStore(temp.Path), DataLocator.EmbeddedDirectory, device: device);

        outcome.Status.ShouldBe(expected, outcome.Message);
        outcome.Message.ShouldContain(Path.Combine("cpu", "shallow-none.0123456789ab.verified.json"));
        outcome.Message.ShouldContain($"baselines record --tier cifar10-full --data {DataLocator.EmbeddedDirectory} shallow-none");
    }
}
