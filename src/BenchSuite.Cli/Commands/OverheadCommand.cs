using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Training;
using static TorchSharp.torch;

namespace BenchSuite.Cli.Commands;

/// <summary><c>benchsuite overhead EXPERIMENT</c>: the harness's images/s over the bare step loop's, on the same data.</summary>
static class OverheadCommand
{
    public const string Usage = "benchsuite overhead <experiment> [--data DIR] [--train-limit N] [--threads N] [--repeats R]";

    public static int Run(IEnumerable<string> args)
    {
        var line = new CommandLine("overhead", args, ["data", "train-limit", "threads", "repeats"]);
        if (line.Positional.Count != 1) throw new UsageException("overhead: name one experiment. Usage: " + Usage);
        var overrides = new Dictionary<string, string?> { ["training:validationLimit"] = "1" };
        if (line.Get("train-limit") is { } limit) overrides["training:trainLimit"] = limit;
        if (line.Get("threads") is { } threads) overrides["training:threads"] = threads;
        var experiment = ExperimentLoader.Load(line.Positional[0], overrides);
        var location = DataLocator.Resolve(line.Get("data"), experiment.Data.Directory);
        int repeats = line.GetInt("repeats", min: 1) ?? 2;

        var dataset = Cifar10Reader.Read(location.Directory);
        using var data = PreparedData.From(dataset, location, experiment.Split, experiment.Training.TrainLimit, 1, new Device(experiment.Training.Device));
        Console.WriteLine($"{experiment.Name}: {data.Description.TrainImages} {location.Source} images per epoch, batch {experiment.Training.BatchSize}, {experiment.Training.Threads} thread(s)");
        var m = HarnessOverhead.Measure(experiment, data, repeats, Console.Out);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best: harness {m.HarnessImagesPerSecond.Max():0} img/s, bare {m.BareImagesPerSecond.Max():0} img/s, ratio {m.Ratio:0.000} (goal >= 0.95)"));
        return 0;
    }
}
