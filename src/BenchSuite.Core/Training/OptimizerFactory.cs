using BenchSuite.Configuration;
using BenchSuite.Models;
using TorchSharp.Modules;

namespace BenchSuite.Training;

public static class OptimizerFactory
{
    public static IOptimizer Create(OptimizerSettings settings, IEnumerable<Parameter> parameters) => settings.Kind switch
    {
        "keras-adam" => new KerasAdam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon),
        "torch-adam" => new TorchAdam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon),
        "adamw" => throw new ArgumentException("optimizer 'adamw' needs the model, to know which variables to decay: use Create(settings, model)."),
        _ => throw new ArgumentException($"Unknown optimizer '{settings.Kind}'. Allowed: {string.Join(", ", OptimizerSettings.Kinds)}."),
    };

    /// <summary>The optimizer for a model: as above, and for <c>adamw</c> Keras' Adam with decoupled weight decay.</summary>
    public static IOptimizer Create(OptimizerSettings settings, KerasModel model)
    {
        if (settings.Kind != "adamw") return Create(settings, model.parameters());
        var parameters = model.parameters().ToList();
        IReadOnlyList<TorchSharp.torch.Tensor> decayed = settings.WeightDecayOn switch
        {
            "all" => parameters, // Keras' default (nothing excluded) and torch's AdamW given model.parameters()
            "kernels" => model.Layers.Where(l => l.Module is IHasKernel).Select(l => ((IHasKernel)l.Module!).Kernel).ToList(),
            _ => throw new ArgumentException($"Unknown optimizer:weightDecayOn '{settings.WeightDecayOn}'. Allowed: {string.Join(", ", OptimizerSettings.WeightDecayTargets)}."),
        };
        var adam = new KerasAdam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon);
        return new DecoupledWeightDecay(decayed, settings.LearningRate, settings.WeightDecay, adam);
    }
}
