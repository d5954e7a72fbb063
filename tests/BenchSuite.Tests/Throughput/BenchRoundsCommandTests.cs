using BenchSuite.Throughput;
using BenchSuite.Tests.Cli;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// 'benchsuite bench rounds' and the checks 'bench versions --rounds' makes before it builds anything: exit codes and
/// messages, on synthetic round folders laid out as 'versions --rounds' writes them.
/// </summary>
[Trait("Category", "unit")]
public sealed class BenchRoundsCommandTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    static readonly double[] Drift = [1.00, 1.30, 0.85, 1.15, 0.75, 1.10];

    /// <summary>Six rounds of both step benchmarks; the diff's shallow step is <paramref name="factor"/> × the base's.</summary>
    string RoundsFolder(string name, double factor, int failedRound = 0)
    {
        string root = Path.Combine(temp.Path, name);
        var manifest = new RoundsManifest { Base = "0.107.0=2.10.0", Diff = "0.107.0=2.10.0" };
        for (int k = 1; k <= Drift.Length; k++)
        {
            string folder = RoundsManifest.RoundFolder(k);
            foreach (var (side, f, seed) in new[] { ("base", 1.0, k), ("diff", factor, 100 + k) })
                SyntheticResults.WriteBdnExport(Path.Combine(root, folder, side), "x-report-full.json",
                    (SyntheticResults.StepShallow, SyntheticResults.Samples(40e6 * Drift[k - 1] * f, 8, 0.03, seed)),
                    (SyntheticResults.StepDeep, SyntheticResults.Samples(120e6 * Drift[k - 1], 8, 0.03, seed + 7)));
            manifest.Rounds.Add(new RoundsManifest.RoundEntry(k, k % 2 == 1, $"{folder}/base", 0, $"{folder}/diff", k == failedRound ? 1 : 0, "2026-12-02T00:00:00Z"));
        }
        manifest.Write(root);
        return root;
    }

    [Fact]
    public void A_20_percent_slower_step_in_every_round_exits_1()
    {
        var (exit, output) = Cli("bench", "rounds", RoundsFolder("slow", 1.20));

        exit.ShouldBe(1, output);
        output.ShouldContain("REGRESSION");
        output.ShouldContain("1 regression(s).");
    }

    [Fact]
    public void The_same_build_under_drift_exits_0()
    {
        var (exit, output) = Cli("bench", "rounds", RoundsFolder("same", 1.0));

        exit.ShouldBe(0, output);
        output.ShouldContain("no regression.");
        output.ShouldContain("6 rounds");
    }

    [Fact]
    public void A_failed_run_leaves_its_round_out_and_fails_the_command()
    {
        var (exit, output) = Cli("bench", "rounds", RoundsFolder("failed", 1.0, failedRound: 3));

        exit.ShouldBe(1, output);
        output.ShouldContain("round 3 left out: base exit 0, diff exit 1");
        output.ShouldContain("5 rounds");
    }

    [Fact]
    public void A_folder_without_a_manifest_exits_2_naming_it()
    {
        string folder = Path.Combine(temp.Path, "empty");
        Directory.CreateDirectory(folder);

        var (exit, output) = Cli("bench", "rounds", folder);

        exit.ShouldBe(2, output);
        output.ShouldContain(folder);
        output.ShouldContain("bench versions BASE DIFF --rounds N");
    }

    [Fact]
    public void Rounds_need_exactly_two_pairs()
    {
        var (exit, output) = Cli("bench", "versions", "0.107.0=2.10.0", "0.107.0=2.10.0", "0.108.0=2.11.0", "--rounds", "6",
                                 "--artifacts", Path.Combine(temp.Path, "three"));

        exit.ShouldBe(2, output);
        output.ShouldContain("exactly two pairs");
        Directory.Exists(Path.Combine(temp.Path, "three")).ShouldBeFalse();
    }

    [Fact]
    public void Injecting_a_slowdown_without_rounds_is_refused()
    {
        var (exit, output) = Cli("bench", "versions", "0.107.0=2.10.0", "--inject-slowdown", "20");

        exit.ShouldBe(2, output);
        output.ShouldContain("--rounds");
    }

    [Fact]
    public void Recorded_rounds_are_not_overwritten()
    {
        string root = RoundsFolder("recorded", 1.0);
        string before = File.ReadAllText(Path.Combine(root, RoundsManifest.FileName));

        var (exit, output) = Cli("bench", "versions", "0.107.0=2.10.0", "0.107.0=2.10.0", "--rounds", "6", "--artifacts", root);

        exit.ShouldBe(2, output);
        output.ShouldContain("bench rounds");
        File.ReadAllText(Path.Combine(root, RoundsManifest.FileName)).ShouldBe(before);
    }

    [Fact]
    public void A_run_with_an_injected_slowdown_cannot_become_a_baseline()
    {
        string export = SyntheticResults.WriteBdnExport(Path.Combine(temp.Path, "injected"), "x-report-full.json",
            (SyntheticResults.StepShallow, SyntheticResults.Samples(48e6, 8, 0.03, seed: 1)));
        PlatformSidecar.Write(Path.Combine(temp.Path, "injected"), new ThroughputProvenance { InjectedSlowdownPercent = 20 });
        string baseline = Path.Combine(temp.Path, "cpu-test-2c.json");

        var (exit, output) = Cli("bench", "baseline", export, "--out", baseline);

        exit.ShouldBe(2, output);
        output.ShouldContain("on purpose");
        File.Exists(baseline).ShouldBeFalse();
    }

    static (int Exit, string Output) Cli(params string[] args)
    {
        var result = BenchsuiteProcess.Run(args);
        return (result.ExitCode, result.Output + result.Error);
    }
}
