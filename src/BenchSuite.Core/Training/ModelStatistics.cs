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

    static Dictionary<string, double> PerLayer<TLayer>(KerasModel model, Func<TLayer, Tensor> statistic)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return model.Layers.Where(l => l.Module is TLayer).ToDictionary(
            l => l.Name,
            l => statistic((TLayer)(object)l.Module!).to(float64).item<double>());
    }
}
