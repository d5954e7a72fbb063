using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Flatten()</c> on channels-last data: each image's features in (height, width, channel) order, as Keras
/// reshapes its NHWC tensor (keras/layers/reshaping/flatten.py: <c>tf.reshape(inputs, (batch, -1))</c> when
/// <c>data_format='channels_last'</c>). So the Dense kernel after it reads its inputs in Keras' order, and on the
/// model's channels-last activations (<see cref="ChannelsLast"/>) this is a view, not a copy — torch's
/// <c>nn.Flatten</c> would give (channel, height, width) order and copy the tensor.
/// </summary>
internal sealed class KerasFlatten : nn.Module<Tensor, Tensor>
{
    public KerasFlatten(string name) : base(name) { }

    public override Tensor forward(Tensor input) => input.permute(0, 2, 3, 1).flatten(1);
}
