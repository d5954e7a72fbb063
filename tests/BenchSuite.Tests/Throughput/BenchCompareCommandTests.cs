using BenchSuite.Tests.Cli;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>'benchsuite bench compare' and 'bench baseline' as CI calls them: exit codes and messages, on synthetic files.</summary>
[Trait("Category", "unit")]
public sealed class BenchCompareCommandTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    string Export(string folder, double shallowMean) => SyntheticResults.WriteBdnExport(Path.Combine(temp.Path, folder), "x-report-full.json",
        (SyntheticResults.StepShallow, SyntheticResults.Samples(shallowMean, 15, 0.03, seed: folder.Length * 31 + folder[0])),
        (SyntheticResults.StepDeep, SyntheticResults.Samples(120e6, 15, 0.03, seed: 11)));

    [Fact]
    public void A_20_percent_slowdown_exits_1_and_writes_the_github_benchmark_file()
    {
        string github = Path.Combine(temp.Path, "github.json");

        var (exit, output) = Cli("bench", "compare", Export("base", 40e6), Export("slow", 48e6), "--github-benchmark", github);

        exit.ShouldBe(1, output);
        output.ShouldContain("REGRESSION");
        output.ShouldContain("1 regression(s).");
        File.ReadAllText(github).ShouldContain("\"unit\": \"ms\"");
    }

    [Fact]
    public void Two_percent_noise_exits_0()
    {
        var (exit, output) = Cli("bench", "compare", Export("base", 40e6), Export("noise", 40.8e6));

        exit.ShouldBe(0, output);
        output.ShouldContain("no regression.");
    }

    [Fact]
    public void A_malformed_file_exits_2_naming_it()
    {
        string broken = Path.Combine(temp.Path, "broken-report-full.json");
        File.WriteAllText(broken, "[1, 2");

        var (exit, output) = Cli("bench", "compare", Export("base", 40e6), broken);

        exit.ShouldBe(2, output);
        output.ShouldContain(broken);
        output.ShouldContain("not valid JSON");
    }

    [Fact]
    public void Baseline_is_written_once_and_kept_without_force()
    {
        string export = Export("run", 40e6);
        string baseline = Path.Combine(temp.Path, "throughput", "cpu-test-2c.json");

        Cli("bench", "baseline", export, "--out", baseline).Exit.ShouldBe(0);
        string first = File.ReadAllText(baseline);
        var (again, message) = Cli("bench", "baseline", Export("other", 30e6), "--out", baseline);

        again.ShouldBe(1);
        message.ShouldContain("--force");
        File.ReadAllText(baseline).ShouldBe(first);
        Cli("bench", "compare", baseline, export).Exit.ShouldBe(0);
    }

    static (int Exit, string Output) Cli(params string[] args)
    {
        var result = BenchsuiteProcess.Run(args);
        return (result.ExitCode, result.Output + result.Error);
    }
}
