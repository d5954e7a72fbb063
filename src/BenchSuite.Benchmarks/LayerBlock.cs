using BenchSuite.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// A contiguous run of a model's layers measured on its own: a Conv2D or Dense with the BatchNormalization after it,
/// a MaxPooling2D, a Dropout, or the classifier (the last Dense). Derived from <see cref="KerasModel.Layers"/>, so a new layer
/// in a model shows up here without edits.
/// </summary>
sealed record LayerBlock(string Architecture, IReadOnlyList<string> LayerNames)
{
    public string Id => Architecture + "/" + string.Join("+", LayerNames);

    /// <summary>Every block of both models, in layer order.</summary>
    public static IReadOnlyList<LayerBlock> All { get; } = ModelOptions.Architectures.SelectMany(Of).ToList();

    public static LayerBlock Parse(string id) =>
        All.FirstOrDefault(b => b.Id == id) ?? throw new ArgumentException($"Unknown layer block '{id}'. Known: {string.Join(", ", All.Select(b => b.Id))}.");

    public static IEnumerable<LayerBlock> Of(string architecture)
    {
        Runtime.TorchNative.EnsureLoaded();
        using var model = ModelFactory.Build(ShippedExperiments.Of(architecture).Model);
        var layers = model.Layers;
        for (int i = 0; i < layers.Count; i++)
        {
            var type = layers[i].KerasType;
            bool batchNormNext = i + 1 < layers.Count && layers[i + 1].KerasType == "BatchNormalization";
            if (type is "Conv2D" or "Dense" && batchNormNext)
                yield return new LayerBlock(architecture, [layers[i].Name, layers[++i].Name]);
            else if (type is "MaxPooling2D" or "Dropout" || (type == "Dense" && i == layers.Count - 1))
                yield return new LayerBlock(architecture, [layers[i].Name]);
        }
    }

    public IReadOnlyList<nn.Module<Tensor, Tensor>> Modules(KerasModel model) =>
        LayerNames.Select(name => model.Layers.Single(l => l.Name == name).Module
                                  ?? throw new InvalidOperationException($"Layer {name} computes nothing.")).ToList();

    /// <summary>True when no computing layer precedes the block (its input is the images).</summary>
    public bool StartsAtInput(KerasModel model) =>
        model.Layers.TakeWhile(l => l.Name != LayerNames[0]).All(l => l.Module is null);

    /// <summary>
    /// A random input of the block's shape for a batch, laid out as the model lays out its activations there: 4-D
    /// ones channels-last (NHWC in memory, which the model's forward sets up for the images and every later
    /// operator keeps; a block fed NCHW would time other kernels than a training step runs).
    /// </summary>
    public Tensor Input(KerasModel model, int batchSize, Device device)
    {
        var shape = InputShape(model, batchSize, device);
        using var nchw = rand(shape, device: device);
        return shape.Length == 4 ? ChannelsLastCopy.Of(nchw) : nchw.clone();
    }

    /// <summary>The block's input shape for a batch: a zero batch run (eval mode, no grad) through the layers before it.</summary>
    long[] InputShape(KerasModel model, int batchSize, Device device)
    {
        bool training = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var x = zeros(batchSize, 3, 32, 32, device: device);
            foreach (var layer in model.Layers.TakeWhile(l => l.Name != LayerNames[0]))
                if (layer.Module is not null) x = layer.Module.call(x);
            return x.shape;
        }
        finally
        {
            model.train(training);
        }
    }
}
