using System.CommandLine;
using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Runtime;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite baselines record|check|accept|table</c>: measure baselines over several seeds, compare a run with
/// them (what the snapshot tests do), promote <c>.received.json</c> files after an intentional change, and print
/// the post's Keras numbers beside our mean ± sd.
/// </summary>
static class BaselinesCommand
{
    const string Tiers = "fixture|cifar10-quick|cifar10-full";

    public static Command Create()
    {
        var command = new Command("baselines", "Measure baselines over K seeds, check runs against them, promote .received.json files")
        {
            Record(), Check(), Accept(), Table(),
        };
        command.SetAction(_ => Subcommands.Missing("record, check, accept or table"));
        return command;
    }

    static Option<string?> TierOption() => new("--tier") { Description = "Baseline tier (default: BENCHSUITE_TIER, else fixture)", HelpName = Tiers };

    static Option<string?> StoreOption() => new("--baselines") { Description = "Baselines folder (default: baselines/ of this checkout)", HelpName = "DIR" };

    static Command Record()
    {
        var tier = TierOption();
        var seeds = Options.WholeNumber("--seeds", "Seeds to train, from the experiment's own (default 5)", min: 1);
        seeds.HelpName = "K";
        var data = Arguments.Data();
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("record", "Train each experiment over K seeds and write its baseline (.received.json beside an existing one)")
        {
            tier, seeds, data, store, experiments,
        };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            return RecordBaselines(t, s, names, result.GetValue(seeds) ?? 5, DataDirectory(result.GetValue(data), t));
        });
        return command;
    }

    static Command Check()
    {
        var tier = TierOption();
        var data = Arguments.Data();
        var store = StoreOption();
        var experiments = Arguments.Experiments();
        var command = new Command("check", "Train each experiment's reference seed and compare it with its baseline (exit 1 on a failure)")
        {
            tier, data, store, experiments,
        };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            return CheckBaselines(t, s, names, result.GetValue(data) ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable));
        });
        return command;
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
        var command = new Command("table", "Markdown: the post's Keras numbers beside our mean ± sd") { tier, store, backend, experiments };
        command.SetAction(result =>
        {
            var (t, s, names) = Common(result.GetValue(tier), result.GetValue(store), result.GetValue(experiments));
            return PrintTables(t, s, names, result.GetValue(backend) ?? "cpu");
        });
        return command;
    }

    static int RecordBaselines(Tier tier, BaselineStore store, IReadOnlyList<string> experiments, int seeds, string? data)
    {
        string command = "benchsuite baselines record --tier " + tier.Name + $" --seeds {seeds} " + string.Join(' ', experiments);
        TorchNative.EnsureLoaded();
        foreach (var name in experiments)
        {
            var first = ExperimentLoader.Load(name, tier.Overrides);
            var location = data is null ? new DataLocation(DataLocation.Embedded, DataLocator.EmbeddedDirectory, "tier " + tier.Name)
                                        : new DataLocation(DataLocation.Cifar10, data, "--data");
            var dataset = Cifar10Reader.Read(location.Directory);
            var runs = new List<RunRecord>();
            for (int i = 0; i < seeds; i++)
            {
                long seed = first.Training.Seed + i; // the experiment's own seed first: it is the replay reference
                var experiment = first with { Training = first.Training with { Seed = seed } };
                Console.Write($"{name}: seed {seed} ({i + 1}/{seeds}) ... ");
                var run = ExperimentRunner.Run(experiment, dataset, location);
                Console.WriteLine(string.Join("  ", run.Epochs.Select(e => $"e{e.Epoch} loss {e.Loss:0.0000} val_acc {e.ValAccuracy:0.0000}")));
                runs.Add(run);
            }
            var baseline = BaselineFactory.FromRuns(runs, tier, command);
            string verified = store.VerifiedPath(tier, first.Training.Device, name, dataset.Fingerprint);
            if (BaselineStore.TryWriteNew(verified, baseline))
                Console.WriteLine($"wrote {verified}");
            else
            {
                BaselineStore.WriteReceived(verified, baseline);
                Console.WriteLine($"{verified} exists: wrote {BaselineStore.ReceivedPath(verified)} beside it. Review the diff, then: benchsuite baselines accept {name}");
            }
        }
        return ExitCodes.Success;
    }

    static int CheckBaselines(Tier tier, BaselineStore store, IReadOnlyList<string> experiments, string? data)
    {
        TorchNative.EnsureLoaded();
        int failed = 0;
        foreach (var name in experiments)
        {
            var outcome = SnapshotCheck.Run(tier, name, store, data);
            Console.WriteLine($"[{outcome.Status}] {name}");
            Console.WriteLine(outcome.Message);
            if (outcome.Status is SnapshotStatus.Failed or SnapshotStatus.Missing) failed++;
        }
        return failed == 0 ? ExitCodes.Success : ExitCodes.CheckFailed;
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

    static string? DataDirectory(string? option, Tier tier)
    {
        if (!tier.NeedsCifar10) return null;
        return option ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable)
               ?? throw new UsageException($"tier '{tier.Name}' needs CIFAR-10: pass --data DIR or set {DataLocator.EnvironmentVariable}.");
    }
}
