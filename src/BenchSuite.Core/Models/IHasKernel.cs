using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>A layer with a Keras "kernel" (the weight a <c>kernel_regularizer</c> applies to; never the bias) and a bias.</summary>
internal interface IHasKernel
{
    Tensor Kernel { get; }

    /// <summary>The layer's bias (what a <c>bias_regularizer</c> applies to).</summary>
    Tensor Bias { get; }
}
