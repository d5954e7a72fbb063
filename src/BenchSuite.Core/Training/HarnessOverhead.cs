using System.Diagnostics;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>The harness's training images/s against the bare loop's on the same batches: ratio = harness / bare.</summary>
public sealed record OverheadMeasurement(string Experiment, int Steps, int BatchSize, int Threads,
                                         IReadOnlyList<double> HarnessImagesPerSecond, IReadOnlyList<double> BareImagesPerSecond)
{
    /// <summary>Best epoch of each (the least disturbed by the rest of the machine), harness over bare.</summary>
    public double Ratio => HarnessImagesPerSecond.Max() / BareImagesPerSecond.Max();
}

/// <summary>
/// How much the harness costs on top of the bare step: one real epoch of <see cref="Trainer"/> (augmentation,
/// running metrics, progress) against a loop of nothing but shuffle, index_select and <see cref="TrainingStep"/>
/// over the same images, alternated so both see the same machine. The goal is a ratio of at least 0.95.
/// </summary>
public static class HarnessOverhead
{
    /// <summary>Splits and loads <paramref name="dataset"/> as a run does (the experiment's split, limits and device), then measures.</summary>
    public static OverheadMeasurement Measure(Experiment experiment, Cifar10Dataset dataset, DataLocation location, int repeats, TextWriter? log = null)
    {
        var settings = experiment.Training;
        using var data = PreparedData.From(dataset, location, experiment.Split, settings.TrainLimit, settings.ValidationLimit, new Device(settings.Device));
        log?.WriteLine($"{experiment.Name}: {data.Description.TrainImages} {location.Source} images per epoch, batch {settings.BatchSize}, {settings.Threads} thread(s)");
        return Measure(experiment, data, repeats, log);
    }

    internal static OverheadMeasurement Measure(Experiment experiment, PreparedData data, int repeats, TextWriter? log = null)
    {
        var oneEpoch = experiment with { Training = experiment.Training with { Epochs = 1 } };
        var harness = new List<double>();
        var bare = new List<double>();
        int steps = 0;
        for (int r = 0; r < repeats; r++)
        {
            double bareRate = BareEpoch(oneEpoch, data, out steps);
            bare.Add(bareRate);
            double harnessRate = Trainer.Train(oneEpoch, data).Epochs[0].ImagesPerSecond;
            harness.Add(harnessRate);
            log?.WriteLine($"repeat {r + 1}/{repeats}: bare {bareRate:0} img/s, harness {harnessRate:0} img/s, ratio {harnessRate / bareRate:0.000}");
        }
        return new OverheadMeasurement(experiment.Name, steps, experiment.Training.BatchSize, experiment.Training.Threads, harness, bare);
    }

    /// <summary>The same setup as <see cref="Trainer.Train"/>, then only the steps: no augmentation, no metrics, no observer.</summary>
    static double BareEpoch(Experiment experiment, PreparedData data, out int steps)
    {
        using var setup = new RunSetup(experiment);
        setup.Model.train();
        long count = data.TrainImages.shape[0];
        int batchSize = experiment.Training.BatchSize;
        steps = (int)((count + batchSize - 1) / batchSize);

        var clock = Stopwatch.StartNew();
        using var order = setup.Shuffle(count);
        for (int s = 0; s < steps; s++)
        {
            using var scope = NewDisposeScope();
            var batch = order.narrow(0, (long)s * batchSize, Math.Min(batchSize, count - (long)s * batchSize));
            setup.Step.Run(data.TrainImages.index_select(0, batch), data.TrainLabels.index_select(0, batch));
        }
        setup.Synchronize(); // on cuda: time the work, not the queueing
        return count / clock.Elapsed.TotalSeconds;
    }
}
