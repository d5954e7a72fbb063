using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Dense(units, activation=...)</c> with glorot_uniform kernel and zero bias (<see cref="KerasInitializer"/>, unless
/// another <see cref="IWeightInitializer"/> is handed in). A <c>softmax</c> output is
/// built as <c>linear</c>: the model returns logits and the loss is cross-entropy on them, which is what TF computes
/// for a Dense(softmax) output under categorical_crossentropy (it uses the layer's logits when it can).
/// <para>
/// The kernel keeps torch's [units, in] shape but lies in memory as Keras stores it, [in, units] row by row (the
/// transpose of a contiguous [in, units] tensor, as <see cref="ChannelsLast"/> does for Conv2D kernels). The values are
/// the ones the initializer drew in torch's order. The product is then x·W with W read row-major, which MKL computes
/// 15–20 % faster here than x·Wᵀ from a [units, in] kernel, for the same bits at 512 units (README, Throughput); its
/// gradient and Adam's moments take the same layout.
/// </para>
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
        {
            (initializer ?? KerasInitializer.Instance).Initialize(linear.weight!, linear.bias!);
            var unitsByIn = linear.weight!;
            linear.weight = new Parameter(KerasLayout(unitsByIn)); // the same values, stored [in, units]
            unitsByIn.Dispose();
        }
        RegisterComponents();
    }

    /// <summary>A [units, in] tensor laid out as the transpose of a contiguous [in, units] one.</summary>
    internal static Tensor KerasLayout(Tensor unitsByIn) => unitsByIn.t().contiguous().t();

    public Tensor Kernel => linear.weight!;
    public Tensor Bias => linear.bias!;

    public override Tensor forward(Tensor input) => Activation.Apply(activation, linear.forward(input));
}
