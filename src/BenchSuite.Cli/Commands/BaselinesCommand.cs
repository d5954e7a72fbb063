using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite baselines record|check|accept</c>: measure baselines over several seeds, compare a run with them
/// (what the snapshot tests do), and promote <c>.received.json</c> files after an intentional change.
/// </summary>
static class BaselinesCommand
{
    public const string Usage =
        "benchsuite baselines record [--tier fixture|cifar10-quick|cifar10-full] [--seeds K] [--data DIR] [experiment...]\n" +
        "  benchsuite baselines check  [--tier ...] [--data DIR] [experiment...]\n" +
        "  benchsuite baselines accept [experiment...]\n" +
        "  benchsuite baselines table  [--tier ...] [experiment...]   (markdown: the post's Keras numbers beside our mean ± sd)";

    public static int Run(IEnumerable<string> args)
    {
        var words = args.ToList();
        if (words.Count == 0) throw new UsageException("baselines: say record, check or accept. Usage: " + Usage);
        var rest = words.Skip(1);
        return words[0] switch
        {
            "record" => Record(new CommandLine("baselines record", rest, ["tier", "seeds", "data", "baselines"])),
            "check" => Check(new CommandLine("baselines check", rest, ["tier", "data", "baselines"])),
            "accept" => Accept(new CommandLine("baselines accept", rest, ["baselines"])),
            "table" => Table(new CommandLine("baselines table", rest, ["tier", "baselines", "backend"])),
            _ => throw new UsageException($"baselines: unknown action '{words[0]}'. Usage: " + Usage),
        };
    }

    static int Record(CommandLine line)
    {
        var (tier, store, experiments) = Common(line);
        int seeds = line.GetInt("seeds", min: 1) ?? 5;
        string? data = DataDirectory(line, tier);
        string command = "benchsuite baselines record --tier " + tier.Name + $" --seeds {seeds} " + string.Join(' ', experiments);

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
        return 0;
    }

    static int Check(CommandLine line)
    {
        var (tier, store, experiments) = Common(line);
        string? data = line.Get("data") ?? Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
        int failed = 0;
        foreach (var name in experiments)
        {
            var outcome = SnapshotCheck.Run(tier, name, store, data, environment: ExperimentLoader.ProcessEnvironment()); // the CLI reads BENCHSUITE__* (README)
            Console.WriteLine($"[{outcome.Status}] {name}");
            Console.WriteLine(outcome.Message);
            if (outcome.Status is SnapshotStatus.Failed or SnapshotStatus.Missing) failed++;
        }
        return failed == 0 ? 0 : 1;
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
}
