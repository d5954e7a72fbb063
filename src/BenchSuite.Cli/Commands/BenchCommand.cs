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
    public const string Usage =
        "benchsuite bench run [-- BDN args]\n" +
        "  benchsuite bench versions TS=LIBTORCH [TS=LIBTORCH...] [--artifacts DIR] [--backend cpu|cuda] [-- BDN args]   e.g. 0.107.0=2.10.0\n" +
        "  benchsuite bench compare BASE DIFF [--threshold 10] [--alpha 0.05] [--test slower|two-sided] [--github-benchmark OUT.json] [--fail-on-missing]\n" +
        "  benchsuite bench baseline FROM-BDN-JSON [--out FILE] [--force]";

    const string BenchmarksProject = "src/BenchSuite.Benchmarks/BenchSuite.Benchmarks.csproj";

    public static int Run(IEnumerable<string> args)
    {
        var words = args.ToList();
        if (words.Count == 0) throw new UsageException("bench: say run, versions, compare or baseline. Usage: " + Usage);
        // Everything after "--" belongs to BenchmarkDotNet, untouched.
        int dashes = words.IndexOf("--", 1);
        var ours = dashes < 0 ? words.Skip(1).ToList() : words.Skip(1).Take(dashes - 1).ToList();
        var bdnArgs = dashes < 0 ? [] : words.Skip(dashes + 1).ToList();
        try
        {
            return words[0] switch
            {
                "run" => RunBenchmarks(new CommandLine("bench run", ours, []), bdnArgs),
                "versions" => Versions(new CommandLine("bench versions", ours, ["artifacts", "backend"]), bdnArgs),
                "compare" => Compare(new CommandLine("bench compare", ours, ["threshold", "alpha", "test", "github-benchmark"], ["fail-on-missing"])),
                "baseline" => Baseline(new CommandLine("bench baseline", ours, ["out"], ["force"])),
                _ => throw new UsageException($"bench: unknown action '{words[0]}'. Usage: " + Usage),
            };
        }
        catch (ThroughputFormatException e)
        {
            Console.Error.WriteLine("benchsuite bench: cannot read " + e.Message);
            return 2;
        }
    }

    // ---- run / versions: build and run the benchmarks project, each in its own process ----

    static int RunBenchmarks(CommandLine line, IReadOnlyList<string> bdnArgs)
    {
        if (line.Positional.Count > 0) throw new UsageException($"bench run: unexpected '{line.Positional[0]}' (BDN arguments go after --).");
        return Dotnet(["run", "-c", "Release", "--project", ProjectPath(), "--", .. bdnArgs], environment: null);
    }

    /// <summary>
    /// One clean build and one BDN run per TorchSharp=libtorch pair, sequentially (they would fight over the cores).
    /// The versions travel as environment variables, not -p: BDN builds its own child project from ours, and only the
    /// environment reaches that build. Each run exports into its own folder: ARTIFACTS/torchsharp-TS_libtorch-LT[-k].
    /// </summary>
    static int Versions(CommandLine line, IReadOnlyList<string> bdnArgs)
    {
        if (line.Positional.Count == 0) throw new UsageException("bench versions: give at least one TorchSharp=libtorch pair, e.g. 0.107.0=2.10.0.");
        var pairs = line.Positional.Select(ParsePair).ToList();
        if (bdnArgs.Any(a => a.Equals("--artifacts", StringComparison.OrdinalIgnoreCase) || a.StartsWith("--artifacts=", StringComparison.OrdinalIgnoreCase)))
            throw new UsageException("bench versions: give --artifacts before the --, it is the root of the per-version folders.");
        string root = Path.GetFullPath(line.Get("artifacts") ?? Path.Combine(RepoRoot(), "BenchmarkDotNet.Artifacts", "versions"));
        string project = ProjectPath();
        string backend = line.Get("backend") ?? Environment.GetEnvironmentVariable("TorchBackend") ?? "cpu";
        if (backend is not ("cpu" or "cuda")) throw new UsageException($"bench versions: --backend is cpu or cuda, got '{backend}'.");

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
            throw new UsageException($"bench versions: '{text}' is not a TorchSharp=libtorch pair (e.g. 0.107.0=2.10.0).");
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

    static string RepoRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "BenchSuite.sln")) && File.Exists(Path.Combine(dir.FullName, BenchmarksProject)))
                    return dir.FullName;
        throw new UsageException("bench: run from a checkout of BenchSuite (no BenchSuite.sln with " + BenchmarksProject + " above the current folder).");
    }

    // ---- compare ----

    static int Compare(CommandLine line)
    {
        if (line.Positional.Count != 2) throw new UsageException("bench compare: give BASE and DIFF (BDN *-report-full.json files or folders, or throughput baselines).");
        double threshold = line.GetDouble("threshold") ?? 10;
        double alpha = line.GetDouble("alpha") ?? 0.05;
        if (threshold < 0) throw new UsageException("bench compare: --threshold is a percentage >= 0.");
        if (alpha is <= 0 or >= 1) throw new UsageException("bench compare: --alpha must be between 0 and 1.");
        var alternative = (line.Get("test") ?? "slower") switch
        {
            "slower" => Alternative.Greater,
            "two-sided" => Alternative.TwoSided,
            var other => throw new UsageException($"bench compare: --test is slower or two-sided, got '{other}'."),
        };

        var @base = ThroughputResultsReader.Read(line.Positional[0]);
        var diff = ThroughputResultsReader.Read(line.Positional[1]);
        var report = ThroughputComparison.Compare(@base, diff, new ComparisonSettings(threshold / 100, alpha, alternative));
        Console.Write(ThroughputTable.Render(report));

        if (line.Get("github-benchmark") is { } output)
        {
            Results.AtomicFile.WriteAllText(output, GithubBenchmarkJson.Serialize(report));
            Console.WriteLine($"wrote {output} (github-action-benchmark, customSmallerIsBetter)");
        }
        bool failOnMissing = line.Has("fail-on-missing") && report.Missing.Any();
        return report.HasRegression || failOnMissing ? 1 : 0;
    }

    // ---- baseline ----

    static int Baseline(CommandLine line)
    {
        if (line.Positional.Count != 1) throw new UsageException("bench baseline: give one BDN export (a *-report-full.json or the results folder holding them).");
        var results = ThroughputResultsReader.Read(line.Positional[0]);
        if (results.Benchmarks.Count == 0) throw new ThroughputFormatException(results.Path, "holds no measured benchmark (did every case fail?).");
        var provenance = results.Provenance with { Source = Path.GetFullPath(results.Path) };
        var baseline = ThroughputBaseline.From(results, provenance);

        string output = line.Get("out") ?? Path.Combine(RepoRoot(), "baselines", "throughput", $"{provenance.Backend ?? "cpu"}-{MachineClass(provenance)}.json");
        if (!baseline.TryWrite(output, line.Has("force")))
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
