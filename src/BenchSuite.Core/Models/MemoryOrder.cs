using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>A dense tensor's elements in the order they lie in memory, as a contiguous view of the same storage.</summary>
internal static class MemoryOrder
{
    /// <summary>
    /// The view of <paramref name="t"/> with its dimensions ordered by decreasing stride, if that view is contiguous (the
    /// tensor is dense: no gaps, no overlap — a channels-last Conv2D kernel, a Dense kernel stored [in, out]); otherwise
    /// null. Tensors of one shape and one set of strides give views whose elements correspond one to one.
    /// </summary>
    public static Tensor? View(Tensor t)
    {
        var strides = t.stride();
        var order = new long[strides.Length];
        for (int d = 0; d < order.Length; d++) order[d] = d;
        Array.Sort(strides.Select(s => -s).ToArray(), order); // decreasing stride; Array.Sort is unstable, ties are size-1 dims
        var view = t.permute(order);
        if (view.is_contiguous()) return view;
        view.Dispose();
        return null;
    }

    /// <summary>
    /// The <see cref="View"/>s of float32 tensors in CPU memory that share the first one's shape and strides, each
    /// dense and small enough for a span (under 2 GB), in the order given: what a one-pass kernel over them needs.
    /// Null, with no view left behind, when any of them is not.
    /// </summary>
    public static Tensor[]? FloatViewsOnCpu(params Tensor[] tensors)
    {
        var first = tensors[0];
        if (first.numel() > int.MaxValue / sizeof(float)) return null; // a Span's length
        var strides = first.stride();
        foreach (var t in tensors)
            if (t.device_type != DeviceType.CPU || t.dtype != ScalarType.Float32 ||
                !t.shape.SequenceEqual(first.shape) || !t.stride().SequenceEqual(strides))
                return null;
        var views = tensors.Select(View).ToArray();
        if (views.All(view => view is not null)) return views!;
        foreach (var view in views) view?.Dispose();
        return null;
    }

    /// <summary>The floats of a contiguous float32 tensor in CPU memory (a <see cref="View"/>), in place.</summary>
    public static Span<float> Floats(Tensor contiguous) => MemoryMarshal.Cast<byte, float>(contiguous.bytes);
}
