namespace BenchSuite.Models;

/// <summary>
/// The useful arithmetic of a model: the multiply-adds of its Conv2D and Dense layers per image, and the flops of one
/// training step from them — the numerator of "what share of the machine's peak (its fastest dense product) does a
/// step reach" (README, <i>Throughput</i>). BatchNorm, activations, pooling, the loss and the optimizer are memory-bound passes and are
/// not counted, as is usual for such ratios.
/// </summary>
public static class ModelFlops
{
    /// <summary>
    /// Each Conv2D/Dense layer's multiply-adds for one image: output elements (from <see cref="ModelSummary"/>'s
    /// output shapes) × kernel weights per output channel.
    /// </summary>
    public static IReadOnlyList<(string Layer, long MultiplyAdds)> PerImage(KerasModel model) =>
        model.Layers.Zip(ModelSummary.Of(model).Layers)
            .Where(row => row.First.Module is IHasKernel)
            .Select(row =>
            {
                var kernel = ((IHasKernel)row.First.Module!).Kernel;
                long outputs = row.Second.OutputShape.Aggregate(1L, (a, b) => a * b);
                return (row.First.Name, outputs * (kernel.numel() / kernel.shape[0]));
            })
            .ToList();

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
