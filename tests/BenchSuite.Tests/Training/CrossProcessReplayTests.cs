using BenchSuite.Results;
using BenchSuite.Tests.Cli;
using Shouldly;

namespace BenchSuite.Tests.Training;

/// <summary>
/// Bit-identical reruns across processes: the CLI trains the same experiment twice, in two processes, and the two
/// run records agree on every metric to the last bit (timings aside).
/// </summary>
[Trait("Category", "unit")]
public sealed class CrossProcessReplayTests : IDisposable
{
    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Two_processes_with_the_same_seed_write_the_same_metrics()
    {
        var first = RunCli("first.json");
        var second = RunCli("second.json");

        first.Epochs.Count.ShouldBe(2);
        TrainerTests.Metrics(second).ShouldBe(TrainerTests.Metrics(first));
        second.Data.Fingerprint.ShouldBe(first.Data.Fingerprint);
        second.Platform.ShouldBe(first.Platform);
    }

    RunRecord RunCli(string name)
    {
        string output = Path.Combine(temp.Path, name);
        var result = BenchsuiteProcess.Run("run", "shallow-l2", "--epochs", "2", "--train-limit", "256", "--validation-limit", "128", "--out", output);
        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        return RunRecord.Load(output);
    }
}
