using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Dense(units, activation=...)</c> with glorot_uniform kernel and zero bias. A <c>softmax</c> output is
/// built as <c>linear</c>: the model returns logits and the loss is cross-entropy on them, which is what TF computes
/// for a Dense(softmax) output under categorical_crossentropy (it uses the layer's logits when it can).
/// </summary>
internal sealed class KerasDense : nn.Module<Tensor, Tensor>, IHasKernel
{
    readonly Linear linear;
    readonly string activation;

    public KerasDense(string name, long inFeatures, long units, string activation) : base(name)
    {
        Activation.Validate(activation, name);
        this.activation = activation;
        linear = nn.Linear(inFeatures, units);
        using (no_grad())
        {
            nn.init.xavier_uniform_(linear.weight!);
            nn.init.zeros_(linear.bias!);
        }
        RegisterComponents();
    }

    public Tensor Kernel => linear.weight!;

    public override Tensor forward(Tensor input) => Activation.Apply(activation, linear.forward(input));
}
