using System.CommandLine;
using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Runtime;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite baselines record|merge|check|calibrate|accept|table</c>. The work is in the library
/// (<see cref="GateRecorder"/>, <see cref="GateCheck"/>, <see cref="GateCalibration"/>); this only declares the
/// options and turns their values into calls. Exit codes: 0 nothing moved, 1 something moved, 2 bad input.
/// </summary>
static class BaselinesCommand
{
    const string Tiers = "fixture|cifar10-quick|cifar10-full";
    const string SeedForms = "LIST: 7001-7008, 7001,7005 or both";

    public static Command Create()
    {
        var command = new Command("baselines", "Record per-seed baselines, check runs against them (Mann-Whitney gate), calibrate the gate, promote .received.json files")
        {
            Record(), Merge(), Check(), Calibrate(), Accept(), Table(),
        };
        command.SetAction(_ => Subcommands.Missing("record, merge, check, calibrate, accept or table"));
        return command;
    }

    static Option<string?> TierOption() => new("--tier") { Description = "Baseline tier (default: BENCHSUITE_TIER, else fixture)", HelpName = Tiers };

    static Option<string?> StoreOption() => new("--baselines") { Description = "Baselines folder (default: baselines/ of this checkout)", HelpName = "DIR" };

    static Option<string?> SeedsOption(string description) => new("--seeds") { Description = $"{description} ({SeedForms})", HelpName = "LIST" };

    static Option<string[]> SetOption() => new("--set")
    {
        Description = "Any experiment key for the candidate runs, repeatable: --set model:batchNormMomentum=0.9",
        HelpName = "section:key=value",
    };

    static Command Record()
    {
        var tier = TierOption();
        var seeds = SeedsOption("Seeds to train (default: the gate policy's baseline seeds for the tier)");
        var shard = new Option<string?>("--shard") { Description = "Train only part i of n of the seeds; join the parts with 'baselines merge'", HelpName = "i/n" };
        var data = Arguments.Data();
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("record", "Train each experiment over many seeds and write its baseline (.received.json beside an existing one)")
        {
            tier, seeds, shard, data, store, experiments,
        };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            string? seedText = result.GetValue(seeds);
            // 'record --seeds K' used to mean K seeds; now it is a list, and a bare number would silently record one seed.
            if (seedText is not null && long.TryParse(seedText, out long k))
                throw new UsageException($"--seeds takes a list or a range now (default {SeedList.Format(GatePolicy.Default.BaselineSeedsFor(t))}); " +
                                         $"for {k} seeds from 42 write --seeds 42-{41 + k}, for the single seed {k} write --seeds {k}-{k}.");
            var list = seedText is not null ? ParseSeeds(seedText) : GatePolicy.Default.BaselineSeedsFor(t);
            (int Index, int Count)? part = result.GetValue(shard) is { } text ? ParseShard(text) : null;
            string? dataDirectory = DataDirectory(result.GetValue(data), t);
            TorchNative.EnsureLoaded();
            return RecordBaselines(t, s, names, list, part, dataDirectory);
        });
        return command;
    }

    static Command Merge()
    {
        var tier = TierOption();
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("merge", "Join the shard files of 'record --shard' into baselines") { tier, store, experiments };
        command.SetAction(result =>
        {
            var (t, s, _) = Common(result.GetValue(tier), result.GetValue(store), []);
            return MergeShards(t, s, result.GetValue(experiments) ?? []);
        });
        return command;
    }

    static Command Check()
    {
        var tier = TierOption();
        var seeds = SeedsOption("Candidate seeds to train (default: the gate policy's candidate seeds for the tier)");
        var set = SetOption();
        var mutation = new Option<string?>("--mutation")
        {
            Description = "Train the candidates with one catalogue mutation (its keys, or its code-level part: torch-default-init, scale-1/256, no-reshuffle, validation-in-training-mode, …)",
            HelpName = "NAME",
        };
        var data = Arguments.Data();
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("check", "Train candidate seeds and compare them with each baseline (exit 1 when something moved, 2 when something could not be checked)")
        {
            tier, seeds, set, mutation, data, store, experiments,
        };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            Mutation? chosen = result.GetValue(mutation) is { } mutationName ? Mutations.Select([mutationName]).Single() : null;
            var options = new GateCheckOptions(
                CandidateSeeds: result.GetValue(seeds) is { } list ? ParseSeeds(list) : null,
                Overrides: Overrides(result.GetValue(set)),
                Mutation: chosen,
                Progress: Console.WriteLine,
                Environment: ExperimentLoader.ProcessEnvironment()); // the CLI reads BENCHSUITE__* (README); the tests do not
            string? dataDirectory = result.GetValue(data) ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
            TorchNative.EnsureLoaded();
            return CheckBaselines(t, s, names, dataDirectory, options);
        });
        return command;
    }

    static Command Calibrate()
    {
        var tier = TierOption();
        var candidates = new Option<string?>("--candidates")
        {
            Description = "Numbers of candidate seeds M to evaluate, e.g. 4,6,8: the largest is trained, each smaller M decided on the first M (default: the gate policy's for the tier)",
            HelpName = "M[,M…]",
        };
        var resamples = Options.WholeNumber("--resamples", "False-alarm rate by resampling, R draws (default 2000; paired: needs --pairs-from)", min: 0);
        resamples.HelpName = "R";
        var pairsFrom = new Option<string?>("--pairs-from")
        {
            Description = "A baselines folder holding the same seeds recorded with other bits (other threads, instruction set, CPU or libtorch): the paired gate's false alarms",
            HelpName = "DIR",
        };
        var fresh = Options.WholeNumber("--fresh", "Unpaired gate only: false-alarm rate from K trained sets of M fresh seeds, 9001… (default 0)", min: 0);
        fresh.HelpName = "K";
        var repeats = Options.WholeNumber("--repeats", "Times each mutation is trained, each on its own seeds (default 1)", min: 1);
        var mutations = new Option<string?>("--mutations") { Description = "Mutations to try (default: all; none: only the false-alarm rate)", HelpName = "a,b|none" };
        var data = Arguments.Data();
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("calibrate", "Measure the gate's false-alarm rate and its power against known mutations")
        {
            tier, candidates, resamples, pairsFrom, fresh, repeats, mutations, data, store, experiments,
        };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            var mutationNames = result.GetValue(mutations) is { } text ? text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
            var chosen = mutationNames is ["none"] ? [] : Mutations.Select(mutationNames);
            var policy = GatePolicy.Default;
            var counts = result.GetValue(candidates) is { } list ? ParseCounts(list) : [policy.CandidateSeedsFor(t).Count];
            string? dataDirectory = result.GetValue(data) ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
            var plan = new CalibrationPlan(counts, chosen, result.GetValue(resamples) ?? 2000,
                                           result.GetValue(pairsFrom) is { } other ? new BaselineStore(other) : null, result.GetValue(fresh) ?? 0, result.GetValue(repeats) ?? 1);
            TorchNative.EnsureLoaded();
            return CalibrateGate(t, s, names, dataDirectory, plan, policy);
        });
        return command;
    }

    static IReadOnlyList<int> ParseCounts(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var counts = parts.Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int m) && m >= 1 ? m : -1).ToList();
        if (counts.Contains(-1))
            throw new UsageException($"--candidates '{text}': give whole numbers of at least 1, separated by commas (e.g. --candidates 4,6,8).");
        return counts;
    }

    static Command Accept()
    {
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("accept", "Move .received.json files over their verified baselines (the only command that replaces one)") { store, experiments };
        command.SetAction(result => AcceptBaselines(Store(result.GetValue(store)), result.GetValue(experiments) ?? []));
        return command;
    }

    static Command Table()
    {
        var tier = TierOption();
        var store = StoreOption();
        var backend = new Option<string?>("--backend") { Description = "Backend folder to read (default cpu)", HelpName = "cpu|cuda" };
        var experiments = Arguments.Experiments();
        var command = new Command("table", "Markdown: the post's Keras numbers beside our median ± spread") { tier, store, backend, experiments };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            return PrintTables(t, s, names, result.GetValue(backend) ?? "cpu");
        });
        return command;
    }

    // Apart from the actions, so that no torch type is touched before TorchNative.EnsureLoaded() has run.
    static int RecordBaselines(Tier tier, BaselineStore store, IReadOnlyList<string> experiments, IReadOnlyList<long> seeds,
                               (int Index, int Count)? shard, string? data)
    {
        string command = $"benchsuite baselines record --tier {tier.Name} --seeds {SeedList.Format(seeds)}{(shard is { } sh ? $" --shard {sh.Index}/{sh.Count}" : "")} {string.Join(' ', experiments)}";
        var subjects = experiments.Select(name => GateSubject.Load(tier, name, data)).ToList();
        foreach (var subject in subjects) // before any training: a baseline the gate could not use is not worth hours of it
            GateRecorder.ThrowIfUnusable(subject, seeds, ExperimentLoader.Known().Count, GatePolicy.Default);
        foreach (var subject in subjects)
        {
            string name = subject.Experiment.Name;
            var mine = shard is { } part ? GateRecorder.ShardSeeds(seeds, part.Index, part.Count) : seeds;
            if (mine.Count == 0) { Console.WriteLine($"{name}: shard {shard!.Value.Index}/{shard.Value.Count} has no seeds of {SeedList.Format(seeds)}"); continue; }
            var runs = subject.Train(mine, Console.WriteLine);
            if (runs.Any(r => !r.Complete)) { Console.Error.WriteLine($"{name}: stopped before all seeds completed; nothing written."); return ExitCodes.Stopped; }
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
        return ExitCodes.Success;
    }

    static int MergeShards(Tier tier, BaselineStore store, IReadOnlyList<string> experiments)
    {
        var groups = store.ShardFiles(tier, experiments);
        if (groups.Count == 0) throw new UsageException($"no shard files (*.shard-I-of-N.json) under {Path.Combine(store.Root, tier.Name)}.");
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
        return ExitCodes.Success;
    }

    static int CheckBaselines(Tier tier, BaselineStore store, IReadOnlyList<string> experiments, string? data, GateCheckOptions options)
    {
        var outcome = GateCheck.Run(tier, experiments, store, data, options);
        foreach (var e in outcome.Experiments)
        {
            Console.WriteLine($"[{e.Status}] {e.Experiment}");
            Console.WriteLine(e.Message);
        }
        if (outcome.Failed) return ExitCodes.CheckFailed;
        // Nothing moved, but something could not be checked (an old-format baseline, none for this data): not a pass.
        return outcome.Experiments.Any(e => e.Status == SnapshotStatus.Skipped) ? ExitCodes.UsageOrData : ExitCodes.Success;
    }

    static int CalibrateGate(Tier tier, BaselineStore store, IReadOnlyList<string> experiments, string? data, CalibrationPlan plan, GatePolicy policy)
    {
        CalibrationResult result;
        try { result = GateCalibration.Run(tier, experiments, store, data, plan, policy, Console.WriteLine); }
        catch (ArgumentException e) { throw new UsageException(e.Message); }
        Console.WriteLine(result.Render());
        return ExitCodes.Success;
    }

    static int AcceptBaselines(BaselineStore store, IReadOnlyCollection<string> experiments)
    {
        var accepted = store.Accept(experiments);
        if (accepted.Count == 0)
        {
            Console.WriteLine($"nothing to accept: no .received.json files{(experiments.Count > 0 ? " for " + string.Join(", ", experiments) : "")} under {store.Root}");
            return ExitCodes.Success;
        }
        foreach (var path in accepted) Console.WriteLine($"accepted {path}");
        Console.WriteLine("Review with 'git diff baselines/' and commit the baselines with the change that moved them.");
        return ExitCodes.Success;
    }

    static int PrintTables(Tier tier, BaselineStore store, IReadOnlyList<string> experiments, string backend)
    {
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
        return ExitCodes.Success;
    }

    static (Tier Tier, BaselineStore Store, IReadOnlyList<string> Experiments) Common(string? tierName, string? storeDirectory, string[]? experiments)
    {
        Tier tier;
        try { tier = Tier.Parse(tierName ?? Environment.GetEnvironmentVariable(Tier.EnvironmentVariable)); }
        catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }
        return (tier, Store(storeDirectory), experiments is { Length: > 0 } ? experiments : ExperimentLoader.Known());
    }

    static BaselineStore Store(string? directory) => directory is not null ? new BaselineStore(directory) : BaselineStore.Default();

    static IReadOnlyList<long> ParseSeeds(string text)
    {
        try { return SeedList.Parse(text); }
        catch (FormatException e) { throw new UsageException("--" + e.Message); }
    }

    static (int Index, int Count) ParseShard(string text)
    {
        try { return GateRecorder.ParseShard(text); }
        catch (FormatException e) { throw new UsageException("--" + e.Message); }
    }

    static string? DataDirectory(string? option, Tier tier)
    {
        if (!tier.NeedsCifar10) return null;
        return option ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable)
               ?? throw new UsageException($"tier '{tier.Name}' needs CIFAR-10: pass --data DIR or set {DataLocator.EnvironmentVariable}.");
    }

    /// <summary>--set section:key=value, as 'run' takes them.</summary>
    static Dictionary<string, string?> Overrides(string[]? assignments) =>
        Options.AddAssignments([], assignments, "model:batchNormMomentum=0.9");
}
