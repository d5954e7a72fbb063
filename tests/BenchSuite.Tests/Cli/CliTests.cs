using System.Text.Json;
using BenchSuite.Results;
using Shouldly;

namespace BenchSuite.Tests.Cli;

/// <summary>The commands the README promises, run as a user runs them.</summary>
[Trait("Category", "unit")]
public sealed class CliTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void Models_prints_both_summaries_with_the_Keras_totals()
    {
        var result = BenchsuiteProcess.Run("models");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("Total params: 4203018 (16.03 MB)");
        result.Output.ShouldContain("Total params: 1345066 (5.13 MB)");
    }

    [Fact]
    public void Split_prints_scikit_learns_train_then_validation_indices()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("split", "split-n1000-ts0.25-rs7.json")));
        string Joined(string side) => string.Join(' ', reference.RootElement.GetProperty(side).EnumerateArray().Select(e => e.GetInt32()));

        var result = BenchsuiteProcess.Run("split", "--n", "1000", "--test-size", "0.25", "--random-state", "7");

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe([Joined("train"), Joined("validation")]);
    }

    [Fact]
    public void Run_shows_Keras_progress_writes_the_record_and_compares_with_the_post()
    {
        string record = Path.Combine(temp.Path, "run.json");

        var result = BenchsuiteProcess.Run("run", "shallow-none", "--epochs", "1", "--train-limit", "128", "--out", record);

        result.ExitCode.ShouldBe(0, result.Error);
        result.Output.ShouldContain("Epoch 1/1");
        result.Output.ShouldMatch(@"4/4 \[=+\] - \d+s - loss: \d\.\d{4} - accuracy: \d\.\d{4} - val_loss: \d\.\d{4} - val_accuracy: \d\.\d{4}");
        result.Output.ShouldContain("1.7895"); // the post's epoch-1 loss, in the comparison table
        RunRecord.Load(record).Complete.ShouldBeTrue();
    }

    [Fact]
    public void Run_refuses_to_replace_a_record_without_force()
    {
        string record = Path.Combine(temp.Path, "mine.json");
        File.WriteAllText(record, "recorded by hand");

        var result = BenchsuiteProcess.Run("run", "shallow-none", "--epochs", "1", "--out", record);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("--force");
        File.ReadAllText(record).ShouldBe("recorded by hand");
    }

    [SkippableFact]
    public void Ctrl_C_stops_after_the_current_step_and_leaves_a_record_marked_incomplete()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "sends SIGINT with kill(1)");
        // A shell without job control starts background commands with SIGINT ignored, and children inherit that: then
        // the run cannot be interrupted, whatever the CLI does. (Suspected, not proven, in two failures of .ci/run
        // started with '&' from a script; the test passed in every foreground run.)
        Skip.If(SigintIgnored(), "SIGINT is ignored in this process (started in the background by a shell without job control); its children inherit that");
        string record = Path.Combine(temp.Path, "stopped.json");
        using var process = BenchsuiteProcess.Start("run", "deep-none", "--epochs", "50", "--out", record);
        var error = process.StandardError.ReadToEndAsync();

        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null && !line.StartsWith("Epoch 2/")) { }
        line.ShouldNotBeNull("the run ended before its second epoch");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString()])) kill.WaitForExit();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        process.ExitCode.ShouldBe(130, error.Result);
        var stopped = RunRecord.Load(record);
        stopped.Complete.ShouldBeFalse();
        stopped.StoppedAt.ShouldNotBeNull().ShouldStartWith("epoch 2, before step");
        stopped.Epochs.Count.ShouldBe(1);
        Directory.GetFiles(temp.Path).ShouldBe([record]); // no temp file left behind
    }

    /// <summary>Whether this process ignores SIGINT (signal 2: bit 1 of the SigIgn mask in /proc/self/status).</summary>
    static bool SigintIgnored()
    {
        string? line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:"));
        return line is not null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & (1UL << 1)) != 0;
    }

    [Fact]
    public void Bad_configuration_and_missing_data_are_clear_errors()
    {
        var unknown = BenchsuiteProcess.Run("run", "shallow-nope");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("Known: deep-l2, deep-none, shallow-l2, shallow-none");

        var badValue = BenchsuiteProcess.Run("run", "shallow-l2", "--set", "model:kernelRegularizers:dense=-1");
        badValue.ExitCode.ShouldBe(2);
        badValue.Error.ShouldContain("'model:kernelRegularizers:dense' = '-1'");

        string missing = Path.Combine(temp.Path, "no-such-cifar");
        var noData = BenchsuiteProcess.Run("run", "shallow-none", "--data", missing);
        noData.ExitCode.ShouldBe(2);
        noData.Error.ShouldContain(missing);
        noData.Error.ShouldContain("cifar-10-binary.tar.gz");
    }
}
