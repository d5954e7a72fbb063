using System.CommandLine;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Runtime;
using BenchSuite.Throughput;
using BenchSuite.Training;

namespace BenchSuite.Cli.Commands;

/// <summary><c>benchsuite overhead EXPERIMENT</c>: the harness's images/s over the bare step loop's, on the same data.</summary>
static class OverheadCommand
{
    public static Command Create()
    {
        var experiment = Arguments.Experiment();
        var data = Arguments.Data();
        var trainLimit = new Option<string?>("--train-limit") { Description = "Training images per epoch (0: all)", HelpName = "N" };
        var threads = new Option<string?>("--threads") { Description = "torch intra-op threads", HelpName = "N" };
        var repeats = Options.WholeNumber("--repeats", "Pairs of back-to-back harness and bare epochs (default 6)", min: 1);
        var parts = new Option<bool>("--parts") { Description = "Instead of epoch pairs: what each part of the harness adds to a step, bare and harness steps interleaved" };
        var steps = Options.WholeNumber("--steps", $"With --parts: interleaved steps per part (default {DefaultPartSteps})", min: 1);
        var turnSteps = Options.WholeNumber("--turn-steps", $"With --parts: steps each side runs in a row before the other's turn (default 1; must divide {HarnessParts.BlockSteps})", min: 1);
        var command = new Command("overhead", "The harness's training images/s over the bare step loop's, on the same images")
        {
            experiment, data, trainLimit, threads, repeats, parts, steps, turnSteps,
        };
        command.SetAction(result =>
        {
            if (!result.GetValue(parts) && result.GetValue(steps) is not null) throw new UsageException("--steps needs --parts (epoch pairs are counted with --repeats).");
            if (result.GetValue(parts) && result.GetValue(repeats) is not null) throw new UsageException("--repeats counts epoch pairs; with --parts give --steps.");
            if (result.GetValue(turnSteps) is { } turn && (!result.GetValue(parts) || HarnessParts.BlockSteps % turn != 0))
                throw new UsageException($"--turn-steps needs --parts and must divide {HarnessParts.BlockSteps} (1, 2, 5, 10, 25 or 50), got '{turn}'.");
            return Run(result.GetValue(experiment), result.GetValue(data), result.GetValue(trainLimit), result.GetValue(threads),
                       result.GetValue(repeats) ?? 6, result.GetValue(parts) ? result.GetValue(steps) ?? DefaultPartSteps : null,
                       result.GetValue(turnSteps) ?? 1);
        });
        return command;
    }

    const int DefaultPartSteps = 400;

    static int Run(string? name, string? dataDirectory, string? trainLimit, string? threads, int repeats, int? partSteps, int turnSteps)
    {
        if (name is null) throw new UsageException($"name one experiment. Known: {string.Join(", ", ExperimentLoader.Known())}.");
        var overrides = new Dictionary<string, string?> { ["training:validationLimit"] = "1" };
        if (trainLimit is not null) overrides["training:trainLimit"] = trainLimit;
        if (threads is not null) overrides["training:threads"] = threads;
        var experiment = ExperimentLoader.Load(name, overrides);
        var location = DataLocator.Resolve(dataDirectory, experiment.Data.Directory);

        var dataset = Cifar10Reader.Read(location.Directory);
        TorchNative.EnsureLoaded();
        if (OpenMpWaitPolicy.Note() is { } waitPolicy) Console.WriteLine(waitPolicy);
        return partSteps is { } stepsPerPart ? MeasureParts(experiment, dataset, location, stepsPerPart, turnSteps) : Measure(experiment, dataset, location, repeats);
    }

    // MeasureParts and Measure stand apart from Run, so that no torch type is touched before TorchNative.EnsureLoaded() has run.
    static int MeasureParts(Experiment experiment, Cifar10Dataset dataset, DataLocation location, int steps, int turnSteps)
    {
        var costs = HarnessParts.Measure(experiment, dataset, location, steps, turnSteps, Console.Out);
        Console.WriteLine();
        Console.WriteLine($"| the step plus | ms added a step | bare / with it | median of the {2 * HarnessParts.BlockSteps}-step pairs, interval | per {HarnessParts.BlockSteps}-step block |");
        Console.WriteLine("|---|---:|---:|---|---|");
        foreach (var c in costs)
        {
            string blocks = c.BlockRatios.Count == 0 ? "–" : FormattableString.Invariant($"{c.BlockRatios.Min():0.000}–{c.BlockRatios.Max():0.000}");
            string pairs = c.Interval is { } i
                ? FormattableString.Invariant($"{new PairedRatios(c.PairRatios).Median:0.000} ({i.Coverage:P1}: {i.Low:0.000}–{i.High:0.000}, {c.PairRatios.Count} pairs)")
                : "– (under two pairs)";
            Console.WriteLine(FormattableString.Invariant($"| {c.Part} | {c.AddedMsPerStep:0.00} | {c.Ratio:0.000} | {pairs} | {blocks} |"));
        }
        return ExitCodes.Success;
    }

    static int Measure(Experiment experiment, Cifar10Dataset dataset, DataLocation location, int repeats)
    {
        var m = HarnessOverhead.Measure(experiment, dataset, location, repeats, Console.Out); // validation: 1 image (training:validationLimit above)
        var (low, high) = m.Interval;
        var (min, max) = m.Range;
        string interval = m.Ratios.Count > 1 ? FormattableString.Invariant($", {m.Coverage:P1} interval for it {low:0.000}-{high:0.000}") : "";
        Console.WriteLine(FormattableString.Invariant(
            $"median ratio {m.Ratio:0.000} over {m.Ratios.Count} pair(s){interval}, range {min:0.000}-{max:0.000} (goal >= 0.95)"));
        return ExitCodes.Success;
    }
}
