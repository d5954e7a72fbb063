using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Reports;
using BenchSuite.Results;
using BenchSuite.Runtime;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite sweep EXPERIMENT… [--grid section:key=v1,v2…]… --seeds 42,43,44 --out DIR</c>: one run per
/// experiment, grid cell and seed (records in DIR/runs, cells already recorded are skipped), then DIR/report.md and its figure
/// (the work is in <see cref="SweepPlan"/>, <see cref="SweepRunner"/> and <see cref="SweepReport"/>).
/// </summary>
static class SweepCommand
{
    /// <summary>Options that are shorthands for experiment keys; the experiment loader checks their values.</summary>
    static readonly (string Option, string Key, string Description)[] Shorthands =
    [
        ("--epochs", "training:epochs", "Epochs to train every cell"),
        ("--train-limit", "training:trainLimit", "Keep the first N training images of the split (0: all)"),
        ("--validation-limit", "training:validationLimit", "Keep the first N validation images of the split (0: all)"),
    ];

    public static Command Create()
    {
        var experiments = new Argument<string[]>("experiments")
        {
            Description = "Experiments to sweep: shipped names or experiment JSON files",
            HelpName = "experiment|file.json",
            Arity = ArgumentArity.ZeroOrMore, // a missing one is our one-line error listing the known ones
        };
        experiments.CompletionSources.Add(_ => ExperimentLoader.Known());
        Arguments.NoOptionLikeValues(experiments);
        var grid = new Option<string[]>("--grid") { Description = "An axis of the grid, repeatable: --grid model:kernelRegularizers=0,1e-4,1e-2", HelpName = "section:key=v1,v2,..." };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds of every cell (default 42,43,44)", HelpName = "42,43,44" };
        var shorthands = Shorthands.Select(s => (s.Key, Option: new Option<string?>(s.Option) { Description = s.Description, HelpName = "N" })).ToList();
        var data = Arguments.Data();
        var set = new Option<string[]>("--set") { Description = "Any experiment key for every cell, repeatable: --set model:activation=elu", HelpName = "section:key=value" };
        var output = new Option<string?>("--out") { Description = "Folder for runs/, report.md and the figure (required; rerun to resume)", HelpName = "DIR" };

        var command = new Command("sweep", "One run per experiment × grid cell × seed into DIR/runs (recorded cells are skipped), then DIR/report.md") { experiments };
        foreach (var option in new Option[] { grid, seeds }) command.Options.Add(option);
        foreach (var (_, option) in shorthands) command.Options.Add(option);
        foreach (var option in new Option[] { data, set, output }) command.Options.Add(option);

        command.SetAction(result =>
        {
            var names = result.GetValue(experiments) ?? [];
            if (names.Length == 0)
                throw new UsageException($"name one or more experiments. Known: {string.Join(", ", ExperimentLoader.Known())}; or pass experiment files.");
            string outputDirectory = result.GetValue(output) ?? throw new UsageException("--out DIR is required.");
            var overrides = new Dictionary<string, string?>();
            foreach (var (key, option) in shorthands)
                if (result.GetValue(option) is { } value) overrides[key] = value;
            Options.AddAssignments(overrides, result.GetValue(set), "model:activation=elu");

            SweepPlan plan;
            try
            {
                var axes = (result.GetValue(grid) ?? []).Select(SweepAxis.Parse).ToList();
                var seedList = (result.GetValue(seeds) ?? "42,43,44").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(s => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long v) && v >= 0 ? v
                        : throw new ArgumentException($"--seeds takes whole numbers >= 0 separated by commas, got '{s}'.")).ToList();
                plan = new SweepPlan(names, axes, seedList, overrides, (name, o) => ExperimentLoader.Load(name, o));
            }
            catch (ArgumentException e)
            {
                throw new UsageException(e.Message.Replace("sweep: ", ""));
            }

            var location = DataLocator.Resolve(result.GetValue(data), plan.Cells[0].Experiment.Data.Directory);
            string commandLine = "benchsuite " + string.Join(' ', result.Tokens.Select(t => t.Value.Contains(' ') ? $"'{t.Value}'" : t.Value));
            TorchNative.EnsureLoaded();
            return Run(plan, location, outputDirectory, commandLine);
        });
        return command;
    }

    // Apart from the action, so that no torch type is touched before TorchNative.EnsureLoaded() has run.
    static int Run(SweepPlan plan, DataLocation location, string output, string commandLine)
    {
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
        var report = SweepReport.Write(plan, records, output, commandLine);
        foreach (var note in report.Notes) Console.Error.WriteLine("warning: " + note);
        Console.WriteLine($"sweep: {report.MarkdownPath}");
        return results.Count == plan.Cells.Count && results.All(r => r.Outcome != CellOutcome.Incomplete) ? ExitCodes.Success : ExitCodes.Stopped;
    }
}
