using System.CommandLine;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Runtime;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite run EXPERIMENT</c>: trains it with Keras-style progress, writes the run record (JSON), and prints
/// the epochs beside the post's Keras numbers where it has them. Ctrl-C stops after the current step and still
/// writes the record, marked incomplete.
/// </summary>
static class RunCommand
{
    /// <summary>Options that are shorthands for experiment keys; the experiment loader checks their values.</summary>
    static readonly (string Option, string Key, string HelpName, string Description)[] Shorthands =
    [
        ("--epochs", "training:epochs", "N", "Epochs to train"),
        ("--seed", "training:seed", "S", "The one seed: weights, dropout, shuffles, augmentation"),
        ("--device", "training:device", "cpu|cuda", "Where to train"),
        ("--threads", "training:threads", "N", "torch intra-op threads (part of the result's bits)"),
        ("--train-limit", "training:trainLimit", "N", "Keep the first N training images of the split (0: all)"),
        ("--validation-limit", "training:validationLimit", "N", "Keep the first N validation images of the split (0: all)"),
    ];

    public static Command Create()
    {
        var experiment = Arguments.Experiment();
        var shorthands = Shorthands.Select(s => (s.Key, Option: new Option<string?>(s.Option) { Description = s.Description, HelpName = s.HelpName })).ToList();
        var data = Arguments.Data();
        var set = new Option<string[]>("--set") { Description = "Any experiment key, repeatable: --set model:activation=elu", HelpName = "section:key=value" };
        var output = new Option<string?>("--out") { Description = "Run record to write (default: runs/EXPERIMENT-seedS-TIMESTAMP.json)", HelpName = "FILE" };
        var force = new Option<bool>("--force") { Description = "Replace an existing --out file" };

        var command = new Command("run", "Train an experiment with Keras-style progress and write its run record; Ctrl-C stops after the current step") { experiment };
        foreach (var (_, option) in shorthands) command.Options.Add(option);
        foreach (var option in new Option[] { data, set, output, force }) command.Options.Add(option);

        command.SetAction(result =>
        {
            var overrides = new Dictionary<string, string?>();
            foreach (var (key, option) in shorthands)
                if (result.GetValue(option) is { } value) overrides[key] = value;
            Options.AddAssignments(overrides, result.GetValue(set), "model:activation=elu");
            return Run(result.GetValue(experiment), overrides, result.GetValue(data), result.GetValue(output), result.GetValue(force));
        });
        return command;
    }

    static int Run(string? name, Dictionary<string, string?> overrides, string? dataDirectory, string? output, bool force)
    {
        if (name is null)
            throw new UsageException($"name one experiment. Known: {string.Join(", ", ExperimentLoader.Known())}; or pass the path of an experiment file.");
        var experiment = ExperimentLoader.Load(name, overrides);
        var location = DataLocator.Resolve(dataDirectory, experiment.Data.Directory);
        output ??= Path.Combine("runs", $"{experiment.Name}-seed{experiment.Training.Seed}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        if (File.Exists(output) && !force)
            throw new UsageException($"{output} exists. Pass --force to replace it, or choose another --out.");

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!); // an unwritable --out fails now, not after training

        TorchNative.EnsureLoaded();
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
        return record.Complete ? ExitCodes.Success : ExitCodes.Stopped;
    }
}
