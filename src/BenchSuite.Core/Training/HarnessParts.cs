using System.Diagnostics;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Throughput;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>What one part of the harness adds to a training step (<see cref="HarnessParts"/>).</summary>
/// <param name="BareMsPerStep">The bare step's mean time, from the steps interleaved with the others.</param>
/// <param name="WithPartMsPerStep">The bare step plus the part, mean time.</param>
/// <param name="Blocks">Each whole block of <see cref="HarnessParts.BlockSteps"/> steps: the bare side's and the other's time in it.</param>
public sealed record HarnessPartCost(string Part, int Steps, double BareMsPerStep, double WithPartMsPerStep, IReadOnlyList<HarnessBlock> Blocks)
{
    public double AddedMsPerStep => WithPartMsPerStep - BareMsPerStep;

    /// <summary>bare / with-part over all steps: the share of the harness's speed the part leaves.</summary>
    public double Ratio => BareMsPerStep / WithPartMsPerStep;

    /// <summary>bare / with-part over each block: the spread.</summary>
    public IReadOnlyList<double> BlockRatios => [.. Blocks.Select(b => b.Ratio)];

    /// <summary>
    /// bare / with-part over each pair of consecutive blocks (the first and second, the third and fourth, ...): the
    /// models swap roles between the two, so a pair holds both assignments and a speed difference between the two
    /// instances cancels inside it, as it does in <see cref="Ratio"/>. An odd last block is left out.
    /// </summary>
    public IReadOnlyList<double> PairRatios =>
        [.. Enumerable.Range(0, Blocks.Count / 2).Select(i => new HarnessBlock(Blocks[2 * i].BareMs + Blocks[2 * i + 1].BareMs,
                                                                               Blocks[2 * i].WithPartMs + Blocks[2 * i + 1].WithPartMs).Ratio)];

    /// <summary>
    /// A distribution-free interval for the median pair ratio (<see cref="PairedRatios.Interval"/>: the k-th smallest
    /// to the k-th largest, with its coverage for independent pairs), or null under two pairs. This is what can say on
    /// which side of a goal the part or the whole harness lies; the block range only shows the spread.
    /// </summary>
    public (double Low, double High, double Coverage)? Interval => PairRatios.Count >= 2 ? new PairedRatios(PairRatios).Interval : null;
}

/// <summary>One block's time on each side, milliseconds.</summary>
public readonly record struct HarnessBlock(double BareMs, double WithPartMs)
{
    public double Ratio => BareMs / WithPartMs;
}

/// <summary>
/// Attributes the harness's cost per step to its parts, which epoch pairs (<see cref="HarnessOverhead"/>) cannot: a
/// pair spreads ±8 % on a shared host, more than any one part costs. Two models are built from the same seed; one runs
/// the bare step, the other the bare step plus one part of what <see cref="Trainer"/> does around it (Keras' augmentation, the
/// input probe, the running metrics, the training curve's points, or all four); the two take turns of one step or
/// more (turnSteps), which goes first alternating too, so the host's drift falls on both alike, and the models swap
/// roles every block of <see cref="BlockSteps"/> steps. "Nothing" (A/A) is the control: it must come out near 0 ms. B's parts
/// are the trainer's own classes, called as the trainer calls them. Both models train (on the source images or on what
/// the part feeds them); only the time is kept. Ten unmeasured steps of each come first.
/// </summary>
public static class HarnessParts
{
    public const int BlockSteps = 50;

    [Flags]
    enum Part { None = 0, Metrics = 1, Probe = 2, Augmentation = 4, Curve = 8, All = Metrics | Probe | Augmentation | Curve }

    static readonly (string Name, Part Parts)[] Variants =
    [
        ("nothing (A/A control)", Part.None),
        ("running metrics", Part.Metrics),
        ("input probe", Part.Probe),
        ("Keras' augmentation", Part.Augmentation),
        ("curve points", Part.Curve),
        ("all four", Part.All),
    ];

    /// <summary>Splits and loads <paramref name="dataset"/> as a run does, then measures <paramref name="steps"/> interleaved steps per part.</summary>
    /// <param name="turnSteps">Steps each side runs in a row before the other takes its turn: 1 interleaves single
    /// steps; more lets each side run as an epoch does, with its own data in the caches. Must divide <see cref="BlockSteps"/>.</param>
    public static IReadOnlyList<HarnessPartCost> Measure(Experiment experiment, Cifar10Dataset dataset, DataLocation location, int steps, int turnSteps = 1, TextWriter? log = null)
    {
        var settings = experiment.Training;
        using var data = ExperimentData.Load(experiment, dataset, location);
        log?.WriteLine($"{experiment.Name}: {steps} steps per part over {data.Description.TrainImages} {location.Source} images, {turnSteps} in a row per side, batch {settings.BatchSize}, {settings.Threads} thread(s)");
        return Measure(experiment, data, steps, turnSteps, log);
    }

    internal static IReadOnlyList<HarnessPartCost> Measure(Experiment experiment, PreparedData data, int steps, int turnSteps = 1, TextWriter? log = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        if (turnSteps < 1 || BlockSteps % turnSteps != 0)
            throw new ArgumentOutOfRangeException(nameof(turnSteps), turnSteps, $"Steps in a row must divide {BlockSteps}.");
        int batchSize = experiment.Training.BatchSize;
        long images = data.TrainImages.shape[0];
        int batchesPerOrder = (int)Math.Max(1, images / batchSize); // whole batches; an order is reused when steps need more
        using var a = new RunSetup(experiment);
        using var b = new RunSetup(experiment);
        a.Model.train();
        b.Model.train();
        var augmentation = new KerasAugmentation(experiment.Augmentation);
        using var probe = new InputProbe(b.Device);
        using var metrics = new RunningSums(b.Device);
        // The training curve's points fall as in a real epoch of this data (every CurveRecorder.Interval steps), each
        // reading the running sums and every kernel of the model that takes it.
        using var curveA = new CurveRecorder(a.Model, batchesPerOrder, experiment.Training.CurveEvery);
        using var curveB = new CurveRecorder(b.Model, batchesPerOrder, experiment.Training.CurveEvery);

        // Unmeasured: the process's first steps pay for JIT compilation and the allocator's first growth, which would
        // land on whichever side ran first.
        TimeSteps(WarmUpSteps, Part.All);

        var costs = new List<HarnessPartCost>();
        foreach (var (name, parts) in Variants)
        {
            var (bare, withPart, blocks) = TimeSteps(steps, parts);
            var cost = new HarnessPartCost(name, steps, bare / steps, withPart / steps, blocks);
            costs.Add(cost);
            log?.WriteLine(FormattableString.Invariant(
                $"{name}: bare {cost.BareMsPerStep:0.00} ms, with it {cost.WithPartMsPerStep:0.00} ms, adds {cost.AddedMsPerStep:0.00} ms a step, ratio {cost.Ratio:0.000}"));
        }
        return costs;

        (double Bare, double WithPart, List<HarnessBlock> Blocks) TimeSteps(int steps, Part parts)
        {
            using var order = a.Shuffle(images);
            probe.EpochStarted(order);
            curveA.EpochStarted(); // each variant counts its points from 0 (their values are not kept)
            curveB.EpochStarted();
            double bare = 0, withPart = 0, blockBare = 0, blockWithPart = 0;
            long fedImages = 0;
            var blocks = new List<HarnessBlock>();
            // A round: turnSteps bare steps and turnSteps steps with the part, in one order or the other.
            for (int first = 0; first < steps; first += turnSteps)
            {
                int count = Math.Min(turnSteps, steps - first);
                bool bareFirst = first / turnSteps % 2 == 0;
                // The two models swap roles every block: two instances of one model can differ by ~1 % in speed (where
                // their buffers fall in memory), which the A/A control showed as −0.4 ms a step when the roles were fixed.
                var (bareModel, partModel, curve) = first / BlockSteps % 2 == 0 ? (a, b, curveB) : (b, a, curveA);
                for (int turn = 0; turn < 2; turn++)
                {
                    bool bareTurn = (turn == 0) == bareFirst;
                    var clock = Stopwatch.StartNew();
                    for (int s = first; s < first + count; s++)
                    {
                        using var scope = NewDisposeScope();
                        long start = (long)(s % batchesPerOrder) * batchSize;
                        using var batch = order.narrow(0, start, Math.Min(batchSize, images - start));
                        var source = data.TrainImages.index_select(0, batch);
                        var labels = data.TrainLabels.index_select(0, batch);
                        if (bareTurn)
                        {
                            bareModel.Step.Run(source, labels);
                            bareModel.Synchronize();
                        }
                        else
                        {
                            var fed = parts.HasFlag(Part.Augmentation) ? augmentation.Apply(source, b.AugmentationGenerator) : source;
                            if (parts.HasFlag(Part.Probe)) probe.Add(source, fed);
                            var losses = partModel.Step.Run(fed, labels);
                            fedImages += labels.shape[0];
                            if (parts.HasFlag(Part.Metrics)) metrics.Add(losses, labels);
                            if (parts.HasFlag(Part.Curve) && curve.IsPoint(s % batchesPerOrder + 1))
                                curve.Record(1, s % batchesPerOrder + 1, metrics.ReadAll(), fedImages);
                            partModel.Synchronize();
                        }
                    }
                    double ms = clock.Elapsed.TotalMilliseconds;
                    if (bareTurn) { bare += ms; blockBare += ms; }
                    else { withPart += ms; blockWithPart += ms; }
                }
                if ((first + count) % BlockSteps == 0)
                {
                    blocks.Add(new HarnessBlock(blockBare, blockWithPart));
                    blockBare = blockWithPart = 0;
                }
            }
            return (bare, withPart, blocks);
        }
    }

    const int WarmUpSteps = 10;
}
