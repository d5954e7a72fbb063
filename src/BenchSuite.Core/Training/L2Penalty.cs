using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Keras' <c>regularizers.L2(l2)</c> as a loss term: <c>Σ_layers l2 · Σ kernel²</c>, kernels only (no biases, no
/// BatchNorm), no ½ (Keras computes it as <c>2·l2·tf.nn.l2_loss(w)</c>). This is deliberately not the optimizer's
/// weight_decay, which adds λ·θ to every parameter's gradient, i.e. the gradient of (λ/2)·Σθ², biases and BN included.
/// </summary>
public static class L2Penalty
{
    /// <summary>The penalty as a scalar tensor in the autograd graph (zero, detached, when nothing is regularized).</summary>
    public static Tensor Compute(IReadOnlyList<RegularizedKernel> kernels)
    {
        if (kernels.Count == 0) return zeros(1).squeeze();
        Tensor? total = null;
        foreach (var k in kernels)
        {
            var term = k.Kernel.square().sum().mul(k.L2);
            total = total is null ? term : total.add(term);
        }
        return total!;
    }
}
