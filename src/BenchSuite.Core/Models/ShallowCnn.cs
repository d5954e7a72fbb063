using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// The seed post's model, layer for layer (Keras Sequential; names as in its first summary):
/// conv2d → batch_normalization → max_pooling2d → flatten → dense → batch_normalization_1 → dropout → dense_1.
/// 4,203,018 parameters, 1,088 of them the BatchNorm moving statistics.
/// </summary>
internal static class ShallowCnn
{
    public static readonly IReadOnlyList<string> HiddenKernelLayers = ["conv2d", "dense"];

    /// <param name="initializer">How Conv2D/Dense weights start; null: Keras' glorot_uniform and zeros.</param>
    public static KerasModel Build(ModelOptions options, IWeightInitializer? initializer = null) => new("shallow",
    [
        new("conv2d", "Conv2D", new KerasConv2D("conv2d", 3, 32, options.Activation, initializer)),
        new("batch_normalization", "BatchNormalization", new KerasBatchNorm("batch_normalization", 32, options.BatchNormMomentum, options.BatchNormEpsilon)),
        new("max_pooling2d", "MaxPooling2D", nn.MaxPool2d(2)),
        new("flatten", "Flatten", new KerasFlatten("flatten")),
        new("dense", "Dense", new KerasDense("dense", 32 * 16 * 16, 512, options.Activation, initializer)),
        new("batch_normalization_1", "BatchNormalization", new KerasBatchNorm("batch_normalization_1", 512, options.BatchNormMomentum, options.BatchNormEpsilon)),
        new("dropout", "Dropout", new KerasDropout("dropout", options.DenseDropout)),
        new("dense_1", "Dense", new KerasDense("dense_1", 512, 10, "linear", initializer)),
    ], options.KernelL2, Regularizers.From(options));
}
