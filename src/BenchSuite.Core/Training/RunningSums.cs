using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Per-sample-weighted sums of the epoch's step metrics, kept on the device (Keras' Mean metrics weight each
/// batch by its size); read only when a mean is asked for.
/// </summary>
internal sealed class RunningSums : IDisposable
{
    public const int Loss = 0, DataLoss = 1, Penalty = 2, Correct = 3;
    readonly Tensor sums;
    long samples;

    public RunningSums(Device device) => sums = zeros(4, dtype: float64, device: device).DetachFromDisposeScope();

    public void Add(StepLosses step, Tensor labels)
    {
        using var noGrad = no_grad();
        long n = labels.shape[0];
        samples += n;
        var batch = stack([
            step.Loss.detach().to(float64).mul(n),
            step.DataLoss.detach().to(float64).mul(n),
            step.Penalty.detach().to(float64).mul(n),
            step.Logits.argmax(1).eq(labels).sum().to(float64),
        ]);
        sums.add_(batch);
    }

    public long Samples => samples;

    /// <summary>All four sums in one device read.</summary>
    public double[] ReadAll() => sums.cpu().data<double>().ToArray();

    public double Mean(int which)
    {
        using var value = sums[which];
        return value.item<double>() / samples;
    }

    public void Dispose() => sums.Dispose();
}
