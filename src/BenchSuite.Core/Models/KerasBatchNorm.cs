using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>BatchNormalization()</c> over the channel axis (axis=-1 in NHWC is dim 1 in our NCHW), as Keras 2.14
/// computes it:
/// <list type="bullet">
/// <item>defaults momentum 0.99 and epsilon 1e-3, gamma 1, beta 0 (torch: momentum 0.1 in the opposite sense, eps 1e-5);</item>
/// <item><c>moving = momentum·moving + (1−momentum)·batch</c>;</item>
/// <item>the moving variance averages the <em>Bessel-corrected</em> batch variance n/(n−1)·σ²_biased for 4-D input
/// (after Conv2D), and the <em>biased</em> one for 2-D input (after Dense). Keras 2.14 uses TF's fused op for rank 4
/// (keras/layers/normalization/batch_normalization.py at tag v2.14.0, lines 352–366: <c>fused = rank in (4, 5)</c>).
/// That op returns, in training, <c>new_variance = (1 − f)·old + (f·rest_size_adjust)·batch_variance</c> with
/// <c>rest_size_adjust = n/(n−1)</c>, n = N·H·W (tensorflow/core/kernels/fused_batch_norm_op.cc,
/// <c>FusedBatchNorm&lt;CPUDevice, T, U, true&gt;</c>). Keras would remove that correction
/// in <c>_maybe_add_or_remove_bessels_correction</c> (lines 942–961, applied at 993–995), but it returns the variance
/// unchanged when <c>self._bessels_correction_test_only</c> is True, which <c>__init__</c> always sets (line 243):
/// the corrected variance is what is stored (lines 1028–1038). The 2-D path computes <c>tf.nn.moments</c> (line 1136),
/// which is biased, and averages that. Torch's BatchNorm stores the unbiased variance for every rank.</item>
/// </list>
/// Training normalises with the batch statistics (biased variance) like both frameworks; inference uses the moving ones.
/// Buffers are only the moving mean and variance, which is what Keras counts as non-trainable parameters.
/// </summary>
internal sealed class KerasBatchNorm : nn.Module<Tensor, Tensor>
{
    public const double KerasMomentum = 0.99;
    public const double KerasEpsilon = 1e-3;

    readonly TorchSharp.Modules.Parameter gamma;
    readonly TorchSharp.Modules.Parameter beta;
    readonly Tensor movingMean;
    readonly Tensor movingVariance;
    readonly double momentum;
    readonly double epsilon;

    public KerasBatchNorm(string name, long features, double momentum = KerasMomentum, double epsilon = KerasEpsilon) : base(name)
    {
        if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"{name}: BatchNormalization momentum must lie in [0, 1] (Keras default 0.99).");
        if (epsilon <= 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"{name}: BatchNormalization epsilon must be > 0 (Keras default 1e-3).");
        this.momentum = momentum;
        this.epsilon = epsilon;
        gamma = nn.Parameter(ones(features));
        beta = nn.Parameter(zeros(features));
        movingMean = zeros(features);
        movingVariance = ones(features);
        register_parameter("gamma", gamma);
        register_parameter("beta", beta);
        register_buffer("moving_mean", movingMean);
        register_buffer("moving_variance", movingVariance);
    }

    public Tensor MovingMean => movingMean;
    public Tensor MovingVariance => movingVariance;
    public Tensor Gamma => gamma;

    public override Tensor forward(Tensor input)
    {
        if (!training)
            return nn.functional.batch_norm(input, movingMean, movingVariance, gamma, beta, training: false, eps: epsilon);

        // 4-D (Keras' fused path): the moving variance averages the Bessel-corrected batch variance, which is what
        // torch's batch_norm stores in its running buffers; its momentum is the weight of the batch, 1 − Keras'.
        // One pass computes the statistics, normalises and updates the buffers.
        if (input.dim() == 4)
            return nn.functional.batch_norm(input, movingMean, movingVariance, gamma, beta, training: true, momentum: 1 - momentum, eps: epsilon);

        // 2-D (after Dense): Keras averages tf.nn.moments' biased variance, torch would store the unbiased one, so
        // torch is given no running buffers and the moving statistics are updated here.
        var output = nn.functional.batch_norm(input, null, null, gamma, beta, training: true, eps: epsilon);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            var (variance, mean) = var_mean(input, [0], unbiased: false);
            movingMean.mul_(momentum).add_(mean, alpha: 1 - momentum);
            movingVariance.mul_(momentum).add_(variance, alpha: 1 - momentum);
        }
        return output;
    }
}
