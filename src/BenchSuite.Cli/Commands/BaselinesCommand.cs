using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite baselines record|merge|check|calibrate|accept|table</c>. The work is in the library
/// (<see cref="GateRecorder"/>, <see cref="GateCheck"/>, <see cref="GateCalibration"/>); this only parses words.
/// </summary>
static class BaselinesCommand
{
    public const string Usage =
        "benchsuite baselines record    [--tier fixture|cifar10-quick|cifar10-full] [--seeds LIST] [--shard i/n] [--data DIR] [experiment...]\n" +
        "  benchsuite baselines merge     [--tier ...] [experiment...]   (joins the shard files of 'record --shard')\n" +
        "  benchsuite baselines check     [--tier ...] [--seeds LIST] [--set section:key=value]... [--data DIR] [experiment...]\n" +
        "  benchsuite baselines calibrate [--tier ...] [--candidates M] [--resamples R] [--fresh K] [--repeats N] [--mutations a,b|none] [--data DIR] [experiment...]\n" +
        "  benchsuite baselines accept    [experiment...]\n" +
        "  benchsuite baselines table     [--tier ...] [experiment...]   (markdown: the post's Keras numbers beside our median ± spread)\n" +
        "  LIST: 7001-7008, 7001,7005 or both; exit codes: 0 nothing moved, 1 something moved, 2 bad input";

    public static int Run(IEnumerable<string> args)
    {
        var words = args.ToList();
        if (words.Count == 0) throw new UsageException("baselines: say record, merge, check, calibrate, accept or table. Usage: " + Usage);
        var rest = words.Skip(1);
        try
        {
            return words[0] switch
            {
                "record" => Record(new CommandLine("baselines record", rest, ["tier", "seeds", "shard", "data", "baselines"])),
                "merge" => Merge(new CommandLine("baselines merge", rest, ["tier", "baselines"])),
                "check" => Check(new CommandLine("baselines check", rest, ["tier", "seeds", "set", "data", "baselines"])),
                "calibrate" => Calibrate(new CommandLine("baselines calibrate", rest, ["tier", "candidates", "resamples", "fresh", "repeats", "mutations", "data", "baselines"])),
                "accept" => Accept(new CommandLine("baselines accept", rest, ["baselines"])),
                "table" => Table(new CommandLine("baselines table", rest, ["tier", "baselines", "backend"])),
                _ => throw new UsageException($"baselines: unknown action '{words[0]}'. Usage: " + Usage),
            };
        }
        catch (Exception e) when (e is InvalidDataException or LegacyBaselineException or FormatException)
        {
            throw new UsageException($"baselines {words[0]}: {e.Message}");
        }
    }

    static int Record(CommandLine line)
    {
        var (tier, store, experiments) = Common(line);
        // 'record --seeds K' used to mean K seeds; now it is a list, and a bare number would silently record one seed.
        if (line.Get("seeds") is { } bare && long.TryParse(bare, out long k))
            throw new UsageException($"baselines record: --seeds takes a list or a range now (default {SeedList.Format(GatePolicy.Default.BaselineSeedsFor(tier))}); " +
                                     $"for {k} seeds from 42 write --seeds 42-{41 + k}, for the single seed {k} write --seeds {k}-{k}.");
        var seeds = line.Get("seeds") is { } list ? SeedList.Parse(list) : GatePolicy.Default.BaselineSeedsFor(tier);
        (int Index, int Count)? shard = line.Get("shard") is { } s ? GateRecorder.ParseShard(s) : null;
        string? data = DataDirectory(line, tier);
        string command = $"benchsuite baselines record --tier {tier.Name} --seeds {SeedList.Format(seeds)}{(shard is { } sh ? $" --shard {sh.Index}/{sh.Count}" : "")} {string.Join(' ', experiments)}";

        foreach (var name in experiments)
        {
            var subject = GateSubject.Load(tier, name, data);
            var mine = shard is { } part ? GateRecorder.ShardSeeds(seeds, part.Index, part.Count) : seeds;
            if (mine.Count == 0) { Console.WriteLine($"{name}: shard {line.Get("shard")} has no seeds of {SeedList.Format(seeds)}"); continue; }
            var runs = subject.Train(mine, Console.WriteLine);
            if (runs.Any(r => !r.Complete)) { Console.Error.WriteLine($"{name}: stopped before all seeds completed; nothing written."); return 130; }
            var baseline = GateRecorder.FromRuns(subject, runs, seeds[0], seeds, command, shard);
            string verified = store.VerifiedPath(tier, subject.Backend, name, subject.Dataset.Fingerprint);
            if (shard is { } p)
            {
                string path = BaselineStore.ShardPath(verified, p.Index, p.Count);
                AtomicFile.WriteAllText(path, baseline.ToJson());
                Console.WriteLine($"wrote {path}; when every shard is in {Path.GetDirectoryName(path)}: benchsuite baselines merge --tier {tier.Name} {name}");
            }
            else if (BaselineStore.TryWriteNew(verified, baseline))
                Console.WriteLine($"wrote {verified}");
            else
            {
                BaselineStore.WriteReceived(verified, baseline);
                Console.WriteLine($"{verified} exists: wrote {BaselineStore.ReceivedPath(verified)} beside it. Review the diff, then: benchsuite baselines accept {name}");
            }
        }
        return 0;
    }

    static int Merge(CommandLine line)
    {
        var (tier, store, _) = Common(line);
        var groups = store.ShardFiles(tier, line.Positional);
        if (groups.Count == 0) throw new UsageException($"baselines merge: no shard files (*.shard-I-of-N.json) under {Path.Combine(store.Root, tier.Name)}.");
        foreach (var (verified, files) in groups)
        {
            var baseline = GateRecorder.Merge(files.Select(f => (f, Baseline.Load(f))).ToList());
            if (BaselineStore.TryWriteNew(verified, baseline)) Console.WriteLine($"wrote {verified} from {files.Count} shards");
            else
            {
                BaselineStore.WriteReceived(verified, baseline);
                Console.WriteLine($"{verified} exists: wrote {BaselineStore.ReceivedPath(verified)} from {files.Count} shards. Review the diff, then: benchsuite baselines accept {baseline.Experiment}");
            }
            foreach (var f in files) File.Delete(f);
        }
        return 0;
    }

    static int Check(CommandLine line)
    {
        var (tier, store, experiments) = Common(line);
        string? data = line.Get("data") ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
        var options = new GateCheckOptions(
            CandidateSeeds: line.Get("seeds") is { } list ? SeedList.Parse(list) : null,
            Overrides: Overrides(line),
            Progress: Console.WriteLine,
            Environment: ExperimentLoader.ProcessEnvironment()); // the CLI reads BENCHSUITE__* (README); the tests do not
        var outcome = GateCheck.Run(tier, experiments, store, data, options);
        foreach (var e in outcome.Experiments)
        {
            Console.WriteLine($"[{e.Status}] {e.Experiment}");
            Console.WriteLine(e.Message);
        }
        if (outcome.Failed) return 1;
        // Nothing moved, but something could not be checked (an old-format baseline, none for this data): not a pass.
        return outcome.Experiments.Any(e => e.Status == SnapshotStatus.Skipped) ? 2 : 0;
    }

    static int Calibrate(CommandLine line)
    {
        var (tier, store, experiments) = Common(line);
        string? data = line.Get("data") ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
        var policy = GatePolicy.Default;
        int m = line.GetInt("candidates", min: 1) ?? policy.CandidateSeedsFor(tier).Count;
        var names = line.Get("mutations") is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        var mutations = names is ["none"] ? [] : Mutations.Select(names);
        var result = GateCalibration.Run(tier, experiments, store, data, mutations, m,
            resamples: line.GetInt("resamples", min: 0) ?? 2000, freshSets: line.GetInt("fresh", min: 0) ?? 0,
            repeats: line.GetInt("repeats", min: 1) ?? 1, policy, Console.WriteLine);
        Console.WriteLine(result.Render());
        return 0;
    }

    static int Accept(CommandLine line)
    {
        var store = line.Get("baselines") is { } dir ? new BaselineStore(dir) : BaselineStore.Default();
        var accepted = store.Accept(line.Positional);
        if (accepted.Count == 0)
        {
            Console.WriteLine($"nothing to accept: no .received.json files{(line.Positional.Count > 0 ? " for " + string.Join(", ", line.Positional) : "")} under {store.Root}");
            return 0;
        }
        foreach (var path in accepted) Console.WriteLine($"accepted {path}");
        Console.WriteLine("Review with 'git diff baselines/' and commit the baselines with the change that moved them.");
        return 0;
    }

    static int Table(CommandLine line)
    {
        var (tier, store, experiments) = Common(line);
        string backend = line.Get("backend") ?? "cpu";
        var documented = DocumentedRuns.Load();
        foreach (var name in experiments)
        {
            string folder = Path.Combine(store.Root, tier.Name, backend);
            var files = Directory.Exists(folder) ? Directory.GetFiles(folder, $"{name}.*{BaselineStore.Verified}") : [];
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                var baseline = Baseline.Load(file);
                var experiment = ExperimentLoader.Load(name);
                Console.WriteLine(BaselineTable.Render(baseline, experiment.Documented is { } key ? documented.Get(key) : ([], null)));
            }
        }
        return 0;
    }

    static (Tier Tier, BaselineStore Store, IReadOnlyList<string> Experiments) Common(CommandLine line)
    {
        Tier tier;
        try { tier = Tier.Parse(line.Get("tier") ?? Environment.GetEnvironmentVariable(Tier.EnvironmentVariable)); }
        catch (ArgumentException e) { throw new UsageException("baselines: " + e.Message); }
        var store = line.Get("baselines") is { } dir ? new BaselineStore(dir) : BaselineStore.Default();
        var experiments = line.Positional.Count > 0 ? line.Positional : ExperimentLoader.Known();
        return (tier, store, experiments);
    }

    static string? DataDirectory(CommandLine line, Tier tier)
    {
        if (!tier.NeedsCifar10) return null;
        return line.Get("data") ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable)
               ?? throw new UsageException($"baselines: tier '{tier.Name}' needs CIFAR-10: pass --data DIR or set {DataLocator.EnvironmentVariable}.");
    }

    /// <summary>--set section:key=value, as 'run' takes them.</summary>
    static Dictionary<string, string?> Overrides(CommandLine line)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var assignment in line.GetAll("set"))
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new UsageException($"baselines check: --set takes section:key=value (e.g. --set model:batchNormMomentum=0.9), got '{assignment}'.");
            overrides[assignment[..eq]] = assignment[(eq + 1)..];
        }
        return overrides;
    }
}
