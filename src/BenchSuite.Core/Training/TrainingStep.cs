using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>The losses of one step, still tensors (reading them is a sync point on GPU: the caller decides when).</summary>
public readonly record struct StepLosses(Tensor Loss, Tensor DataLoss, Tensor Penalty, Tensor Logits);

/// <summary>
/// One Keras training step: forward, categorical cross-entropy on the logits (mean over the batch), plus the L2
/// penalty of the regularized kernels, backward, optimizer update. The harness and the throughput benchmarks
/// run exactly this, so "bare step" and "harness" differ only in what surrounds it. Call inside a DisposeScope.
/// </summary>
public sealed class TrainingStep(KerasModel model, IOptimizer optimizer)
{
    public StepLosses Run(Tensor images, Tensor labels)
    {
        var logits = model.call(images);
        var dataLoss = nn.functional.cross_entropy(logits, labels);
        var penalty = L2Penalty.Total(model);
        var loss = dataLoss.add(penalty);

        model.zero_grad();
        loss.backward();
        optimizer.Step();
        return new StepLosses(loss, dataLoss, penalty, logits);
    }
}
