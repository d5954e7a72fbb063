using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>One row of a Keras model: its Keras name and type, and the module that computes it (none for InputLayer).</summary>
public sealed record KerasLayer(string Name, string KerasType, nn.Module<Tensor, Tensor>? Module)
{
    public static KerasLayer Input(string name) => new(name, "InputLayer", null);
}

/// <summary>A kernel that carries Keras' L2 regularizer, and its strength.</summary>
public sealed record RegularizedKernel(string LayerName, Tensor Kernel, double L2);

/// <summary>
/// A Keras-style sequential model: layers applied in order, each registered under its Keras name (so parameters
/// read <c>conv2d.conv.weight</c>, <c>batch_normalization.moving_mean</c>, …). The output is the classifier's logits.
/// </summary>
public sealed class KerasModel : nn.Module<Tensor, Tensor>
{
    readonly List<KerasLayer> layers;

    public KerasModel(string name, IReadOnlyList<KerasLayer> layers, IReadOnlyDictionary<string, double> kernelL2) : base(name)
    {
        this.layers = layers.ToList();
        foreach (var layer in layers.Where(l => l.Module is not null))
            register_module(layer.Name, layer.Module!);
        RegularizedKernels = ResolveRegularizers(layers, kernelL2);
    }

    public IReadOnlyList<KerasLayer> Layers => layers;

    /// <summary>The kernels whose L2 penalty enters the loss, in layer order.</summary>
    public IReadOnlyList<RegularizedKernel> RegularizedKernels { get; }

    public override Tensor forward(Tensor input)
    {
        // Intermediate activations are freed by the caller's DisposeScope (one per training step).
        var x = input;
        foreach (var layer in layers)
            if (layer.Module is not null)
                x = layer.Module.call(x);
        return x;
    }

    static List<RegularizedKernel> ResolveRegularizers(IReadOnlyList<KerasLayer> layers, IReadOnlyDictionary<string, double> kernelL2)
    {
        var withKernel = layers.Where(l => l.Module is IHasKernel).ToDictionary(l => l.Name, l => ((IHasKernel)l.Module!).Kernel);
        foreach (var (layer, l2) in kernelL2)
        {
            if (!withKernel.ContainsKey(layer))
                throw new ArgumentException($"Kernel regularizer names layer '{layer}', which is not a Conv2D or Dense layer of this model. " +
                                            $"Layers with a kernel: {string.Join(", ", withKernel.Keys)}.");
            if (!double.IsFinite(l2) || l2 < 0)
                throw new ArgumentException($"Kernel regularizer of layer '{layer}' is {l2}; the L2 strength must be a finite number >= 0.");
        }
        return layers.Where(l => kernelL2.ContainsKey(l.Name) && kernelL2[l.Name] > 0)
                     .Select(l => new RegularizedKernel(l.Name, withKernel[l.Name], kernelL2[l.Name]))
                     .ToList();
    }
}
