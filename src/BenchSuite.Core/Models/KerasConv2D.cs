using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Conv2D(filters, (3,3), padding='same', activation=...)</c>: 3×3 kernel, stride 1, zero padding 1,
/// glorot_uniform kernel and zero bias (Keras' defaults, <see cref="KerasInitializer"/>; torch's default init,
/// <see cref="TorchDefaultInitializer"/>, trains differently), then the activation inside the layer as Keras does.
/// The kernel is kept channels-last in memory like the activations (<see cref="ChannelsLast"/>).
/// </summary>
internal sealed class KerasConv2D : nn.Module<Tensor, Tensor>, IHasKernel
{
    readonly Conv2d conv;
    readonly string activation;

    /// <param name="initializer">null: Keras' (<see cref="KerasInitializer"/>).</param>
    public KerasConv2D(string name, long inChannels, long filters, string activation, IWeightInitializer? initializer = null) : base(name)
    {
        Activation.Validate(activation, name);
        this.activation = activation;
        conv = nn.Conv2d(inChannels, filters, kernel_size: 3, stride: 1, padding: 1);
        using (no_grad())
        {
            (initializer ?? KerasInitializer.Instance).Initialize(conv.weight!, conv.bias!);
            var nchw = conv.weight!;
            conv.weight = new Parameter(ChannelsLast.Of(nchw)); // the same values, laid out as the activations are
            nchw.Dispose();
        }
        RegisterComponents();
    }

    public Tensor Kernel => conv.weight!;
    public Tensor Bias => conv.bias!;

    public override Tensor forward(Tensor input) => Activation.Apply(activation, conv.forward(input));
}
