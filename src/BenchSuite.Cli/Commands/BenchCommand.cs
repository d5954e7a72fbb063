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
            RunCommand(), VersionsCommand(), CompareCommand(), BaselineCommand(),
        };
        command.SetAction(_ => Subcommands.Missing("run, versions, compare or baseline"));
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
        var command = new Command("versions", "Build and run the benchmarks once per TorchSharp version, each in its own process") { pairs, artifacts, backend };
        command.SetAction(result =>
        {
            var bdnArgs = Subcommands.AfterDoubleDash(result);
            var ours = (result.GetValue(pairs) ?? []).SkipLast(bdnArgs.Count).ToList(); // everything after -- lands in the last argument too
            return Versions(ours, result.GetValue(artifacts), result.GetValue(backend), bdnArgs);
        });
        return command;
    }

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
        if (bdnArgs.Any(a => a.Equals("--artifacts", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--artifacts=", StringComparison.OrdinalIgnoreCase)))
            throw new UsageException("give --artifacts before the --, it is the root of the per-version folders.");
        string root = Path.GetFullPath(artifacts ?? Path.Combine(RepoRoot(), "BenchmarkDotNet.Artifacts", "versions"));
        string project = ProjectPath();
        string backend = backendOption ?? Environment.GetEnvironmentVariable("TorchBackend") ?? "cpu";
        if (backend is not ("cpu" or "cuda")) throw new UsageException($"the TorchBackend environment variable is cpu or cuda, got '{backend}'.");

        var outcomes = new List<(string Pair, string Folder, int Exit)>();
        var seen = new Dictionary<string, int>();
        foreach (var (torchSharp, libTorch) in pairs)
        {
            string name = $"torchsharp-{torchSharp}_libtorch-{libTorch}";
            seen[name] = seen.GetValueOrDefault(name) + 1;
            string folder = Path.Combine(root, seen[name] == 1 ? name : $"{name}-{seen[name]}");
            var environment = new Dictionary<string, string> { ["TorchSharpVersion"] = torchSharp, ["LibTorchVersion"] = libTorch, ["TorchBackend"] = backend };

            Console.WriteLine($"==== TorchSharp {torchSharp} / libtorch {libTorch} -> {folder}");
            // --no-incremental: a real build of this version (restore picks the packages), not a leftover of the previous pair.
            int exit = Dotnet(["build", project, "-c", "Release", "--no-incremental", $"-p:TorchBackend={backend}"], environment);
            if (exit == 0)
                exit = Dotnet(["run", "-c", "Release", "--no-build", "--project", project, "--", .. bdnArgs, "--artifacts", folder], environment);
            outcomes.Add(($"{torchSharp}={libTorch}", folder, exit));
        }

        Console.WriteLine();
        foreach (var (pair, folder, exit) in outcomes)
            Console.WriteLine($"{pair,-24} {(exit == 0 ? "ok" : $"FAILED (exit {exit})"),-18} {folder}");
        return outcomes.All(o => o.Exit == 0) ? 0 : 1;
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
