using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// The models compute in channels-last memory: a 4-D tensor keeps torch's logical NCHW shape, but its elements lie in
/// NHWC order (strides N: HWC, C: 1, H: WC, W: C), which is how Keras lays out its tensors and the layout oneDNN's
/// convolutions and libtorch's vectorised pooling and BatchNorm kernels prefer (measured: the deep training step
/// 15 % faster, README <i>Throughput</i>). libtorch's operators keep a channels-last input channels-last, so only
/// the model's input and the Conv2D kernels are converted. TorchSharp 0.107 has no <c>memory_format</c> argument;
/// the permute round trip below is what <c>x.contiguous(memory_format=torch.channels_last)</c> does in PyTorch.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>The same values, NHWC in memory; a tensor already in that layout is returned as a new view without copying.</summary>
    public static Tensor Of(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>Whether a 4-D tensor's elements lie in NHWC order (channel stride 1, a dense batch of H·W·C).</summary>
    public static bool Is(Tensor x)
    {
        if (x.dim() != 4) return false;
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var s = x.stride();
        return (c == 1 || s[1] == 1) && (w == 1 || s[3] == c) && (h == 1 || s[2] == w * c) && (n == 1 || s[0] == h * w * c);
    }
}
