using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// ‖W − W_prev‖ and W_prev ← W in one pass over a float32 kernel in CPU memory and its copy from the previous point of
/// the training curve (<see cref="CurveRecorder"/>). torch's <c>dist</c> first makes a temporary the size of the
/// kernel (16 MB for the shallow model's dense one, mapped and faulted in anew each time) and the copy is a third
/// pass; here each element is read once from each tensor and written once. The squares are summed in float64.
/// </summary>
internal static class KernelDistance
{
    /// <summary>
    /// Whether the pass applies: both float32 in CPU memory, of one shape and one set of strides, dense, and small
    /// enough for a span (under 2 GB).
    /// </summary>
    public static bool Applies(Tensor kernel, Tensor previous)
    {
        if (kernel.dtype != ScalarType.Float32 || previous.dtype != ScalarType.Float32) return false;
        if (kernel.numel() > int.MaxValue / sizeof(float)) return false;
        if (kernel.device_type != TorchSharp.DeviceType.CPU || previous.device_type != TorchSharp.DeviceType.CPU) return false;
        if (!kernel.shape.SequenceEqual(previous.shape) || !kernel.stride().SequenceEqual(previous.stride())) return false;
        using var view = MemoryOrder.View(kernel);
        return view is not null;
    }

    /// <summary>‖<paramref name="kernel"/> − <paramref name="previous"/>‖, then <paramref name="previous"/> ← <paramref name="kernel"/>.</summary>
    /// <exception cref="ArgumentException">when <see cref="Applies"/> is false.</exception>
    public static double MeasureAndCopy(Tensor kernel, Tensor previous)
    {
        if (!Applies(kernel, previous))
            throw new ArgumentException($"Expected two dense float32 CPU tensors of one shape and strides; got {kernel.dtype} [{string.Join(", ", kernel.shape)}] on {kernel.device} and {previous.dtype} [{string.Join(", ", previous.shape)}] on {previous.device}.");
        using var k = MemoryOrder.View(kernel)!;
        using var p = MemoryOrder.View(previous)!;
        return Math.Sqrt(SquaredDistanceAndCopy(MemoryMarshal.Cast<byte, float>(k.bytes), MemoryMarshal.Cast<byte, float>(p.bytes)));
    }

    /// <summary>Σ (kernel − previous)² in float64, then previous ← kernel, element by element in memory order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SquaredDistanceAndCopy(ReadOnlySpan<float> kernel, Span<float> previous)
    {
        if (previous.Length != kernel.Length)
            throw new ArgumentException($"Lengths differ: kernel {kernel.Length}, previous {previous.Length}.");
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var low = Vector256<double>.Zero;
            var high = Vector256<double>.Zero;
            for (; i <= kernel.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var k = Vector256.Create(kernel.Slice(i, Vector256<float>.Count));
                var p = Vector256.Create(previous.Slice(i, Vector256<float>.Count));
                var (kLow, kHigh) = Vector256.Widen(k);
                var (pLow, pHigh) = Vector256.Widen(p);
                var dLow = kLow - pLow;
                var dHigh = kHigh - pHigh;
                low += dLow * dLow;
                high += dHigh * dHigh;
                k.CopyTo(previous.Slice(i, Vector256<float>.Count));
            }
            sum = Vector256.Sum(low + high);
        }
        for (; i < kernel.Length; i++)
        {
            double d = (double)kernel[i] - previous[i];
            sum += d * d;
            previous[i] = kernel[i];
        }
        return sum;
    }
}
