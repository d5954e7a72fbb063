namespace BenchSuite.Models;

/// <summary>
/// The regularizers other than the kernels' (which the documented runs use and <see cref="KerasModel.RegularizedKernels"/>
/// carries): L2 on biases, on BatchNorm γ and β, and on layer outputs. All empty by default.
/// </summary>
internal sealed record Regularizers(IReadOnlyDictionary<string, double> BiasL2, IReadOnlyDictionary<string, double> BatchNormL2, IReadOnlyDictionary<string, double> ActivityL2)
{
    public static readonly Regularizers None = new(new Dictionary<string, double>(), new Dictionary<string, double>(), new Dictionary<string, double>());

    public static Regularizers From(ModelOptions options) => new(options.BiasL2, options.BatchNormL2, options.ActivityL2);

    public bool Any => BiasL2.Values.Any(v => v > 0) || BatchNormL2.Values.Any(v => v > 0) || ActivityL2.Values.Any(v => v > 0);
}
