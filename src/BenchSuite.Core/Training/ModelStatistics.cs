using BenchSuite.Models;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>Per-layer statistics of a model's state, read after an epoch into <see cref="Results.EpochMetrics"/>.</summary>
internal static class ModelStatistics
{
    /// <summary>‖kernel‖₂ of every Conv2D/Dense layer.</summary>
    public static Dictionary<string, double> KernelNorms(KerasModel model) =>
        PerLayer<IHasKernel>(model, l => l.Kernel.norm());

    /// <summary>‖bias‖₂ of every Conv2D/Dense layer.</summary>
    public static Dictionary<string, double> BiasNorms(KerasModel model) =>
        PerLayer<IHasKernel>(model, l => l.Bias.norm());

    /// <summary>The mean of every BatchNormalization layer's moving variance.</summary>
    public static Dictionary<string, double> MovingVariances(KerasModel model) =>
        PerLayer<KerasBatchNorm>(model, l => l.MovingVariance.mean());

    /// <summary>
    /// The variance floor ε the BatchNormalization layers add in inference, y = γ·(x − m)/√(v + ε) + β, read from
    /// what they compute rather than from their settings: each layer, in inference mode, is given its moving mean m
    /// and m + 1 per channel, and ε = (γ / (y₁ − y₀))² − v per channel; the median over every channel of every layer
    /// (a channel whose γ is 0 tells nothing and is left out). It is a property of the layers' arithmetic, so it
    /// hardly varies between seeds, and a port's ε (torch's 10⁻⁵ for Keras' 10⁻³), which moves a short run's metrics
    /// by less than their seed spread, moves it by 10⁻³. Null for a model without BatchNormalization. The layers'
    /// state and mode are left as they were.
    /// </summary>
    public static double? BatchNormEpsilon(KerasModel model)
    {
        var layers = model.Layers.Select(l => l.Module).OfType<KerasBatchNorm>().ToList();
        if (layers.Count == 0) return null;
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var perChannel = new List<Tensor>();
        foreach (var layer in layers)
        {
            bool training = layer.training;
            layer.eval();
            try
            {
                var m = layer.MovingMean.unsqueeze(0);        // [1, C]: one sample, its channels at the moving mean
                var x1 = m + 1;
                var delta = (x1.to(float64) - m.to(float64)).squeeze(0); // the step the layer sees, as rounded in float32
                var dy = (layer.call(x1).to(float64) - layer.call(m).to(float64)).squeeze(0);
                var gamma = layer.Gamma.detach().to(float64);
                var variance = layer.MovingVariance.to(float64);
                var epsilon = (gamma * delta / dy).square() - variance;
                var known = dy.ne(0).logical_and(gamma.ne(0));
                perChannel.Add(epsilon.masked_select(known));
            }
            finally
            {
                layer.train(training);
            }
        }
        var all = cat(perChannel);
        return all.numel() == 0 ? double.NaN : all.quantile(0.5).item<double>();
    }

    static Dictionary<string, double> PerLayer<TLayer>(KerasModel model, Func<TLayer, Tensor> statistic)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return model.Layers.Where(l => l.Module is TLayer).ToDictionary(
            l => l.Name,
            l => statistic((TLayer)(object)l.Module!).to(float64).item<double>());
    }
}
