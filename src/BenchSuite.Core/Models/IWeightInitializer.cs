using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// How a Conv2D or Dense layer's weights start: Keras' (<see cref="KerasInitializer"/>, every model's default) or
/// torch's own (<see cref="TorchDefaultInitializer"/>, a slip of a port that keeps torch's layers as they come). A
/// part handed to the model builder, not a switch in it.
/// </summary>
public interface IWeightInitializer
{
    /// <summary>Short name, as the gate's mutation catalogue and messages show it.</summary>
    string Name { get; }

    /// <summary>Fills a layer's weights in place (the caller holds <c>no_grad</c>).</summary>
    /// <param name="kernel">torch's layout: [out, in, kh, kw] for Conv2D, [out, in] for Dense.</param>
    /// <param name="bias">[out].</param>
    void Initialize(Tensor kernel, Tensor bias);
}
