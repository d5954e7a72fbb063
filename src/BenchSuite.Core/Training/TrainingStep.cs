using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>The losses of one step, still tensors (reading them is a sync point on GPU: the caller decides when).</summary>
public readonly record struct StepLosses(Tensor Loss, Tensor DataLoss, Tensor Penalty, Tensor Logits);

/// <summary>
/// One Keras training step: forward, categorical cross-entropy on the logits (mean over the batch), plus the L2
/// penalty of the regularized kernels (Keras adds it to the loss; its gradient is added here without autograd, see
/// <see cref="L2Penalty.AddGradients"/>), backward, optimizer update. The harness and the throughput benchmarks
/// run exactly this, so "bare step" and "harness" differ only in what surrounds it. Call inside a DisposeScope.
/// </summary>
public sealed class TrainingStep(KerasModel model, IOptimizer optimizer)
{
    public StepLosses Run(Tensor images, Tensor labels)
    {
        // forward
        var logits = model.call(images);
        var dataLoss = nn.functional.cross_entropy(logits, labels);
        // the activity regularizer (if any) depends on the activations: it is differentiated with the data loss
        var activity = model.ActivityPenalty;
        var differentiated = activity is null ? dataLoss : dataLoss.add(activity);

        // backward: the data loss through autograd; the weights' L2 gradient (2·l2·w) added to theirs directly
        model.zero_grad();
        differentiated.backward();
        var weightPenalty = L2Penalty.AddGradients(L2Penalty.RegularizedWeights(model));
        var penalty = activity is null ? weightPenalty : weightPenalty.add(activity.detach());

        // update
        optimizer.Step();
        return new StepLosses(dataLoss.detach().add(penalty), dataLoss, penalty, logits);
    }
}
