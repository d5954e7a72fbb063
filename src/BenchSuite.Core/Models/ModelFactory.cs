namespace BenchSuite.Models;

/// <summary>Builds a model from its options. Weights come from torch's global generator: seed it first.</summary>
public static class ModelFactory
{
    /// <param name="initializer">How Conv2D/Dense weights start; null: Keras' (<see cref="KerasInitializer"/>).</param>
    public static KerasModel Build(ModelOptions options, IWeightInitializer? initializer = null)
    {
        Runtime.TorchNative.EnsureLoaded();
        return options.Architecture switch
        {
            "shallow" => ShallowCnn.Build(options, initializer),
            "deep" => DeepCnn.Build(options, initializer),
            _ => throw new ArgumentException($"Unknown architecture '{options.Architecture}'. Allowed: {string.Join(", ", ModelOptions.Architectures)}."),
        };
    }

    /// <summary>Every layer with a kernel (Conv2D and Dense), classifier included: where a kernel regularizer may go.</summary>
    public static IReadOnlyList<string> KernelLayers(string architecture) => architecture switch
    {
        "shallow" => [.. ShallowCnn.HiddenKernelLayers, "dense_1"],
        "deep" => [.. DeepCnn.HiddenKernelLayers, "classification"],
        _ => throw new ArgumentException($"Unknown architecture '{architecture}'. Allowed: {string.Join(", ", ModelOptions.Architectures)}."),
    };

    /// <summary>Every BatchNormalization layer: where <c>model.batchNormRegularizers</c> may go.</summary>
    public static IReadOnlyList<string> BatchNormLayers(string architecture) => architecture switch
    {
        "shallow" => ["batch_normalization", "batch_normalization_1"],
        "deep" => ["bn01", "bn01_2", "bn02", "bn02_2", "bn03", "bn03_2", "bn"],
        _ => throw new ArgumentException($"Unknown architecture '{architecture}'. Allowed: {string.Join(", ", ModelOptions.Architectures)}."),
    };

    /// <summary>The Conv2D/Dense layers other than the classifier: where the documented runs put their L2.</summary>
    public static IReadOnlyList<string> HiddenKernelLayers(string architecture) => architecture switch
    {
        "shallow" => ShallowCnn.HiddenKernelLayers,
        "deep" => DeepCnn.HiddenKernelLayers,
        _ => throw new ArgumentException($"Unknown architecture '{architecture}'. Allowed: {string.Join(", ", ModelOptions.Architectures)}."),
    };
}
