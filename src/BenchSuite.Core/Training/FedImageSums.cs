using System.Numerics;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// The four sums <see cref="InputProbe"/> keeps over the batches of an epoch, for one batch of source images and the
/// images the step is fed (both [B, C, H, W]): Σ fed, Σ |fed − source|, and over the central differences
/// gx = x[r, c + 1] − x[r, c − 1], gy = x[r + 1, c] − x[r − 1, c] at every interior pixel of every channel, with
/// a = gx², b = gy²: Σ (a + b) and Σ ab / (a + b). The terms are float32, the sums float64. (The differences are
/// twice the central-difference gradient; the probe only uses ratios of the last two sums, in which the factor
/// cancels.)
/// </summary>
/// <remarks>
/// Two implementations of the same arithmetic, because the probe runs on every training step. In tensor ops
/// (<see cref="OnDevice"/>, for cuda) the sums take about a dozen passes over the batch and four float64 copies of it:
/// 415–467 µs a batch of 32 on the README's 2-core host (<c>InputProbeBenchmarks</c>), 0.8 ms a step inside the
/// training loop (<c>overhead --parts</c>), where the budget for all of the harness is 1.3 ms. libtorch has no fused
/// operation for them, so for float32 batches in CPU memory (<see cref="OnHost"/>) one vectorised pass over each row
/// does the same arithmetic on the calling thread, allocating nothing: 125–144 µs (README, Throughput).
/// </remarks>
internal static class FedImageSums
{
    public const int Count = 4;

    /// <summary>
    /// Where a + b is below this, ab is 0 in float32 (ab ≤ (a + b)²/4), so the clamp changes no term; it keeps a flat
    /// patch's 0/0 from giving NaN. Not float.Epsilon: training flushes denormals to zero, which would make it 0.
    /// </summary>
    const float FlatPatch = 1e-30f;

    /// <summary>True when <see cref="OnHost"/> can read the batches: float32, contiguous, in CPU memory, the same shape.</summary>
    public static bool CanSumOnHost(Tensor source, Tensor fed) =>
        source.device_type == TorchSharp.DeviceType.CPU && fed.device_type == TorchSharp.DeviceType.CPU
        && source.dtype == ScalarType.Float32 && fed.dtype == ScalarType.Float32
        && source.is_contiguous() && fed.is_contiguous()
        && source.shape.SequenceEqual(fed.shape);

    /// <summary>Adds the batch's sums to <paramref name="sums"/> (length <see cref="Count"/>), reading the CPU memory of both batches (see <see cref="CanSumOnHost"/>).</summary>
    public static unsafe void OnHost(Tensor source, Tensor fed, Span<double> sums)
    {
        if (!CanSumOnHost(source, fed))
            throw new ArgumentException("OnHost needs two float32 batches of the same shape, contiguous in CPU memory; use OnDevice.", nameof(fed));
        int planes = (int)(fed.shape[0] * fed.shape[1]), h = (int)fed.shape[2], w = (int)fed.shape[3];
        int n = Vector<float>.Count;
        var flat = new Vector<float>(FlatPatch);
        Vector<double> fedV = default, shiftV = default, energyV = default, crossV = default;
        double fedS = 0, shiftS = 0, energyS = 0, crossS = 0; // the columns a vector does not cover

        fixed (byte* fedBytes = fed.bytes)
        fixed (byte* sourceBytes = source.bytes)
        {
            var x = (float*)fedBytes;
            var s = (float*)sourceBytes;
            for (long row = 0; row < (long)planes * h; row++)
            {
                float* xr = x + row * w, sr = s + row * w;
                int c = 0;
                for (; c + n <= w; c += n)
                {
                    var value = Vector.Load(xr + c);
                    Vector.Widen(value, out var lo, out var hi);
                    fedV += lo + hi;
                    Vector.Widen(Vector.Abs(value - Vector.Load(sr + c)), out lo, out hi);
                    shiftV += lo + hi;
                }
                for (; c < w; c++)
                {
                    fedS += xr[c];
                    shiftS += MathF.Abs(xr[c] - sr[c]);
                }

                long r = row % h;
                if (r == 0 || r == h - 1) continue; // central differences at interior pixels only
                float* up = xr - w, down = xr + w;
                for (c = 1; c + n <= w - 1; c += n)
                {
                    var gx = Vector.Load(xr + c + 1) - Vector.Load(xr + c - 1);
                    var gy = Vector.Load(down + c) - Vector.Load(up + c);
                    Vector<float> a = gx * gx, b = gy * gy, e = a + b;
                    Vector.Widen(e, out var lo, out var hi);
                    energyV += lo + hi;
                    Vector.Widen(a * b / Vector.Max(e, flat), out lo, out hi);
                    crossV += lo + hi;
                }
                for (; c < w - 1; c++)
                {
                    float gx = xr[c + 1] - xr[c - 1], gy = down[c] - up[c];
                    float a = gx * gx, b = gy * gy, e = a + b;
                    energyS += e;
                    crossS += a * b / MathF.Max(e, FlatPatch);
                }
            }
        }
        sums[0] += Vector.Sum(fedV) + fedS;
        sums[1] += Vector.Sum(shiftV) + shiftS;
        sums[2] += Vector.Sum(energyV) + energyS;
        sums[3] += Vector.Sum(crossV) + crossS;
    }

    /// <summary>The batch's sums as a float64 [<see cref="Count"/>] tensor on the batches' device, in tensor ops.</summary>
    public static Tensor OnDevice(Tensor source, Tensor fed)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long h = fed.shape[2], w = fed.shape[3];
        var rows = fed.narrow(2, 1, h - 2);
        var cols = fed.narrow(3, 1, w - 2);
        var a = rows.narrow(3, 2, w - 2).sub(rows.narrow(3, 0, w - 2)).pow_(2);
        var b = cols.narrow(2, 2, h - 2).sub(cols.narrow(2, 0, h - 2)).pow_(2);
        var energy = a.add(b);
        var cross = a.mul_(b).div_(energy.clamp_min(FlatPatch));
        return stack([fed.sum(float64), fed.sub(source).abs_().sum(float64), energy.sum(float64), cross.sum(float64)]).MoveToOuterDisposeScope();
    }
}
