using BenchSuite.Runtime;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using BenchSuite.Throughput;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite bench run|versions|compare|baseline</c>: throughput with BenchmarkDotNet (src/BenchSuite.Benchmarks),
/// across TorchSharp versions, judged against a stored baseline.
/// </summary>
static class BenchCommand
{
    const string BenchmarksProject = "src/BenchSuite.Benchmarks/BenchSuite.Benchmarks.csproj";

    public static Command Create()
    {
        var command = new Command("bench", "BenchmarkDotNet throughput runs, across TorchSharp versions, and their comparison")
        {
            RunCommand(), VersionsCommand(), RoundsCommand(), CompareCommand(), BaselineCommand(),
        };
        command.SetAction(_ => Subcommands.Missing("run, versions, rounds, compare or baseline"));
        return command;
    }

    static Argument<string[]> BdnArguments() => new("benchmarkdotnet-arguments")
    {
        Description = "BenchmarkDotNet's own arguments, after -- (e.g. -- --filter '*' --job short)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    static Command RunCommand()
    {
        var bdn = BdnArguments();
        var command = new Command("run", "Build and run src/BenchSuite.Benchmarks (BenchmarkDotNet arguments after --)") { bdn };
        command.SetAction(result =>
        {
            var after = Subcommands.AfterDoubleDash(result);
            var all = result.GetValue(bdn) ?? [];
            if (all.Length != after.Count) throw new UsageException($"unexpected '{all[0]}' (BenchmarkDotNet arguments go after --).");
            return RunBenchmarks(after);
        });
        return command;
    }

    static Command VersionsCommand()
    {
        var pairs = new Argument<string[]>("pairs")
        {
            Description = "TorchSharp=libtorch version pairs, e.g. 0.107.0=2.10.0; BenchmarkDotNet arguments after --",
            HelpName = "TS=LIBTORCH",
            Arity = ArgumentArity.OneOrMore,
        };
        var artifacts = new Option<string?>("--artifacts") { Description = "Root of the per-version folders (default BenchmarkDotNet.Artifacts/versions)", HelpName = "DIR" };
        var backend = new Option<string?>("--backend") { Description = "Build backend (default: TorchBackend, else cpu)", HelpName = "cpu|cuda" };
        backend.AcceptOnlyFromAmong("cpu", "cuda");
        var rounds = Options.WholeNumber("--rounds", "With two pairs BASE DIFF: run them in N interleaved rounds (A B, B A, …) and judge the paired ratios (default 1: each once, no verdict)", 1);
        var (threshold, alpha) = RoundsGateOptions("With --rounds: ");
        var inject = Options.Number("--inject-slowdown", "With --rounds: make DIFF's training step this percentage slower on purpose, to show the gate fires", "a percentage between 0 and 1000", v => v is >= 0 and <= 1000);
        var command = new Command("versions", "Build and run the benchmarks per TorchSharp version, each in its own process; with --rounds, interleaved and judged")
        {
            pairs, artifacts, backend, rounds, threshold, alpha, inject,
        };
        command.SetAction(result =>
        {
            var bdnArgs = Subcommands.AfterDoubleDash(result);
            var ours = (result.GetValue(pairs) ?? []).SkipLast(bdnArgs.Count).ToList(); // everything after -- lands in the last argument too
            int n = result.GetValue(rounds) ?? 1;
            double? injected = result.GetValue(inject);
            if (n == 1)
            {
                if (injected is not null || result.GetValue(threshold) is not null || result.GetValue(alpha) is not null)
                    throw new UsageException("--threshold, --alpha and --inject-slowdown judge interleaved rounds: give --rounds N (e.g. --rounds 8) and two pairs.");
                return Versions(ours, result.GetValue(artifacts), result.GetValue(backend), bdnArgs);
            }
            return InterleavedVersions(ours, n, injected, RoundsGateSettings(result, threshold, alpha), result.GetValue(artifacts), result.GetValue(backend), bdnArgs);
        });
        return command;
    }

    static Command RoundsCommand()
    {
        var root = new Argument<string>("folder") { Description = "The --artifacts folder of 'bench versions BASE DIFF --rounds N' (holds rounds.json)", HelpName = "DIR" };
        var (threshold, alpha) = RoundsGateOptions("");
        var command = new Command("rounds", "Judge interleaved rounds again (paired ratios, signed-rank test); exit 1 on a regression") { root, threshold, alpha };
        command.SetAction(result => JudgeRounds(result.GetValue(root)!, RoundsGateSettings(result, threshold, alpha)));
        return command;
    }

    /// <summary>The rounds gate's --threshold and --alpha, as 'versions --rounds' and 'rounds' both take them.</summary>
    static (Option<double?> Threshold, Option<double?> Alpha) RoundsGateOptions(string prefix) =>
    (
        Options.Number("--threshold", prefix + "Slower by more than this percentage is a regression (default 10)", "a percentage >= 0", v => v >= 0),
        Options.Number("--alpha", prefix + "Significance level of the one-sided signed-rank test over the rounds (default 0.05)", "between 0 and 1", v => v is > 0 and < 1)
    );

    static ComparisonSettings RoundsGateSettings(ParseResult result, Option<double?> threshold, Option<double?> alpha) =>
        new((result.GetValue(threshold) ?? 10) / 100, result.GetValue(alpha) ?? 0.05);

    static Command CompareCommand()
    {
        var @base = new Argument<string>("base") { Description = "BDN *-report-full.json file or folder, or a throughput baseline" };
        var diff = new Argument<string>("diff") { Description = "The same, for the build to judge" };
        var threshold = Options.Number("--threshold", "Practical threshold: slower by more than this percentage (default 10)", "a percentage >= 0", v => v >= 0);
        var alpha = Options.Number("--alpha", "Significance level of the one-sided Mann-Whitney U test (default 0.05)", "between 0 and 1", v => v is > 0 and < 1);
        var test = new Option<string?>("--test") { Description = "slower (one-sided, default) or two-sided", HelpName = "slower|two-sided" };
        test.AcceptOnlyFromAmong("slower", "two-sided");
        var github = new Option<string?>("--github-benchmark") { Description = "Also write github-action-benchmark's customSmallerIsBetter JSON", HelpName = "OUT.json" };
        var failOnMissing = new Option<bool>("--fail-on-missing") { Description = "Exit 1 when a base benchmark is missing from diff" };
        var command = new Command("compare", "Pair benchmarks by name; exit 1 on a regression (slower by more than the threshold and p < alpha)")
        {
            @base, diff, threshold, alpha, test, github, failOnMissing,
        };
        command.SetAction(result => Compare(result.GetValue(@base)!, result.GetValue(diff)!, result.GetValue(threshold) ?? 10, result.GetValue(alpha) ?? 0.05,
                                            result.GetValue(test) == "two-sided" ? Alternative.TwoSided : Alternative.Greater,
                                            result.GetValue(github), result.GetValue(failOnMissing)));
        return command;
    }

    static Command BaselineCommand()
    {
        var from = new Argument<string>("from") { Description = "A BDN *-report-full.json, or the results folder holding them", HelpName = "FROM-BDN-JSON" };
        var output = new Option<string?>("--out") { Description = "Baseline to write (default baselines/throughput/BACKEND-MACHINE.json)", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace an existing baseline" };
        var command = new Command("baseline", "Store a BDN export as a throughput baseline (exit 1 if it exists, without --force)") { from, output, force };
        command.SetAction(result => Baseline(result.GetValue(from)!, result.GetValue(output), result.GetValue(force)));
        return command;
    }

    // ---- run / versions: build and run the benchmarks project, each in its own process ----

    static int RunBenchmarks(IReadOnlyList<string> bdnArgs)
    {
        return Dotnet(["run", "-c", "Release", "--project", ProjectPath(), "--", .. bdnArgs], environment: null);
    }

    /// <summary>
    /// One clean build and one BDN run per TorchSharp=libtorch pair, sequentially (they would fight over the cores).
    /// The versions travel as environment variables, not -p: BDN builds its own child project from ours, and only the
    /// environment reaches that build. Each run exports into its own folder: ARTIFACTS/torchsharp-TS_libtorch-LT[-k].
    /// </summary>
    static int Versions(IReadOnlyList<string> pairTexts, string? artifacts, string? backendOption, IReadOnlyList<string> bdnArgs)
    {
        if (pairTexts.Count == 0) throw new UsageException("give at least one TorchSharp=libtorch pair before the --, e.g. 0.107.0=2.10.0.");
        var pairs = pairTexts.Select(ParsePair).ToList();
        string root = ArtifactsRoot(artifacts, bdnArgs);
        string backend = Backend(backendOption);

        var outcomes = new List<(string Pair, string Folder, int Exit)>();
        var seen = new Dictionary<string, int>();
        foreach (var pair in pairs)
        {
            string name = $"torchsharp-{pair.TorchSharp}_libtorch-{pair.LibTorch}";
            seen[name] = seen.GetValueOrDefault(name) + 1;
            string folder = Path.Combine(root, seen[name] == 1 ? name : $"{name}-{seen[name]}");
            outcomes.Add(($"{pair.TorchSharp}={pair.LibTorch}", folder, BuildAndRun(pair, backend, folder, bdnArgs, injectedSlowdown: null)));
        }

        Console.WriteLine();
        foreach (var (pair, folder, exit) in outcomes)
            Console.WriteLine($"{pair,-24} {(exit == 0 ? "ok" : $"FAILED (exit {exit})"),-18} {folder}");
        return outcomes.All(o => o.Exit == 0) ? 0 : 1;
    }

    /// <summary>
    /// BASE and DIFF in <paramref name="rounds"/> rounds, the order alternating (base first in odd rounds), each run a
    /// clean build and a BDN run in ARTIFACTS/round-KK/base|diff; rounds.json is rewritten after every round. Then the
    /// rounds are judged (<see cref="RoundsComparison"/>): exit 1 on a regression or a failed run.
    /// </summary>
    static int InterleavedVersions(IReadOnlyList<string> pairTexts, int rounds, double? injectedSlowdown, ComparisonSettings settings,
                                   string? artifacts, string? backendOption, IReadOnlyList<string> bdnArgs)
    {
        if (pairTexts.Count != 2)
            throw new UsageException($"--rounds judges two builds: give exactly two pairs, BASE then DIFF (e.g. 0.107.0=2.10.0 0.108.0=2.11.0), got {pairTexts.Count}.");
        var (@base, diff) = (ParsePair(pairTexts[0]), ParsePair(pairTexts[1]));
        string root = ArtifactsRoot(artifacts, bdnArgs);
        string backend = Backend(backendOption);
        if (File.Exists(Path.Combine(root, RoundsManifest.FileName)))
            throw new UsageException($"{Path.Combine(root, RoundsManifest.FileName)} exists: judge it with 'benchsuite bench rounds {root}', or choose a new --artifacts folder.");
        if (PairedRatios.SmallestP(rounds) >= settings.Alpha)
            Console.WriteLine($"note: with {rounds} rounds the smallest p the signed-rank test can give is {PairedRatios.SmallestP(rounds):0.###} >= alpha {settings.Alpha}: " +
                              "nothing can be flagged; 5 rounds are the fewest for alpha 0.05.");

        var manifest = new RoundsManifest
        {
            Base = pairTexts[0], Diff = pairTexts[1], BenchmarkDotNetArguments = bdnArgs.ToList(),
            InjectedSlowdownPercent = injectedSlowdown,
        };
        for (int k = 1; k <= rounds; k++)
        {
            bool baseFirst = k % 2 == 1;
            string folder = RoundsManifest.RoundFolder(k);
            string started = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            Console.WriteLine($"==== round {k}/{rounds}: {(baseFirst ? "base, then diff" : "diff, then base")}");
            int RunBase() => BuildAndRun(@base, backend, Path.Combine(root, folder, "base"), bdnArgs, injectedSlowdown: null);
            int RunDiff() => BuildAndRun(diff, backend, Path.Combine(root, folder, "diff"), bdnArgs, injectedSlowdown);
            int baseExit, diffExit;
            if (baseFirst) { baseExit = RunBase(); diffExit = RunDiff(); }
            else { diffExit = RunDiff(); baseExit = RunBase(); }
            manifest.Rounds.Add(new RoundsManifest.RoundEntry(k, baseFirst, $"{folder}/base", baseExit, $"{folder}/diff", diffExit, started));
            manifest.Write(root);
        }
        Console.WriteLine();
        return JudgeRounds(root, settings);
    }

    /// <summary>One clean build of <paramref name="pair"/> and one BDN run exporting into <paramref name="folder"/>.</summary>
    static int BuildAndRun((string TorchSharp, string LibTorch) pair, string backend, string folder, IReadOnlyList<string> bdnArgs, double? injectedSlowdown)
    {
        var environment = new Dictionary<string, string> { ["TorchSharpVersion"] = pair.TorchSharp, ["LibTorchVersion"] = pair.LibTorch, ["TorchBackend"] = backend };
        if (injectedSlowdown is { } percent) environment[InjectedSlowdown.Variable] = percent.ToString(CultureInfo.InvariantCulture);
        Console.WriteLine($"==== TorchSharp {pair.TorchSharp} / libtorch {pair.LibTorch} -> {folder}");
        string project = ProjectPath();
        // --no-incremental: a real build of this version (restore picks the packages), not a leftover of the previous pair.
        int exit = Dotnet(["build", project, "-c", "Release", "--no-incremental", $"-p:TorchBackend={backend}"], environment);
        if (exit == 0)
            exit = Dotnet(["run", "-c", "Release", "--no-build", "--project", project, "--", .. bdnArgs, "--artifacts", folder], environment);
        return exit;
    }

    static string ArtifactsRoot(string? artifacts, IReadOnlyList<string> bdnArgs)
    {
        if (bdnArgs.Any(a => a.Equals("--artifacts", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--artifacts=", StringComparison.OrdinalIgnoreCase)))
            throw new UsageException("give --artifacts before the --, it is the root of the per-version folders.");
        return Path.GetFullPath(artifacts ?? Path.Combine(RepoRoot(), "BenchmarkDotNet.Artifacts", "versions"));
    }

    static string Backend(string? option)
    {
        string backend = option ?? Environment.GetEnvironmentVariable("TorchBackend") ?? "cpu";
        if (backend is not ("cpu" or "cuda")) throw new UsageException($"the TorchBackend environment variable is cpu or cuda, got '{backend}'.");
        return backend;
    }

    // ---- rounds: judge interleaved rounds ----

    static int JudgeRounds(string root, ComparisonSettings settings)
    {
        var manifest = RoundsManifest.Read(root);
        var failed = manifest.Rounds.Where(r => r.BaseExit != 0 || r.DiffExit != 0).ToList();
        foreach (var r in failed)
            Console.WriteLine($"round {r.Number} left out: base exit {r.BaseExit}, diff exit {r.DiffExit}");
        var rounds = manifest.ReadRounds(root);
        if (rounds.Count == 0) throw new ThroughputFormatException(Path.Combine(root, RoundsManifest.FileName), "no round in which both runs succeeded; nothing to judge.");
        var report = RoundsComparison.Compare(rounds, settings);
        Console.Write(RoundsTable.Render(manifest, report));
        return report.HasRegression || failed.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    static (string TorchSharp, string LibTorch) ParsePair(string text)
    {
        var match = Regex.Match(text, @"^([0-9][0-9A-Za-z.\-]*)=([0-9][0-9A-Za-z.\-+]*)$");
        if (!match.Success)
            throw new UsageException($"'{text}' is not a TorchSharp=libtorch pair (e.g. 0.107.0=2.10.0).");
        return (match.Groups[1].Value, match.Groups[2].Value);
    }

    static int Dotnet(IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoRoot(), UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        Console.WriteLine("$ " + string.Join(" ", (environment ?? new Dictionary<string, string>()).Select(e => $"{e.Key}={e.Value}"))
                          + " dotnet " + string.Join(" ", arguments.Select(Quote)));
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        process.WaitForExit();
        return process.ExitCode;
    }

    static string Quote(string a) => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:+,".Contains(c)) ? a : $"'{a}'";

    static string ProjectPath() => Path.Combine(RepoRoot(), BenchmarksProject);

    static string RepoRoot() =>
        Checkout.TryFindRoot(root => File.Exists(Path.Combine(root, BenchmarksProject)))
        ?? throw new UsageException("run from a checkout of BenchSuite (no BenchSuite.sln with " + BenchmarksProject + " above the current folder).");

    // ---- compare ----

    static int Compare(string basePath, string diffPath, double threshold, double alpha, Alternative alternative, string? githubOutput, bool failOnMissing)
    {
        var @base = ThroughputResultsReader.Read(basePath);
        var diff = ThroughputResultsReader.Read(diffPath);
        var report = ThroughputComparison.Compare(@base, diff, new ComparisonSettings(threshold / 100, alpha, alternative));
        Console.Write(ThroughputTable.Render(report));

        if (githubOutput is { } output)
        {
            BenchSuite.Runtime.AtomicFile.WriteAllText(output, GithubBenchmarkJson.Serialize(report));
            Console.WriteLine($"wrote {output} (github-action-benchmark, customSmallerIsBetter)");
        }
        return report.HasRegression || failOnMissing && report.Missing.Any() ? ExitCodes.CheckFailed : ExitCodes.Success;
    }

    // ---- baseline ----

    static int Baseline(string from, string? outputOption, bool force)
    {
        var results = ThroughputResultsReader.Read(from);
        if (results.Benchmarks.Count == 0) throw new ThroughputFormatException(results.Path, "holds no measured benchmark (did every case fail?).");
        if (results.Provenance.InjectedSlowdownPercent is > 0)
            throw new ThroughputFormatException(results.Path, $"was measured with the training step slowed {results.Provenance.InjectedSlowdownPercent}% on purpose " +
                                                              $"({InjectedSlowdown.Variable}); measure again without it.");
        var provenance = results.Provenance with { Source = Path.GetFullPath(results.Path) };
        var baseline = ThroughputBaseline.From(results, provenance);

        string output = outputOption ?? Path.Combine(RepoRoot(), "baselines", "throughput", $"{provenance.Backend ?? "cpu"}-{MachineClass(provenance)}.json");
        if (!baseline.TryWrite(output, force))
        {
            Console.Error.WriteLine($"benchsuite bench baseline: {output} exists; review it, then pass --force to replace it.");
            return 1;
        }
        Console.WriteLine($"wrote {output}: {results.Benchmarks.Count} benchmarks, job {provenance.Job}, TorchSharp {provenance.TorchSharpVersion ?? "?"}, " +
                          $"libtorch {provenance.LibTorchVersion ?? "?"}, {provenance.Cpu} ({provenance.LogicalCores} cores, {provenance.Threads?.ToString(CultureInfo.InvariantCulture) ?? "?"} threads)");
        return 0;
    }

    /// <summary>"AMD EPYC" with 2 cores → "amd-epyc-2c": timings only compare within a machine class.</summary>
    static string MachineClass(ThroughputProvenance p)
    {
        string cpu = Regex.Replace((p.Cpu ?? "unknown").ToLowerInvariant(), @"\((r|tm)\)|cpu|processor|@.*$", "");
        cpu = Regex.Replace(cpu, "[^a-z0-9]+", "-").Trim('-');
        return p.LogicalCores is { } cores ? $"{cpu}-{cores}c" : cpu;
    }
}
