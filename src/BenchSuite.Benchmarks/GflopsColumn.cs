using System.Collections.Concurrent;
using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchSuite.Models;

namespace BenchSuite.Benchmarks;

/// <summary>
/// "GFLOP/s" = useful flops of one operation / mean time: 2·n³ for <see cref="GemmPeakBenchmarks"/>, outputs ×
/// channels × taps × 2 for <see cref="ConvolutionPeakBenchmarks"/>, the
/// Conv2D/Dense arithmetic of forward and backward (<see cref="ModelFlops.TrainingStep"/>) for
/// <see cref="TrainingStepBenchmarks"/>; "-" for the rest.
/// </summary>
sealed class GflopsColumn : IColumn
{
    public string Id => nameof(GflopsColumn);
    public string ColumnName => "GFLOP/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Useful flops / mean time: 2·n³ for a GEMM, 2·outputs·channels·taps for a convolution; a training step's Conv2D/Dense forward, weight and input gradients (the first layer's input gradient excluded)";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => FlopsPerOperation(c) is not null);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Gflops(summary, benchmarkCase) is { } value ? value.ToString("N1", style.CultureInfo ?? CultureInfo.InvariantCulture) : "-";

    /// <summary>GFLOP/s of a measured case (from its mean), or null when it has no flop count or no result.</summary>
    public static double? Gflops(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return FlopsPerOperation(benchmarkCase) is { } flops && stats is { Mean: > 0 } ? flops / stats.Mean : null; // flops per ns = GFLOP/s
    }

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
