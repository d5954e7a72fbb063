using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Dense(units, activation=...)</c> with glorot_uniform kernel and zero bias (<see cref="KerasInitializer"/>, unless
/// another <see cref="IWeightInitializer"/> is handed in). A <c>softmax</c> output is
/// built as <c>linear</c>: the model returns logits and the loss is cross-entropy on them, which is what TF computes
/// for a Dense(softmax) output under categorical_crossentropy (it uses the layer's logits when it can).
/// </summary>
internal sealed class KerasDense : nn.Module<Tensor, Tensor>, IHasKernel
{
    readonly Linear linear;
    readonly string activation;

    /// <param name="initializer">null: Keras' (<see cref="KerasInitializer"/>).</param>
    public KerasDense(string name, long inFeatures, long units, string activation, IWeightInitializer? initializer = null) : base(name)
    {
        Activation.Validate(activation, name);
        this.activation = activation;
        linear = nn.Linear(inFeatures, units);
        using (no_grad())
            (initializer ?? KerasInitializer.Instance).Initialize(linear.weight!, linear.bias!);
        RegisterComponents();
    }

    public Tensor Kernel => linear.weight!;
    public Tensor Bias => linear.bias!;

    public override Tensor forward(Tensor input) => Activation.Apply(activation, linear.forward(input));
}
