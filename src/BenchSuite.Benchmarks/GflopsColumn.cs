using System.Collections.Concurrent;
using BenchmarkDotNet.Running;
using BenchSuite.Models;

namespace BenchSuite.Benchmarks;

/// <summary>
/// "GFLOP/s" = useful flops of one operation / mean time: 2·n³ for <see cref="GemmPeakBenchmarks"/>, outputs ×
/// channels × taps × 2 for <see cref="ConvolutionPeakBenchmarks"/>, the
/// Conv2D/Dense arithmetic of forward and backward (<see cref="ModelFlops.TrainingStep"/>) for
/// <see cref="TrainingStepBenchmarks"/>; "-" for the rest.
/// </summary>
sealed class GflopsColumn : RateColumn
{
    public override string Id => nameof(GflopsColumn);
    public override string ColumnName => "GFLOP/s";
    public override int PriorityInCategory => 1;
    public override string Legend => "Useful flops / mean time: 2·n³ for a GEMM, 2·outputs·channels·taps for a convolution; a training step's Conv2D/Dense forward, weight and input gradients (the first layer's input gradient excluded)";

    public override double? AmountPerOperation(BenchmarkCase benchmarkCase) => FlopsPerOperation(benchmarkCase) / 1e9;

    static readonly ConcurrentDictionary<(string, bool, int), double> StepFlops = new();

    /// <summary>Flops of one operation of a case, or null for benchmarks without a flop count.</summary>
    public static double? FlopsPerOperation(BenchmarkCase benchmarkCase)
    {
        object? Parameter(string name) => benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value;
        var type = benchmarkCase.Descriptor.Type;
        if (type == typeof(GemmPeakBenchmarks) && Parameter(nameof(GemmPeakBenchmarks.Size)) is int n)
            return 2.0 * n * n * n;
        if (type == typeof(ConvolutionPeakBenchmarks))
            return ConvolutionPeakBenchmarks.Flops(benchmarkCase.Descriptor.WorkloadMethod.Name);
        if (type == typeof(TrainingStepBenchmarks) && Parameter(nameof(TrainingStepBenchmarks.Architecture)) is string architecture
            && Parameter(nameof(TrainingStepBenchmarks.L2)) is bool l2 && Parameter(nameof(TrainingStepBenchmarks.BatchSize)) is int batch)
            return StepFlops.GetOrAdd((architecture, l2, batch), key =>
            {
                using var model = ModelFactory.Build(ShippedExperiments.Of(key.Item1, key.Item2).Model);
                return ModelFlops.TrainingStep(model, key.Item3);
            });
        return null;
    }
}
