using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite run EXPERIMENT</c>: trains it with Keras-style progress, writes the run record (JSON), and prints
/// the epochs beside the post's Keras numbers where it has them. Ctrl-C stops after the current step and still
/// writes the record, marked incomplete.
/// </summary>
static class RunCommand
{
    public const string Usage =
        "benchsuite run <experiment|file.json> [--epochs N] [--seed S] [--data DIR] [--device cpu|cuda] [--threads N] " +
        "[--train-limit N] [--validation-limit N] [--set section:key=value]... [--out FILE] [--force]";

    /// <summary>Options that are shorthands for experiment keys.</summary>
    static readonly Dictionary<string, string> Shorthands = new()
    {
        ["epochs"] = "training:epochs",
        ["seed"] = "training:seed",
        ["device"] = "training:device",
        ["threads"] = "training:threads",
        ["train-limit"] = "training:trainLimit",
        ["validation-limit"] = "training:validationLimit",
    };

    public static int Run(IEnumerable<string> args)
    {
        var line = new CommandLine("run", args, [.. Shorthands.Keys, "data", "out", "set"], flags: ["force"]);
        if (line.Positional.Count != 1)
            throw new UsageException($"run: name one experiment. Known: {string.Join(", ", ExperimentLoader.Known())}. Usage: {Usage}");

        var experiment = ExperimentLoader.Load(line.Positional[0], Overrides(line));
        var location = DataLocator.Resolve(line.Get("data"), experiment.Data.Directory);
        string output = line.Get("out") ?? Path.Combine("runs", $"{experiment.Name}-seed{experiment.Training.Seed}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        if (File.Exists(output) && !line.Has("force"))
            throw new UsageException($"run: {output} exists. Pass --force to replace it, or choose another --out.");

        Console.WriteLine($"{experiment.Name}: {experiment.Description}");
        Console.WriteLine($"data: {location.Source} ({location.Directory}, chosen by {location.ChosenBy}); " +
                          $"seed {experiment.Training.Seed}, {experiment.Training.Threads} thread(s), device {experiment.Training.Device}");

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            if (stop.IsCancellationRequested) return; // a second Ctrl-C ends the process at once
            e.Cancel = true;
            stop.Cancel();
            Console.Error.WriteLine(Environment.NewLine + "stopping after the current step; the record will be marked incomplete (Ctrl-C again to abort)");
        };
        Console.CancelKeyPress += onCtrlC;
        RunRecord record;
        try
        {
            record = ExperimentRunner.Run(experiment, location, new KerasProgress(Console.Out), stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }

        record.Save(output);
        Console.WriteLine();
        Console.WriteLine(ComparisonTable.Render(record, DocumentedRuns.Load()));
        Console.WriteLine($"{(record.Complete ? "record" : "INCOMPLETE record (" + record.StoppedAt + ")")}: {output}");
        return record.Complete ? 0 : 130;
    }

    static Dictionary<string, string?> Overrides(CommandLine line)
    {
        var overrides = new Dictionary<string, string?>();
        foreach (var (option, key) in Shorthands)
            if (line.Get(option) is { } value) overrides[key] = value;
        foreach (var assignment in line.GetAll("set"))
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new UsageException($"run: --set takes section:key=value (e.g. --set model:activation=elu), got '{assignment}'.");
            overrides[assignment[..eq]] = assignment[(eq + 1)..];
        }
        return overrides;
    }
}
