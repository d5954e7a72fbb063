using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// The post's "more layers" model, from its summary (a functional model with input "image"): three blocks of
/// [Conv2D → BN → Conv2D → BN → MaxPooling2D → Dropout] with 32, 64, 128 filters, then flat → full01 (Dense 512)
/// → bn → drop → classification (Dense 10, softmax). 1,345,066 parameters, 1,920 of them BatchNorm moving statistics.
/// Activations and dropout rates are not in the post: see <see cref="ModelOptions"/> for ours.
/// </summary>
internal static class DeepCnn
{
    public static readonly IReadOnlyList<string> HiddenKernelLayers = ["conv01", "conv01_2", "conv02", "conv02_2", "conv03_1", "conv03_2", "full01"];

    /// <param name="initializer">How Conv2D/Dense weights start; null: Keras' glorot_uniform and zeros.</param>
    public static KerasModel Build(ModelOptions o, IWeightInitializer? initializer = null)
    {
        var layers = new List<KerasLayer> { KerasLayer.Input("image") };
        AddBlock(layers, o, initializer, conv: "conv01", bn: "bn01", conv2: "conv01_2", bn2: "bn01_2", pool: "maxpool01", drop: "drop01", inChannels: 3, filters: 32);
        AddBlock(layers, o, initializer, conv: "conv02", bn: "bn02", conv2: "conv02_2", bn2: "bn02_2", pool: "maxpool02", drop: "drop02", inChannels: 32, filters: 64);
        AddBlock(layers, o, initializer, conv: "conv03_1", bn: "bn03", conv2: "conv03_2", bn2: "bn03_2", pool: "maxpool03", drop: "drop03", inChannels: 64, filters: 128);
        layers.AddRange(
        [
            new("flat", "Flatten", new KerasFlatten("flat")),
            new("full01", "Dense", new KerasDense("full01", 128 * 4 * 4, 512, o.Activation, initializer)),
            new("bn", "BatchNormalization", new KerasBatchNorm("bn", 512, o.BatchNormMomentum, o.BatchNormEpsilon)),
            new("drop", "Dropout", new KerasDropout("drop", o.DenseDropout)),
            new("classification", "Dense", new KerasDense("classification", 512, 10, "linear", initializer)),
        ]);
        return new KerasModel("deep", layers, o.KernelL2, Regularizers.From(o));
    }

    static void AddBlock(List<KerasLayer> layers, ModelOptions o, IWeightInitializer? initializer, string conv, string bn, string conv2, string bn2, string pool, string drop, long inChannels, long filters)
    {
        layers.AddRange(
        [
            new(conv, "Conv2D", new KerasConv2D(conv, inChannels, filters, o.Activation, initializer)),
            new(bn, "BatchNormalization", new KerasBatchNorm(bn, filters, o.BatchNormMomentum, o.BatchNormEpsilon)),
            new(conv2, "Conv2D", new KerasConv2D(conv2, filters, filters, o.Activation, initializer)),
            new(bn2, "BatchNormalization", new KerasBatchNorm(bn2, filters, o.BatchNormMomentum, o.BatchNormEpsilon)),
            new(pool, "MaxPooling2D", nn.MaxPool2d(2)),
            new(drop, "Dropout", new KerasDropout(drop, o.PoolDropout)),
        ]);
    }
}
