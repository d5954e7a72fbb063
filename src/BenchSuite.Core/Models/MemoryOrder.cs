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
}
