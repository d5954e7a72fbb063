namespace BenchSuite.Results;

/// <summary>
/// One epoch as Keras reports it, plus what Keras does not show. <see cref="Loss"/> and <see cref="Accuracy"/> are
/// running means over the epoch's steps in training mode (dropout on, BatchNorm on batch statistics) and Loss
/// includes the L2 penalty; the validation metrics are computed after the epoch in inference mode, val_loss with
/// the penalty too. <see cref="DataLoss"/> + <see cref="Penalty"/> = <see cref="Loss"/> (both running means).
/// </summary>
public sealed record EpochMetrics
{
    public required int Epoch { get; init; }
    public required int Steps { get; init; }
    public required double Loss { get; init; }
    public required double Accuracy { get; init; }
    public required double ValLoss { get; init; }
    public required double ValAccuracy { get; init; }
    public required double DataLoss { get; init; }
    public required double Penalty { get; init; }
    /// <summary>‖kernel‖₂ of every Conv2D/Dense layer at the end of the epoch (what L2 pulls down).</summary>
    public required IReadOnlyDictionary<string, double> KernelNorms { get; init; }
    /// <summary>‖bias‖₂ of every Conv2D/Dense layer at the end of the epoch; null in records made before it was kept.</summary>
    public IReadOnlyDictionary<string, double>? BiasNorms { get; init; }
    /// <summary>The mean moving variance of every BatchNormalization layer at the end of the epoch (null before it was kept).</summary>
    public IReadOnlyDictionary<string, double>? MovingVariances { get; init; }
    /// <summary>The variance floor ε the BatchNormalization layers add in inference, measured on their outputs at the end of the
    /// epoch (the median over their channels); null without BatchNormalization and before it was kept.</summary>
    public double? MeasuredBatchNormEpsilon { get; init; }
    /// <summary>What the model was fed in the epoch, measured at the trainer (null before it was kept).</summary>
    public InputStatistics? Input { get; init; }
    /// <summary>Wall time of the epoch, training and validation (what Keras prints).</summary>
    public required double Seconds { get; init; }
    /// <summary>Training images per second over the epoch's steps alone.</summary>
    public required double ImagesPerSecond { get; init; }
    public required double ValidationSeconds { get; init; }
    /// <summary>Minor page faults per training step (memory mapped and zeroed anew; 0 where not measured).</summary>
    public double MinorFaultsPerStep { get; init; }
    /// <summary>The process' peak resident memory so far, in MiB, read after the epoch (0 where not measured).</summary>
    public double PeakResidentMib { get; init; }

    /// <summary>The metrics that must replay bit for bit (everything but the timings).</summary>
    public static readonly IReadOnlyList<string> ReplayedMetrics = ["loss", "accuracy", "val_loss", "val_accuracy", "data_loss", "penalty"];

    public double Get(string metric) => metric switch
    {
        "loss" => Loss,
        "accuracy" => Accuracy,
        "val_loss" => ValLoss,
        "val_accuracy" => ValAccuracy,
        "data_loss" => DataLoss,
        "penalty" => Penalty,
        _ => throw new ArgumentException($"Unknown metric '{metric}'. Known: {string.Join(", ", ReplayedMetrics)}."),
    };
}

/// <summary>
/// What the training steps of one epoch were fed, measured where the trainer hands batches to the step: the data
/// pipeline's output, whatever part produced it.
/// </summary>
/// <param name="Mean">The mean input value over every fed pixel and channel (pixel scaling moves it).</param>
/// <param name="Shift">The mean |augmented − source| over every fed value: how far augmentation moved the images (0 without augmentation).</param>
/// <param name="Axes">How much the fed images' edges keep to the image axes: the |∇|²-weighted mean of cos 4φ over their
/// gradients' directions φ (1: all horizontal or vertical, −1: all diagonal). A flip keeps it exactly; a rotation moves it (it turns edges and samples between grid points).</param>
/// <param name="OrderRepeat">The share of the epoch's positions that hold the same image as in the previous epoch
/// (about 1/N for a fresh shuffle, 1 for a repeated order); null in the first epoch.</param>
public sealed record InputStatistics(double Mean, double Shift, double Axes, double? OrderRepeat);
