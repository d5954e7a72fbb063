namespace BenchSuite.Results;

/// <summary>
/// Per-step curves of one run (record schema benchsuite-run/2), stored by column so that a record stays small: entry
/// <c>i</c> of every array belongs to curve point <c>i</c>. A point closes every <see cref="EverySteps"/> steps of
/// an epoch and at each epoch's last step. The training metrics at a point are means over the steps since the
/// previous point of the same epoch (per-sample weighted, training mode, as Keras' running means are, but over the
/// interval rather than the whole epoch so far). Validation stays per epoch, in <see cref="EpochMetrics"/>.
/// Values are written at float32 precision.
/// </summary>
public sealed record TrainingCurve
{
    /// <summary>Steps between curve points (the last interval of an epoch may be shorter).</summary>
    public required int EverySteps { get; init; }
    public required int StepsPerEpoch { get; init; }
    /// <summary>The point's step counted from the run's start (1-based): epoch e, step s is (e−1)·StepsPerEpoch + s.</summary>
    public required int[] Step { get; init; }
    public required int[] Epoch { get; init; }
    /// <summary>Mean total loss (data loss + penalty) over the interval.</summary>
    public required double[] Loss { get; init; }
    public required double[] DataLoss { get; init; }
    public required double[] Penalty { get; init; }
    public required double[] Accuracy { get; init; }
    /// <summary>‖kernel‖₂ of every Conv2D/Dense layer before the first step.</summary>
    public required IReadOnlyDictionary<string, double> InitialKernelNorms { get; init; }
    /// <summary>‖kernel‖₂ of every Conv2D/Dense layer at each point.</summary>
    public required IReadOnlyDictionary<string, double[]> KernelNorms { get; init; }
    /// <summary>
    /// ‖w − w_prev‖₂ / ‖w_prev‖₂ of every kernel over the interval (w_prev: the kernel at the previous point, or
    /// the initial kernel): the effective step size. A kernel followed by BatchNorm is scale-invariant, so L2 on it
    /// shows up here (a smaller ‖w‖ makes the same Adam step relatively larger) rather than in the function.
    /// </summary>
    public required IReadOnlyDictionary<string, double[]> KernelRelativeChange { get; init; }

    /// <summary>The point's position in epochs (1.0 = the end of epoch 1), for plotting against epoch-level metrics.</summary>
    public double EpochPosition(int i) => (double)Step[i] / StepsPerEpoch;

    public int Count => Step.Length;
}
