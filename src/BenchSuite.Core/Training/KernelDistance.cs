using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// ‖W − W_prev‖ and W_prev ← W in one pass over a float32 kernel in CPU memory and its copy from the previous point of
/// the training curve (<see cref="CurveRecorder"/>). torch's <c>dist</c> first makes a temporary the size of the
/// kernel (<c>norm(self − other)</c>; 16 MB for the shallow model's dense one) and the copy is a third pass; here each element is read once from each tensor and written once. The squares are summed in float64.
/// </summary>
internal static class KernelDistance
{
    /// <summary>
    /// ‖<paramref name="kernel"/> − <paramref name="previous"/>‖, then <paramref name="previous"/> ← <paramref name="kernel"/>,
    /// when both are float32 in CPU memory, dense, of one shape and one set of strides
    /// (<see cref="MemoryOrder.FloatViewsOnCpu"/>); otherwise false, and nothing is read or written.
    /// </summary>
    public static bool TryMeasureAndCopy(Tensor kernel, Tensor previous, out double distance)
    {
        distance = double.NaN;
        var views = MemoryOrder.FloatViewsOnCpu(kernel, previous);
        if (views is null) return false;
        try
        {
            distance = Math.Sqrt(SquaredDistanceAndCopy(MemoryOrder.Floats(views[0]), MemoryOrder.Floats(views[1])));
        }
        finally
        {
            foreach (var view in views) view.Dispose();
        }
        return true;
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
