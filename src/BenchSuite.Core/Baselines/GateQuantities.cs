using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Models;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

/// <summary>Which epochs' quantities the gate compares (per tier, in <see cref="QuantitySelection"/>).</summary>
public enum GatedEpochs
{
    /// <summary>Every epoch's.</summary>
    All,
    /// <summary>The last epoch's only: fewer quantities, so that few candidate seeds can still pass Holm.</summary>
    Last,
}

/// <summary>Which of a run's quantities the gate compares (per tier, <see cref="GatePolicy.QuantitiesFor"/>).</summary>
/// <param name="Epochs">Every epoch, or the last one only.</param>
/// <param name="CurveWindows">Training-curve windows per epoch (4: quarters); 0: none.</param>
public sealed record QuantitySelection(GatedEpochs Epochs = GatedEpochs.All, int CurveWindows = 0)
{
    /// <summary>Every epoch's metrics, layer statistics and input statistics, no curve windows.</summary>
    public static QuantitySelection EpochEnds { get; } = new();

    public string Describe() =>
        (Epochs == GatedEpochs.Last ? "the last epoch's" : "every epoch's") + " metrics, kernel and bias norms, BatchNorm moving variances and epsilon, and input statistics" +
        (CurveWindows > 0 ? $", and the training loss and data loss over each 1/{CurveWindows} of an epoch" : "");
}

/// <summary>
/// What the gate compares. Per epoch: every replayed metric (<c>e{epoch}/{metric}</c>: loss, accuracy, val_loss,
/// val_accuracy, data_loss, penalty); where the tier selects them, the training-curve windows
/// (<c>e{epoch}/loss@0.25</c> … <c>@1</c> for quarters: the mean training loss, and data loss, over each window of
/// the epoch, per-sample weighted, from the run record's curve), which resolve the epoch in time at no extra training;
/// the ‖kernel‖₂ of every Conv2D/Dense layer (<c>e{epoch}/norm:{layer}</c>), which has a small seed-to-seed
/// spread and moves with anything that changes the optimisation; the ‖bias‖₂ of the same layers
/// (<c>bias:{layer}</c>: what a bias regularizer pulls on); the mean moving variance of every BatchNormalization layer
/// (<c>mvar:{layer}</c>) and the variance floor ε they add in inference, read from their outputs (<c>bn_epsilon</c>);
/// and what the steps were fed (<see cref="InputStatistics"/>: <c>input_mean</c>,
/// <c>input_shift</c>, <c>input_axes</c>, and from epoch 2 <c>order_repeat</c>), the data pipeline's output, which
/// its slips move by many seed spreads where they barely move a short run's metrics. A baseline stores its quantity
/// names, and a candidate is compared on the names both have, so a baseline recorded with another selection keeps working.
/// </summary>
public static class GateQuantities
{
    public const string NormPrefix = "norm:";
    public const string BiasPrefix = "bias:";
    public const string MovingVariancePrefix = "mvar:";

    /// <summary>The BatchNormalization layers' variance floor ε, read from their outputs (<see cref="Results.EpochMetrics.MeasuredBatchNormEpsilon"/>).</summary>
    public const string BatchNormEpsilon = "bn_epsilon";

    /// <summary>What the model was fed (<see cref="InputStatistics"/>): every epoch's mean, shift and edge axes, and from epoch 2 the order repeat.</summary>
    public const string InputMean = "input_mean", InputShift = "input_shift", InputAxes = "input_axes", OrderRepeat = "order_repeat";

    /// <summary>The curve's metrics averaged per window.</summary>
    public static readonly IReadOnlyList<string> WindowMetrics = ["loss", "data_loss"];

    public static string Name(int epoch, string metric) => $"e{epoch}/{metric}";

    /// <summary><c>e1/loss@0.25</c>: the mean of <paramref name="metric"/> over window <paramref name="window"/> (1-based) of <paramref name="windows"/>, named by where it ends.</summary>
    public static string WindowName(int epoch, string metric, int window, int windows) =>
        Name(epoch, $"{metric}@{((double)window / windows).ToString("0.##", CultureInfo.InvariantCulture)}");

    public static IReadOnlyList<string> Names(RunRecord run, QuantitySelection? selection = null) => All(run, selection ?? QuantitySelection.EpochEnds).Select(q => q.Name).ToList();

    public static IReadOnlyList<double> Values(RunRecord run, QuantitySelection? selection = null) => All(run, selection ?? QuantitySelection.EpochEnds).Select(q => q.Value).ToList();

    public static SeedValues Of(RunRecord run, QuantitySelection? selection = null) => new(run.Seed, Values(run, selection));

    public static SeedSamples Samples(string experiment, IReadOnlyList<RunRecord> runs, QuantitySelection? selection = null)
    {
        if (runs.Count == 0) throw new ArgumentException("No runs.", nameof(runs));
        var names = Names(runs[0], selection);
        foreach (var run in runs)
            if (!Names(run, selection).SequenceEqual(names))
                throw new ArgumentException($"{experiment}: seed {run.Seed} has quantities {string.Join(",", Names(run, selection))}, seed {runs[0].Seed} {string.Join(",", names)}.");
        return new SeedSamples(experiment, names, runs.Select(r => Of(r, selection)).ToList());
    }

    /// <summary>
    /// The names a complete run of <paramref name="experiment"/> on <paramref name="trainImages"/> training images
    /// gives, without training it: what a check will compare, known before its runs (and what a tier's policy must
    /// be able to test, see <see cref="GatePolicy.CanReachSignificance"/>).
    /// </summary>
    public static IReadOnlyList<string> Planned(Experiment experiment, int trainImages, QuantitySelection? selection = null)
    {
        selection ??= QuantitySelection.EpochEnds;
        var training = experiment.Training;
        int steps = (trainImages + training.BatchSize - 1) / training.BatchSize;
        int every = CurveRecorder.Interval(steps, training.CurveEvery);
        int k = selection.CurveWindows;
        var pointEnds = Enumerable.Range(1, steps).Where(s => s % every == 0 || s == steps).ToList();
        bool windows = k > 0 && Enumerable.Range(1, k).All(w => pointEnds.Any(end => Window(end, steps, k) == w));
        var layers = ModelFactory.KernelLayers(experiment.Model.Architecture).Order(StringComparer.Ordinal).ToList();
        var batchNorms = ModelFactory.BatchNormLayers(experiment.Model.Architecture).Order(StringComparer.Ordinal).ToList();
        return Gated(Enumerable.Range(1, training.Epochs).ToList(), selection.Epochs)
            .SelectMany(e => EpochMetrics.ReplayedMetrics.Select(m => Name(e, m))
                .Concat(windows ? WindowMetrics.SelectMany(m => Enumerable.Range(1, k).Select(w => WindowName(e, m, w, k))) : [])
                .Concat(layers.Select(l => Name(e, NormPrefix + l)))
                .Concat(layers.Select(l => Name(e, BiasPrefix + l)))
                .Concat(batchNorms.Select(l => Name(e, MovingVariancePrefix + l)))
                .Concat(batchNorms.Count > 0 ? [Name(e, BatchNormEpsilon)] : [])
                .Concat([Name(e, InputMean), Name(e, InputShift), Name(e, InputAxes)])
                .Concat(e > 1 ? [Name(e, OrderRepeat)] : []))
            .ToList();
    }

    static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    static IEnumerable<int> Gated(IReadOnlyList<int> epochNumbers, GatedEpochs epochs) =>
        epochs == GatedEpochs.Last ? epochNumbers.TakeLast(1) : epochNumbers;

    static IEnumerable<(string Name, double Value)> All(RunRecord run, QuantitySelection selection)
    {
        var byNumber = run.Epochs.ToDictionary(e => e.Epoch);
        foreach (int number in Gated(run.Epochs.Select(e => e.Epoch).ToList(), selection.Epochs))
        {
            var e = byNumber[number];
            foreach (var m in EpochMetrics.ReplayedMetrics) yield return (Name(number, m), e.Get(m));
            if (selection.CurveWindows > 0)
                foreach (var w in Windows(run, number, selection.CurveWindows)) yield return w;
            foreach (var (layer, norm) in e.KernelNorms.OrderBy(kv => kv.Key, StringComparer.Ordinal)) yield return (Name(number, NormPrefix + layer), norm);
            foreach (var (layer, norm) in (e.BiasNorms ?? Empty).OrderBy(kv => kv.Key, StringComparer.Ordinal)) yield return (Name(number, BiasPrefix + layer), norm);
            foreach (var (layer, v) in (e.MovingVariances ?? Empty).OrderBy(kv => kv.Key, StringComparer.Ordinal)) yield return (Name(number, MovingVariancePrefix + layer), v);
            if (e.MeasuredBatchNormEpsilon is { } epsilon) yield return (Name(number, BatchNormEpsilon), epsilon);
            if (e.Input is { } input)
            {
                yield return (Name(number, InputMean), input.Mean);
                yield return (Name(number, InputShift), input.Shift);
                yield return (Name(number, InputAxes), input.Axes);
                if (input.OrderRepeat is { } repeat) yield return (Name(number, OrderRepeat), repeat);
            }
        }
    }

    /// <summary>The window (1-based) of a curve point that closes step <paramref name="stepInEpoch"/>: ⌈step·W / steps⌉.</summary>
    public static int Window(int stepInEpoch, int stepsPerEpoch, int windows) => (stepInEpoch * windows + stepsPerEpoch - 1) / stepsPerEpoch;

    /// <summary>
    /// The window means of one epoch from the run's curve. A curve point's values are means over the steps since the
    /// previous point; a window averages the points that close in it, weighted by their images (the epoch's last
    /// batch may be short). Nothing when the run has no curve or some window has no point (too few steps per epoch).
    /// </summary>
    static IEnumerable<(string Name, double Value)> Windows(RunRecord run, int epoch, int windows)
    {
        if (run.Curve is not { } curve) return [];
        int steps = curve.StepsPerEpoch, batch = run.Configuration.Training.BatchSize;
        long images = run.Data.TrainImages;
        var sums = new double[WindowMetrics.Count, windows];
        var weights = new double[windows];
        int previousEnd = 0;
        for (int i = 0; i < curve.Count; i++)
        {
            if (curve.Epoch[i] != epoch) continue;
            int end = curve.Step[i] - (epoch - 1) * steps;
            double n = Math.Min((long)end * batch, images) - Math.Min((long)previousEnd * batch, images);
            previousEnd = end;
            int w = Window(end, steps, windows) - 1;
            weights[w] += n;
            for (int m = 0; m < WindowMetrics.Count; m++) sums[m, w] += n * CurveValue(curve, WindowMetrics[m], i);
        }
        if (weights.Any(n => n == 0)) return [];
        return Enumerable.Range(0, WindowMetrics.Count).SelectMany(m =>
            Enumerable.Range(0, windows).Select(w => (WindowName(epoch, WindowMetrics[m], w + 1, windows), sums[m, w] / weights[w]))).ToList();
    }

    static double CurveValue(TrainingCurve curve, string metric, int i) => metric switch
    {
        "loss" => curve.Loss[i],
        "data_loss" => curve.DataLoss[i],
        "accuracy" => curve.Accuracy[i],
        "penalty" => curve.Penalty[i],
        _ => throw new ArgumentException($"Unknown curve metric '{metric}'."),
    };
}
