using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras' defaults for Conv2D and Dense: <c>kernel_initializer="glorot_uniform"</c> (uniform in ±√(6/(fan_in + fan_out)))
/// and <c>bias_initializer="zeros"</c>. Draws from torch's global generator, after the layer's own construction drew
/// torch's default init (which this overwrites), exactly as the models always did.
/// </summary>
public sealed class KerasInitializer : IWeightInitializer
{
    public static readonly KerasInitializer Instance = new();

    KerasInitializer() { }

    public string Name => "keras";

    public void Initialize(Tensor kernel, Tensor bias)
    {
        nn.init.xavier_uniform_(kernel);
        nn.init.zeros_(bias);
    }
}
