using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>One row of a Keras model: its Keras name and type, and the module that computes it (none for InputLayer).</summary>
public sealed record KerasLayer(string Name, string KerasType, nn.Module<Tensor, Tensor>? Module)
{
    public static KerasLayer Input(string name) => new(name, "InputLayer", null);
}

/// <summary>A kernel (or, in <see cref="KerasModel.RegularizedParameters"/>, a bias, γ or β) that carries Keras' L2 regularizer, and its strength.</summary>
internal sealed record RegularizedKernel(string LayerName, Tensor Kernel, double L2);

/// <summary>
/// A Keras-style sequential model: layers applied in order, each registered under its Keras name (so parameters
/// read <c>conv2d.conv.weight</c>, <c>batch_normalization.moving_mean</c>, …). The output is the classifier's logits.
/// </summary>
public sealed class KerasModel : nn.Module<Tensor, Tensor>
{
    readonly List<KerasLayer> layers;
    readonly IReadOnlyDictionary<string, double> activityL2;

    internal KerasModel(string name, IReadOnlyList<KerasLayer> layers, IReadOnlyDictionary<string, double> kernelL2, Regularizers? regularizers = null) : base(name)
    {
        this.layers = layers.ToList();
        foreach (var layer in layers.Where(l => l.Module is not null))
            register_module(layer.Name, layer.Module!);
        RegularizedKernels = ResolveRegularizers(layers, kernelL2);
        regularizers ??= Regularizers.None;
        RegularizedParameters = ResolveParameterRegularizers(layers, regularizers);
        activityL2 = ResolveActivityRegularizers(layers, regularizers.ActivityL2);
    }

    public IReadOnlyList<KerasLayer> Layers => layers;

    /// <summary>The kernels whose L2 penalty enters the loss, in layer order.</summary>
    internal IReadOnlyList<RegularizedKernel> RegularizedKernels { get; }

    /// <summary>Biases and BatchNorm γ/β whose L2 penalty enters the loss (none in the shipped experiments).</summary>
    internal IReadOnlyList<RegularizedKernel> RegularizedParameters { get; }

    /// <summary>Whether any activity regularizer is set (then each forward computes <see cref="ActivityPenalty"/>).</summary>
    public bool HasActivityRegularizers => activityL2.Count > 0;

    /// <summary>Σ l2·Σ output²/batch over the activity-regularized layers of the last forward; null when there are none.</summary>
    public Tensor? ActivityPenalty { get; private set; }

    public override Tensor forward(Tensor input)
    {
        // Intermediate activations are freed by the caller's DisposeScope (one per training step).
        var x = input.dim() == 4 ? ChannelsLast.Of(input) : input; // images: NHWC in memory from here on
        ActivityPenalty = null;
        foreach (var layer in layers)
        {
            if (layer.Module is null) continue;
            x = layer.Module.call(x);
            if (activityL2.Count > 0 && activityL2.TryGetValue(layer.Name, out double l2))
            {
                var term = x.square().sum().mul(l2).div(x.shape[0]); // Keras 2: activity loss / batch size
                ActivityPenalty = ActivityPenalty is null ? term : ActivityPenalty.add(term);
            }
        }
        return x;
    }

    static List<RegularizedKernel> ResolveParameterRegularizers(IReadOnlyList<KerasLayer> layers, Regularizers regularizers)
    {
        var byName = layers.Where(l => l.Module is not null).ToDictionary(l => l.Name);
        var result = new List<RegularizedKernel>();
        void Add(IReadOnlyDictionary<string, double> strengths, string what, Func<KerasLayer, bool> allowed, string[] suffixes)
        {
            foreach (var (layer, l2) in strengths)
            {
                if (!byName.TryGetValue(layer, out var found) || !allowed(found))
                    throw new ArgumentException($"{what} regularizer names layer '{layer}', which has none. Allowed: {string.Join(", ", byName.Values.Where(allowed).Select(l => l.Name))}.");
                if (!double.IsFinite(l2) || l2 < 0)
                    throw new ArgumentException($"{what} regularizer of layer '{layer}' is {l2}; the L2 strength must be a finite number >= 0.");
            }
            foreach (var layer in layers.Where(l => strengths.TryGetValue(l.Name, out var v) && v > 0))
                foreach (var (name, parameter) in layer.Module!.named_parameters().Where(p => suffixes.Any(s => p.name == s || p.name.EndsWith("." + s))))
                    result.Add(new RegularizedKernel($"{layer.Name}.{name}", parameter, strengths[layer.Name]));
        }
        Add(regularizers.BiasL2, "Bias", l => l.Module is IHasKernel, ["bias"]);
        Add(regularizers.BatchNormL2, "BatchNorm", l => l.Module is KerasBatchNorm, ["gamma", "beta"]);
        return result;
    }

    static Dictionary<string, double> ResolveActivityRegularizers(IReadOnlyList<KerasLayer> layers, IReadOnlyDictionary<string, double> activityL2)
    {
        var withKernel = layers.Where(l => l.Module is IHasKernel).Select(l => l.Name).ToList();
        foreach (var (layer, l2) in activityL2)
        {
            if (!withKernel.Contains(layer))
                throw new ArgumentException($"Activity regularizer names layer '{layer}', which is not a Conv2D or Dense layer of this model. Layers: {string.Join(", ", withKernel)}.");
            if (!double.IsFinite(l2) || l2 < 0)
                throw new ArgumentException($"Activity regularizer of layer '{layer}' is {l2}; the L2 strength must be a finite number >= 0.");
        }
        return activityL2.Where(p => p.Value > 0).ToDictionary();
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
