using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Keras' <c>regularizers.L2(l2)</c> as a loss term: <c>Σ_layers l2 · Σ kernel²</c>, kernels only (no biases, no
/// BatchNorm), no ½ (Keras computes it as <c>2·l2·tf.nn.l2_loss(w)</c>). This is deliberately not the optimizer's
/// weight_decay, which adds λ·θ to every parameter's gradient, i.e. the gradient of (λ/2)·Σθ², biases and BN included.
/// </summary>
internal static class L2Penalty
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

    /// <summary>
    /// The same penalty, outside autograd: returns its value and adds its gradient 2·l2·w to each kernel's <c>.grad</c>
    /// in place — exactly what <c>Compute(kernels).backward()</c> would add, in one fused pass per kernel instead of
    /// autograd's square, its gradient and their temporaries (each the size of the 4.2 M-weight dense kernel on the
    /// shallow model). The value is formed as <see cref="Compute"/> forms it (each Σw² in float32, times l2, summed in
    /// layer order), each Σw² from the norms of rows of the kernel's memory, one row per unit's worth of weights (no
    /// temporary the size of the shallow model's 16 MB dense kernel, no copy of a channels-last one): torch's own
    /// reduction, not BLAS. BLAS' <c>dot</c> was used before, but its float32 accumulation
    /// depends on the vendor's code path for the CPU: MKL's sdot was 1.7e-5 off on an AMD EPYC host, where the
    /// row norms hold the sum to 10⁻⁶ of a float64 one (<c>L2PenaltyTests</c>; README, <i>Throughput</i>). <c>square().sum()</c> is as accurate, but its
    /// 16 MB temporary on the shallow model's dense kernel halved the bare step loop's speed there. Call after the
    /// data loss's backward(), before the optimizer step.
    /// </summary>
    public static Tensor AddGradients(IReadOnlyList<RegularizedKernel> kernels)
    {
        if (kernels.Count == 0) return zeros(1).squeeze();
        using var noGrad = no_grad();
        var total = zeros(1, dtype: kernels[0].Kernel.dtype, device: kernels[0].Kernel.device).squeeze();
        foreach (var k in kernels)
        {
            using var weights = k.Kernel.detach();
            using (var sumOfSquares = SumOfSquares(weights)) total.add_(sumOfSquares.mul_(k.L2));

            using var grad = k.Kernel.grad;
            if (grad is null) k.Kernel.grad = weights.mul(2 * k.L2); // a kernel the data loss did not reach
            else grad.add_(weights, alpha: 2 * k.L2);
        }
        return total;
    }

    /// <summary>
    /// Σw² as the sum of the squared norms of rows of w's memory (<see cref="MemoryOrder"/>: a contiguous view, read in
    /// order; a Dense kernel's rows read across its [units, in] shape would stride by 512 floats, eight times slower on
    /// the shallow model), as many rows as w has units (8,192 rows of 512 were ~1 ms slower a shallow-l2 step than 512
    /// of 8,192), or of a 1-D w as one row.
    /// </summary>
    static Tensor SumOfSquares(Tensor weights)
    {
        using var ordered = MemoryOrder.View(weights) ?? weights.contiguous();
        using var rows = ordered.dim() > 1 ? ordered.reshape(weights.shape[0], -1) : ordered.unsqueeze(0);
        using var norms = linalg.vector_norm(rows, dims: [1]);
        return norms.pow_(2).sum();
    }

    /// <summary>
    /// Everything a model's regularizers add to the loss of its last forward: kernels, then biases and BatchNorm
    /// γ/β, then activity. With kernel regularizers alone (every shipped experiment) this is exactly
    /// <see cref="Compute"/> of the kernels, bit for bit.
    /// </summary>
    public static Tensor Total(KerasModel model)
    {
        var weights = Weights(model);
        return model.ActivityPenalty is { } activity ? weights.add(activity) : weights;
    }

    /// <summary>The penalty of the weights alone (kernels, biases, γ/β): what val_loss adds besides the activity term.</summary>
    public static Tensor Weights(KerasModel model) => Compute(RegularizedWeights(model));

    /// <summary>Every weight tensor with an L2 term: the kernels, then biases and BatchNorm γ/β.</summary>
    public static IReadOnlyList<RegularizedKernel> RegularizedWeights(KerasModel model) =>
        model.RegularizedParameters.Count == 0 ? model.RegularizedKernels : [.. model.RegularizedKernels, .. model.RegularizedParameters];
}
