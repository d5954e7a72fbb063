using BenchSuite.Models;
using TorchSharp;
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
/// <para>
/// Constants as TF forms them for float32 variables: β1ᵗ, β2ᵗ and α_t are float32 tensor arithmetic
/// (<c>tf.pow(tf.cast(β, float32), t)</c>); <c>1 − self.beta_1</c> is Python arithmetic in double, converted to
/// float32 when it meets the tensor — float32(1 − 0.9) = 0.1f, not 1f − 0.9f = 0.100000024f.
/// </para>
/// <para>
/// On the CPU, for float32 parameters, each tensor is updated in one pass over its memory by <see cref="KerasAdamKernel"/>,
/// which rounds every operation as TF's op-by-op form does (bit for bit, <c>AdamTests</c>). Elsewhere the update is
/// written in libtorch's fused in-place forms (<c>lerp_</c>, <c>addcmul_</c>, <c>addcdiv_</c>): the same formula,
/// rounded in another order (a few ulp per step; <c>AdamTests</c> holds it to the step-by-step form), with one
/// temporary per tensor instead of six.
/// </para>
/// </summary>
internal sealed class KerasAdam : IOptimizer
{
    readonly IReadOnlyList<Tensor> parameters;
    readonly Tensor[] m;
    readonly Tensor[] v;
    readonly float lr, beta1, beta2, epsilon;
    readonly Tensor oneMinusBeta1;         // lerp_'s weight is a tensor in TorchSharp
    readonly Scalar oneMinusBeta2, keepV;  // v·(1 − c2) + c2·g² is v + (g² − v)·c2
    readonly Scalar epsilonScalar;
    long step;

    public KerasAdam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon)
    {
        this.parameters = parameters.ToList();
        lr = (float)learningRate;
        this.beta1 = (float)beta1;
        this.beta2 = (float)beta2;
        this.epsilon = (float)epsilon;
        OneMinusBeta1 = (float)(1.0 - beta1);
        OneMinusBeta2 = (float)(1.0 - beta2);
        oneMinusBeta1 = tensor(OneMinusBeta1).DetachFromDisposeScope();
        oneMinusBeta2 = OneMinusBeta2.ToScalar();
        keepV = ((float)(1.0 - OneMinusBeta2)).ToScalar();
        epsilonScalar = this.epsilon.ToScalar();
        m = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        v = this.parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        onePass = this.parameters.Select((p, i) => OnePassBuffers.For(p, m[i], v[i])).ToArray();
    }

    /// <summary>Per parameter: θ, m and v as contiguous views in memory order, when the one-pass kernel can update them.</summary>
    readonly OnePassBuffers?[] onePass;

    sealed class OnePassBuffers(Tensor theta, Tensor m, Tensor v, long[] strides) : IDisposable
    {
        public Tensor Theta { get; } = theta;
        public Tensor M { get; } = m;
        public Tensor V { get; } = v;
        public long[] Strides { get; } = strides;

        /// <summary>Null unless θ is a float32 CPU tensor, dense, and m and v share its layout.</summary>
        public static OnePassBuffers? For(Tensor theta, Tensor m, Tensor v)
        {
            using var noGrad = no_grad();
            var views = MemoryOrder.FloatViewsOnCpu(theta, m, v);
            if (views is null) return null;
            foreach (var view in views) view.DetachFromDisposeScope();
            return new OnePassBuffers(views[0], views[1], views[2], theta.stride());
        }

        public void Dispose()
        {
            Theta.Dispose();
            M.Dispose();
            V.Dispose();
        }
    }

    /// <summary>
    /// Whether float32 CPU parameters take the one-pass kernel (the default). False forces the tensor operations, which
    /// other devices take, so that tests can hold both forms to Keras' arithmetic on a CPU.
    /// </summary>
    internal bool OnePassOnCpu { get; init; } = true;

    /// <summary>float32(1 − β1), as Keras' <c>(gradient − m) * (1 − self.beta_1)</c> forms it.</summary>
    public float OneMinusBeta1 { get; }

    /// <summary>float32(1 − β2), likewise.</summary>
    public float OneMinusBeta2 { get; }

    public long Iterations => step;

    /// <summary>This step's α_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ) in float32, as TF computes it.</summary>
    public static float StepSize(float lr, float beta1, float beta2, long step)
    {
        float beta1Power = MathF.Pow(beta1, step);
        float beta2Power = MathF.Pow(beta2, step);
        return lr * MathF.Sqrt(1 - beta2Power) / (1 - beta1Power);
    }

    public void Step()
    {
        step++;
        float alpha = StepSize(lr, beta1, beta2, step);

        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int updatedInOnePass = 0;
        for (int i = 0; i < parameters.Count; i++)
        {
            var g = parameters[i].grad;
            if (g is null) continue;
            if (OnePassOnCpu && onePass[i] is { } buffers && TryUpdateInOnePass(buffers, g, alpha)) updatedInOnePass++;
            else UpdateWithTensorOps(parameters[i], m[i], v[i], g, alpha);
        }
        OnePassUpdates = updatedInOnePass;
    }

    /// <summary>How many tensors the last step updated in one pass (the rest took the tensor operations).</summary>
    internal int OnePassUpdates { get; private set; }

    /// <summary>
    /// On the CPU, for a float32 gradient laid out as its parameter: Keras' update_step op by op in one pass over memory
    /// (<see cref="KerasAdamKernel"/>). Anything else takes the tensor operations.
    /// </summary>
    bool TryUpdateInOnePass(OnePassBuffers buffers, Tensor g, float alpha)
    {
        if (g.device_type != DeviceType.CPU || g.dtype != ScalarType.Float32 || !g.stride().SequenceEqual(buffers.Strides)) return false;
        var gradient = MemoryOrder.View(g); // disposed with the step's scope
        if (gradient is null) return false;
        KerasAdamKernel.Update(MemoryOrder.Floats(buffers.Theta), MemoryOrder.Floats(buffers.M), MemoryOrder.Floats(buffers.V), MemoryOrder.Floats(gradient),
                               OneMinusBeta1, OneMinusBeta2, alpha, epsilon);
        return true;
    }

    /// <summary>The same update as fused in-place tensor operations (within float32 rounding of the op-by-op form).</summary>
    void UpdateWithTensorOps(Tensor theta, Tensor mi, Tensor vi, Tensor g, float alpha)
    {
        mi.lerp_(g, oneMinusBeta1);                      // m + (g − m)·(1 − β1)
        vi.mul_(keepV).addcmul_(g, g, oneMinusBeta2);     // v + (g² − v)·(1 − β2)
        var denominator = vi.sqrt().add_(epsilonScalar);  // √v + ε, before bias correction (Keras' ε-hat)
        theta.addcdiv_(mi, denominator, -alpha);          // θ − α_t·m/(√v + ε)
    }

    public void Dispose()
    {
        foreach (var buffers in onePass) buffers?.Dispose();
        foreach (var t in m.Concat(v)) t.Dispose();
        oneMinusBeta1.Dispose();
        oneMinusBeta2.Dispose();
        keepV.Dispose();
        epsilonScalar.Dispose();
    }
}
