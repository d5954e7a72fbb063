using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>A layer with a Keras "kernel" (the weight a <c>kernel_regularizer</c> applies to; never the bias).</summary>
internal interface IHasKernel
{
    Tensor Kernel { get; }
}
