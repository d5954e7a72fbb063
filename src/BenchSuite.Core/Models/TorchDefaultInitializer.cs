using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// torch's default initialisation of <c>nn.Conv2d</c> and <c>nn.Linear</c> (<c>reset_parameters</c> in
/// torch/nn/modules/conv.py and linear.py): <c>kaiming_uniform_(weight, a=√5)</c>, whose bound
/// gain·√(3/fan_in) with gain √(2/(1 + a²)) is 1/√fan_in, and a non-zero bias uniform in ±1/√fan_in
/// (fan_in = in_channels·kh·kw for Conv2D, in_features for Dense). What a port gets when it keeps torch's layers
/// as they come; for the gate's mutation catalogue.
/// </summary>
public sealed class TorchDefaultInitializer : IWeightInitializer
{
    public static readonly TorchDefaultInitializer Instance = new();

    TorchDefaultInitializer() { }

    public string Name => "torch-default";

    /// <summary>fan_in of a weight in torch's layout: the size of dim 1 times the receptive field (torch's _calculate_fan_in_and_fan_out).</summary>
    public static long FanIn(Tensor kernel) => kernel.shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    public void Initialize(Tensor kernel, Tensor bias)
    {
        nn.init.kaiming_uniform_(kernel, a: Math.Sqrt(5));
        double bound = 1 / Math.Sqrt(FanIn(kernel));
        nn.init.uniform_(bias, -bound, bound);
    }
}
