using System.Diagnostics;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Runtime;
using BenchSuite.Throughput;
using MathNet.Numerics.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// The harness's training images/s against the bare loop's on the same batches, as pairs of epochs run back to back:
/// ratio = harness / bare within a pair, so the host's drift between pairs (which on a shared VM is as large as the
/// effect) cancels.
/// </summary>
public sealed record OverheadMeasurement(string Experiment, int Steps, int BatchSize, int Threads,
                                         IReadOnlyList<double> HarnessImagesPerSecond, IReadOnlyList<double> BareImagesPerSecond)
{
    /// <summary>Each pair's harness / bare.</summary>
    public IReadOnlyList<double> Ratios => HarnessImagesPerSecond.Zip(BareImagesPerSecond, (h, b) => h / b).ToList();

    /// <summary>The median of the paired ratios (MathNet's, the mean of the middle two for an even count).</summary>
    public double Ratio => Statistics.Median(Ratios);

    /// <summary>
    /// A distribution-free interval for the median ratio, <see cref="PairedRatios.Interval"/>'s: the k-th smallest and
    /// k-th largest paired ratio, k as large as keeps <see cref="Coverage"/> at 95 % or more (the smallest and largest
    /// up to 8 pairs, the 2nd from 9, the 3rd from 12), or the smallest and largest when even they fall short.
    /// </summary>
    public (double Low, double High) Interval
    {
        get
        {
            var (low, high, _) = Paired.Interval;
            return (low, high);
        }
    }

    /// <summary>How often <see cref="Interval"/> holds the median ratio for independent pairs: 1 − 2·P(Binomial(n, ½) ≤ k − 1) (0 for one pair, 0.969 for six, 0.979 for ten).</summary>
    public double Coverage => Paired.Interval.Coverage;

    /// <summary>The full range of the paired ratios, the spread a single pair can show.</summary>
    public (double Low, double High) Range => (Ratios.Min(), Ratios.Max());

    PairedRatios Paired => new(Ratios);
}

/// <summary>
/// How much the harness costs on top of the bare step: one real epoch of <see cref="Trainer"/> (augmentation,
/// running metrics, progress) against a loop of nothing but shuffle, index_select and <see cref="TrainingStep"/>
/// over the same images. Each repeat is a pair of back-to-back epochs, and the order alternates (bare first, then
/// harness first) so a steady drift does not favour either; a short bare warm-up runs first, unmeasured, so the first
/// pair does not pay for the process's first allocations. The goal is a median ratio of at least 0.95.
/// </summary>
public static class HarnessOverhead
{
    /// <summary>Splits and loads <paramref name="dataset"/> as a run does (the experiment's split, limits and device), then measures.</summary>
    public static OverheadMeasurement Measure(Experiment experiment, Cifar10Dataset dataset, DataLocation location, int repeats, TextWriter? log = null)
    {
        var settings = experiment.Training;
        using var data = ExperimentData.Load(experiment, dataset, location);
        log?.WriteLine($"{experiment.Name}: {data.Description.TrainImages} {location.Source} images per epoch, batch {settings.BatchSize}, {settings.Threads} thread(s)");
        return Measure(experiment, data, repeats, log);
    }

    internal static OverheadMeasurement Measure(Experiment experiment, PreparedData data, int repeats, TextWriter? log = null)
    {
        var oneEpoch = experiment with { Training = experiment.Training with { Epochs = 1 } };
        BareEpoch(oneEpoch, data, WarmUpSteps, out _);
        var harness = new List<double>();
        var bare = new List<double>();
        int steps = 0;
        for (int r = 0; r < repeats; r++)
        {
            bool bareFirst = r % 2 == 0;
            double bareRate = bareFirst ? BareEpoch(oneEpoch, data, int.MaxValue, out steps) : 0;
            double harnessRate = Trainer.Train(oneEpoch, data).Epochs[0].ImagesPerSecond;
            if (!bareFirst) bareRate = BareEpoch(oneEpoch, data, int.MaxValue, out steps);
            bare.Add(bareRate);
            harness.Add(harnessRate);
            log?.WriteLine($"pair {r + 1}/{repeats} ({(bareFirst ? "bare first" : "harness first")}): bare {bareRate:0} img/s, harness {harnessRate:0} img/s, ratio {harnessRate / bareRate:0.000}");
        }
        return new OverheadMeasurement(experiment.Name, steps, experiment.Training.BatchSize, experiment.Training.Threads, harness, bare);
    }

    const int WarmUpSteps = 50;

    /// <summary>
    /// The same setup as <see cref="Trainer.Train"/>, then only the steps (at most <paramref name="maxSteps"/>): no
    /// augmentation, no metrics, no observer.
    /// </summary>
    static double BareEpoch(Experiment experiment, PreparedData data, int maxSteps, out int steps)
    {
        using var setup = new RunSetup(experiment);
        setup.Model.train();
        int batchSize = experiment.Training.BatchSize;
        steps = (int)Math.Min(maxSteps, (data.TrainImages.shape[0] + batchSize - 1) / batchSize);
        long count = Math.Min(data.TrainImages.shape[0], (long)steps * batchSize);

        var clock = Stopwatch.StartNew();
        using var order = setup.Shuffle(data.TrainImages.shape[0]);
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
