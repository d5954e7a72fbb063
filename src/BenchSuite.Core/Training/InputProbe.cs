using BenchSuite.Results;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Measures what the steps of an epoch are fed (<see cref="InputStatistics"/>): the mean fed value, how far
/// augmentation moved each value from its source image, how much the fed images' edges keep to the image axes, and
/// how much of the epoch's order repeats the previous epoch's. Sums are float64, kept in memory (or on the device)
/// and read once per epoch; <see cref="Add"/> says how the per-step work stays cheap. These are the gate's view of the data
/// pipeline: slips there (pixel scaling, a missing flip or rotation, an order that never reshuffles) barely move a
/// short run's metrics but can move these by many seed spreads.
/// </summary>
public sealed class InputProbe : IDisposable
{
    readonly SplitSums sums; // FedImageSums' four sums: on the host for batches in CPU memory, on the device for the others
    long values;
    Tensor? previousOrder;
    double? orderRepeat;

    public InputProbe(Device device) => sums = new SplitSums(device, FedImageSums.Count);

    /// <summary>Starts an epoch with its order (compared with the previous epoch's, then kept for the next).</summary>
    public void EpochStarted(Tensor order)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        sums.Clear();
        values = 0;
        orderRepeat = previousOrder is null || previousOrder.shape[0] != order.shape[0]
            ? null
            : order.eq(previousOrder).to(float64).mean().item<double>();
        previousOrder?.Dispose();
        previousOrder = order.clone().DetachFromDisposeScope();
    }

    /// <summary>One batch: the source images as the data holds them and the images the step is fed.</summary>
    /// <remarks>
    /// The probe runs on every step, so it is kept cheap: float32 batches in CPU memory are summed in one vectorised
    /// pass on this thread, others in tensor ops on their device (<see cref="FedImageSums"/> says why and what each costs).
    /// </remarks>
    public void Add(Tensor source, Tensor fed)
    {
        if (FedImageSums.CanSumOnHost(source, fed))
        {
            FedImageSums.OnHost(source, fed, sums.OnHost);
        }
        else
        {
            using var batch = FedImageSums.OnDevice(source, fed);
            sums.OnDevice.add_(batch);
        }
        values += fed.numel();
    }

    /// <summary>
    /// The epoch's statistics. The edge statistic: with the gradient g = (gx, gy) = |g|(cos φ, sin φ), a = gx²,
    /// b = gy², |g|²·cos 4φ = ((a − b)² − 4ab) / (a + b) = (a + b) − 8ab / (a + b), so Σ|g|²·cos 4φ / Σ|g|² =
    /// 1 − 8·Σ ab/(a + b) / Σ(a + b): 1 when every edge is horizontal or vertical, −1 when every edge is diagonal.
    /// A flip maps the gradient at a pixel to (−gx, gy) at its mirror image (φ to π − φ), so it leaves the ratio
    /// exactly as it was. A rotation turns the edges (cos 4φ to cos 4(φ + θ)) and samples every pixel between grid
    /// points, and both move the ratio: on the embedded set rotations of ±15° take it from near 0 (−0.002 to −0.006)
    /// to about −0.05, 5–6 seed spreads (README, the gate's calibration).
    /// </summary>
    public InputStatistics Read()
    {
        var s = sums.Read();
        double fed = s[0], shift = s[1], energy = s[2], cross = s[3];
        return new InputStatistics(fed / values, shift / values, energy > 0 ? 1 - 8 * cross / energy : 0, orderRepeat);
    }

    public void Dispose()
    {
        sums.Dispose();
        previousOrder?.Dispose();
    }
}
