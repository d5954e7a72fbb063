using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// Benchmark operands laid out as the models lay out their 4-D tensors: NHWC in memory, torch's NCHW shape (what
/// Core's internal <c>ChannelsLast.Of</c> does, the permute round trip of PyTorch's <c>channels_last</c>).
/// </summary>
static class ChannelsLastCopy
{
    /// <summary>A channels-last copy of a 4-D tensor; the argument is left as it is.</summary>
    public static Tensor Of(Tensor nchw)
    {
        using var nhwc = nchw.permute(0, 2, 3, 1);
        using var dense = nhwc.contiguous();
        return dense.permute(0, 3, 1, 2);
    }
}
