using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// The useful arithmetic of a model: the multiply-adds of its Conv2D and Dense layers per image, and the flops of one
/// training step from them — the numerator of "what share of the machine's peak (its fastest dense product) does a step reach" (README,
/// <i>Throughput</i>). BatchNorm, activations, pooling, the loss and the optimizer are memory-bound passes and are
/// not counted, as is usual for such ratios.
/// </summary>
public static class ModelFlops
{
    /// <summary>Each Conv2D/Dense layer's multiply-adds for one image: output elements × kernel weights per output channel.</summary>
    public static IReadOnlyList<(string Layer, long MultiplyAdds)> PerImage(KerasModel model, long channels = 3, long height = 32, long width = 32)
    {
        bool wasTraining = model.training;
        model.eval(); // shapes only: no dropout, no BatchNorm statistics moved
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var x = zeros(1, channels, height, width);
            x = ChannelsLast.Of(x);
            var result = new List<(string, long)>();
            foreach (var layer in model.Layers)
            {
                if (layer.Module is null) continue;
                x = layer.Module.call(x);
                if (layer.Module is IHasKernel k)
                    result.Add((layer.Name, x.numel() * (k.Kernel.numel() / k.Kernel.shape[0])));
            }
            return result;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>
    /// Flops of one training step on a batch: forward, the weight gradients and the input gradients each 2 flops per
    /// multiply-add, except that the first layer computes no input gradient (the images need none).
    /// </summary>
    public static double TrainingStep(KerasModel model, int batchSize)
    {
        var layers = PerImage(model);
        long all = layers.Sum(l => l.MultiplyAdds);
        long inputGradients = all - (layers.Count > 0 ? layers[0].MultiplyAdds : 0);
        return 2.0 * batchSize * (all + all + inputGradients);
    }
}
