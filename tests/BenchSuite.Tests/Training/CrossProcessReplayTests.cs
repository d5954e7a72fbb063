using System.Diagnostics;
using BenchSuite.Results;
using Shouldly;

namespace BenchSuite.Tests.Training;

/// <summary>
/// Bit-identical reruns across processes: the CLI trains the same experiment twice, in two processes, and the two
/// run records agree on every metric to the last bit (timings aside).
/// </summary>
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
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "benchsuite.dll"), "run", "shallow-l2",
                             "--epochs", "2", "--train-limit", "256", "--validation-limit", "128", "--out", output },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Remove("BENCHSUITE_CIFAR10"); // the embedded data, whatever the developer has set
        using var process = Process.Start(start)!;
        string stdout = process.StandardOutput.ReadToEnd();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, stdout + stderr);
        return RunRecord.Load(output);
    }
}
