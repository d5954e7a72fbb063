using BenchSuite.Results;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Measures what the steps of an epoch are fed (<see cref="InputStatistics"/>): the mean fed value, how far
/// augmentation moved each value from its source image, how much the fed images' edges keep to the image axes, and
/// how much of the epoch's order repeats the previous epoch's. Sums stay on the device in float64 and are read once
/// per epoch; <see cref="Add"/> says how the per-step work stays cheap. These are the gate's view of the data
/// pipeline: slips there (pixel scaling, a missing flip or rotation, an order that never reshuffles) barely move a
/// short run's metrics but can move these by many seed spreads.
/// </summary>
public sealed class InputProbe : IDisposable
{
    readonly Tensor sums; // [Σ fed, Σ |fed − source|, Σ |∇fed|²·cos 4φ, Σ |∇fed|²]
    long values;
    Tensor? previousOrder;
    double? orderRepeat;

    public InputProbe(Device device) => sums = zeros(4, dtype: float64, device: device).DetachFromDisposeScope();

    /// <summary>Starts an epoch with its order (compared with the previous epoch's, then kept for the next).</summary>
    public void EpochStarted(Tensor order)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        sums.zero_();
        values = 0;
        orderRepeat = previousOrder is null || previousOrder.shape[0] != order.shape[0]
            ? null
            : order.eq(previousOrder).to(float64).mean().item<double>();
        previousOrder?.Dispose();
        previousOrder = order.clone().DetachFromDisposeScope();
    }

    /// <summary>One batch: the source images as the data holds them and the images the step is fed.</summary>
    /// <remarks>
    /// The probe runs on every step, so it is kept cheap: element-wise work in the images' own dtype (float32), sums
    /// in float64. Float64 passes over every value cost 995 µs a batch of 32 (6.1 ms under OMP_WAIT_POLICY=PASSIVE);
    /// these take 450 µs (4.0 ms), about 2 % of shallow-l2's 21 ms step (issue 8, <c>InputProbeBenchmarks</c>).
    /// </remarks>
    public void Add(Tensor source, Tensor fed)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (axial, energy) = EdgeOrientation(fed);
        sums.add_(stack([fed.sum(float64), fed.sub(source).abs_().sum(float64), axial, energy]));
        values += fed.numel();
    }

    /// <summary>
    /// Σ|g|²·cos 4φ and Σ|g|² over the central-difference gradients g = (gx, gy) = |g|(cos φ, sin φ) at every
    /// interior pixel of every channel of a [B, C, H, W] batch: their ratio is 1 when every edge is horizontal or
    /// vertical, −1 when every edge is diagonal. A flip maps the gradient at a pixel to (−gx, gy) at its mirror image
    /// (φ to π − φ), so it leaves the ratio exactly as it was. A rotation turns the edges (cos 4φ to cos 4(φ + θ)) and
    /// samples every pixel between grid points, and both move the ratio: on the embedded set rotations of ±15° take it
    /// from near 0 (−0.002 to −0.006) to about −0.05, 5–6 seed spreads (README, the gate's calibration).
    /// With a = gx², b = gy²: |g|²·cos 4φ = ((a − b)² − 4ab) / (a + b) = (a + b) − 8ab / (a + b), so
    /// Σ|g|²·cos 4φ = Σ(a + b) − 8·Σ ab / (a + b), two float64 sums of float32 terms.
    /// </summary>
    static (Tensor Axial, Tensor Energy) EdgeOrientation(Tensor images)
    {
        long h = images.shape[2], w = images.shape[3];
        var rows = images.narrow(2, 1, h - 2);
        var cols = images.narrow(3, 1, w - 2);
        var a = rows.narrow(3, 2, w - 2).sub(rows.narrow(3, 0, w - 2)).mul_(0.5).pow_(2);
        var b = cols.narrow(2, 2, h - 2).sub(cols.narrow(2, 0, h - 2)).mul_(0.5).pow_(2);
        var energy = a.add(b);
        // Where a + b < 1e-30, ab ≤ (a + b)²/4 is 0 in float32, so the clamp changes no term; it keeps 0/0 (a flat
        // patch) from giving NaN. (Not float.Epsilon: training flushes denormals to zero, which would make it 0.)
        var cross = a.mul_(b).div_(energy.clamp_min(1e-30));
        var energySum = energy.sum(float64);
        return (energySum.sub(cross.sum(float64).mul_(8)), energySum);
    }

    public InputStatistics Read()
    {
        using var scope = NewDisposeScope();
        var s = sums.cpu().data<double>().ToArray();
        return new InputStatistics(s[0] / values, s[1] / values, s[3] > 0 ? s[2] / s[3] : 0, orderRepeat);
    }

    public void Dispose()
    {
        sums.Dispose();
        previousOrder?.Dispose();
    }
}
