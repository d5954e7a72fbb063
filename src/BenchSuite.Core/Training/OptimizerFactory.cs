using BenchSuite.Configuration;
using TorchSharp.Modules;

namespace BenchSuite.Training;

public static class OptimizerFactory
{
    public static IOptimizer Create(OptimizerSettings settings, IEnumerable<Parameter> parameters) => settings.Kind switch
    {
        "keras-adam" => new KerasAdam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon),
        "torch-adam" => new TorchAdam(parameters, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Epsilon),
        _ => throw new ArgumentException($"Unknown optimizer '{settings.Kind}'. Allowed: {string.Join(", ", OptimizerSettings.Kinds)}."),
    };
}
