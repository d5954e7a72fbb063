using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// AdamW as Keras computes it (Keras 2.11+ <c>optimizers.AdamW</c> and Keras 3 <c>AdamW</c> alike): before each
/// Adam update, every decayed variable is shrunk by the learning rate times the decay,
/// <code>
///   θ ← θ − θ·wd·lr        (Keras' _apply_weight_decay: variable.assign_sub(variable * wd * lr), in float32)
///   θ ← Adam(θ, g)          (g: the gradient taken before the decay; Keras' Adam, ε before bias correction)
/// </code>
/// The decay step is torch.optim.AdamW's <c>θ·(1 − lr·wd)</c> too; Loshchilov &amp; Hutter (2019) write it as
/// <c>θ −= η_t·λ·θ</c> with a schedule multiplier η_t instead of the learning rate, which is the same thing at a
/// constant learning rate only once λ is rescaled by lr. Unlike Keras' L2 loss term, the decay never passes through
/// Adam's √v normalisation: that is the point of "decoupled". Against a loss term l2·Σθ² (gradient 2·l2·θ), plain
/// SGD gives the same shrinkage at <c>wd = 2·l2</c>; with Adam there is no matching value.
/// </summary>
internal sealed class DecoupledWeightDecay(IReadOnlyList<Tensor> decayed, double learningRate, double weightDecay, IOptimizer inner) : IOptimizer
{
    readonly float lr = (float)learningRate, wd = (float)weightDecay;

    public void Step()
    {
        using (no_grad())
        using (NewDisposeScope())
            foreach (var p in decayed)
                p.sub_(p.mul(wd).mul_(lr));
        inner.Step();
    }

    public void Dispose() => inner.Dispose();
}
