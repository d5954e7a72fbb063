using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// torch's own Adam, for comparison with <see cref="KerasAdam"/>: θ −= lr·m̂/(√v̂ + ε). β1 and β2 are always
/// passed explicitly: some TorchSharp versions' <c>torch.optim.Adam</c> factory defaulted β2 to 0.99 (issue 952).
/// No weight_decay: the L2 of the documented runs is a loss term (see <see cref="L2Penalty"/>).
/// </summary>
internal sealed class TorchAdam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double learningRate, double beta1, double beta2, double epsilon) : IOptimizer
{
    readonly TorchSharp.Modules.Adam adam = optim.Adam(parameters, learningRate, beta1, beta2, epsilon, weight_decay: 0, amsgrad: false);

    public void Step() => adam.step();
    public void Dispose() => adam.Dispose();
}
