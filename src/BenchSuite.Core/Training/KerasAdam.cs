using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Adam as Keras 2.14 (<c>keras/src/optimizers/adam.py</c>, <c>update_step</c>) computes it:
/// <code>
///   α_t = lr · √(1 − β2ᵗ) / (1 − β1ᵗ)
///   m  += (g − m) · (1 − β1)
///   v  += (g² − v) · (1 − β2)
///   θ  −= m · α_t / (√v + ε)
/// </code>
/// ε is added to √v before the bias correction ("epsilon hat"), whereas torch's Adam adds it after:
/// θ −= lr · m̂ / (√v̂ + ε). The two agree unless √v is near ε, i.e. for tiny gradients early in training.
/// The bias-correction powers are computed in float32, as TF does for float32 variables.
/// </summary>
public sealed class KerasAdam : IOptimizer
{
    readonly IReadOnlyList<Tensor> parameters;
    readonly Tensor[] m;
    readonly Tensor[] v;
    readonly float lr, beta1, beta2, epsilon;
    long step;

    public KerasAdam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon)
    {
        this.parameters = parameters.ToList();
        lr = (float)learningRate;
        this.beta1 = (float)beta1;
        this.beta2 = (float)beta2;
        this.epsilon = (float)epsilon;
        m = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        v = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public long Iterations => step;

    public void Step()
    {
        step++;
        float beta1Power = MathF.Pow(beta1, step);
        float beta2Power = MathF.Pow(beta2, step);
        float alpha = lr * MathF.Sqrt(1 - beta2Power) / (1 - beta1Power);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        for (int i = 0; i < parameters.Count; i++)
        {
            var g = parameters[i].grad;
            if (g is null) continue;
            m[i].add_(g.sub(m[i]).mul_(1 - beta1));
            v[i].add_(g.square().sub_(v[i]).mul_(1 - beta2));
            parameters[i].sub_(m[i].mul(alpha).div_(v[i].sqrt().add_(epsilon)));
        }
    }

    public void Dispose()
    {
        foreach (var t in m.Concat(v)) t.Dispose();
    }
}
