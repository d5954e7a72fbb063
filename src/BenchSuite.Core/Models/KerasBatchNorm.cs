using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>BatchNormalization()</c> over the channel axis (axis=-1 in NHWC is dim 1 in our NCHW), as Keras 2.14
/// computes it:
/// <list type="bullet">
/// <item>defaults momentum 0.99 and epsilon 1e-3, gamma 1, beta 0 (torch: momentum 0.1 in the opposite sense, eps 1e-5);</item>
/// <item><c>moving = momentum·moving + (1−momentum)·batch</c>;</item>
/// <item>the moving variance averages the <em>biased</em> batch variance. Keras' fused path (4-D input) removes the
/// Bessel correction TF's fused op applies, and its non-fused path (2-D input, after Dense) uses tf.nn.moments, which
/// is biased. Torch's BatchNorm averages the unbiased variance, off by n/(n−1): 32/31 for the Dense BN at batch 32.</item>
/// </list>
/// Training normalises with the batch statistics (biased variance) like both frameworks; inference uses the moving ones.
/// Buffers are only the moving mean and variance, which is what Keras counts as non-trainable parameters.
/// </summary>
public sealed class KerasBatchNorm : nn.Module<Tensor, Tensor>
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

    public override Tensor forward(Tensor input)
    {
        if (!training)
            return nn.functional.batch_norm(input, movingMean, movingVariance, gamma, beta, training: false, eps: epsilon);

        // Normalise with batch statistics; torch is given no running buffers so it updates nothing itself.
        var output = nn.functional.batch_norm(input, null, null, gamma, beta, training: true, eps: epsilon);
        using (no_grad())
        using (var scope = NewDisposeScope())
        {
            long[] reduce = input.dim() == 4 ? [0, 2, 3] : [0];
            var (variance, mean) = var_mean(input, reduce, unbiased: false);
            movingMean.mul_(momentum).add_(mean, alpha: 1 - momentum);
            movingVariance.mul_(momentum).add_(variance, alpha: 1 - momentum);
        }
        return output;
    }
}
