using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Reports;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite sweep EXPERIMENT… [--grid section:key=v1,v2…]… --seeds 42,43,44 --out DIR</c>: one run per
/// experiment, grid cell and seed (records in DIR/runs, cells already recorded are skipped), then DIR/report.md and its figure
/// (the work is in <see cref="SweepPlan"/>, <see cref="SweepRunner"/> and <see cref="SweepReport"/>).
/// </summary>
static class SweepCommand
{
    public const string Usage =
        "benchsuite sweep <experiment|file.json>... [--grid section:key=v1,v2,...]... [--seeds 42,43,44] [--epochs N] " +
        "[--train-limit N] [--validation-limit N] [--data DIR] [--set section:key=value]... --out DIR";

    static readonly Dictionary<string, string> Shorthands = new()
    {
        ["epochs"] = "training:epochs",
        ["train-limit"] = "training:trainLimit",
        ["validation-limit"] = "training:validationLimit",
    };

    public static int Run(IEnumerable<string> args)
    {
        var words = args.ToList();
        var line = new CommandLine("sweep", words, [.. Shorthands.Keys, "grid", "seeds", "data", "set", "out"]);
        if (line.Positional.Count == 0)
            throw new UsageException($"sweep: name one or more experiments. Known: {string.Join(", ", ExperimentLoader.Known())}. Usage: {Usage}");
        string output = line.Get("out") ?? throw new UsageException($"sweep: --out DIR is required. Usage: {Usage}");

        SweepPlan plan;
        try
        {
            var axes = line.GetAll("grid").Select(SweepAxis.Parse).ToList();
            var seeds = (line.Get("seeds") ?? "42,43,44").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= 0 ? v
                    : throw new ArgumentException($"--seeds takes whole numbers >= 0 separated by commas, got '{s}'.")).ToList();
            plan = new SweepPlan(line.Positional, axes, seeds, Overrides(line), (name, o) => ExperimentLoader.Load(name, o));
        }
        catch (ArgumentException e)
        {
            throw new UsageException("sweep: " + e.Message.Replace("sweep: ", ""));
        }

        var location = DataLocator.Resolve(line.Get("data"), plan.Cells[0].Experiment.Data.Directory);
        Console.WriteLine($"sweep: {plan.Cells.Count} runs ({plan.Cells.Count / plan.Seeds.Count} cells × {plan.Seeds.Count} seeds) of {plan.Title} " +
                          $"on {location.Source} ({location.Directory}); records in {SweepRunner.RunsDirectory(output)}");
        Cifar10Dataset? dataset = null; // read once, and only when some cell still has to run

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            if (stop.IsCancellationRequested) return;
            e.Cancel = true;
            stop.Cancel();
            Console.Error.WriteLine(Environment.NewLine + "stopping after the current step; run the same command again to resume");
        };
        Console.CancelKeyPress += onCtrlC;
        IReadOnlyList<(SweepCell Cell, CellOutcome Outcome, string Path)> results;
        try
        {
            results = SweepRunner.Run(plan, output,
                cell =>
                {
                    dataset ??= Cifar10Reader.Read(location.Directory);
                    Console.WriteLine($"{cell.Name} seed {cell.Seed}");
                    return ExperimentRunner.Run(cell.Experiment, dataset, location, new KerasProgress(Console.Out), stop.Token);
                },
                (cell, outcome, i, n) => Console.WriteLine($"[{i}/{n}] {cell.Name} seed {cell.Seed}: {outcome switch
                {
                    CellOutcome.AlreadyRecorded => "already recorded, skipped",
                    CellOutcome.Incomplete => "stopped (incomplete record)",
                    _ => "recorded",
                }}"),
                stop.Token,
                dataFingerprint: () => (dataset ??= Cifar10Reader.Read(location.Directory)).Fingerprint);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }

        var records = results.Select(r => (r.Cell, RunRecord.Load(r.Path))).ToList();
        string command = "benchsuite sweep " + string.Join(' ', words.Select(w => w.Contains(' ') ? $"'{w}'" : w));
        var report = SweepReport.Write(plan, records, output, command);
        foreach (var note in report.Notes) Console.Error.WriteLine("warning: " + note);
        Console.WriteLine($"sweep: {report.MarkdownPath}");
        return results.Count == plan.Cells.Count && results.All(r => r.Outcome != CellOutcome.Incomplete) ? 0 : 130;
    }

    static Dictionary<string, string?> Overrides(CommandLine line)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var (option, key) in Shorthands)
            if (line.Get(option) is { } value) overrides[key] = value;
        foreach (var assignment in line.GetAll("set"))
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new UsageException($"sweep: --set takes section:key=value (e.g. --set model:activation=elu), got '{assignment}'.");
            overrides[assignment[..eq]] = assignment[(eq + 1)..];
        }
        return overrides;
    }
}
