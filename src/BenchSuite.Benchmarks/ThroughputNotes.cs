using System.Globalization;
using BenchmarkDotNet.Reports;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What a table cannot say by itself, because BenchmarkDotNet summarises each class apart: whether augmentation
/// keeps ≥ 5× ahead of the training step, and what share of this run's peak (its fastest dense product) each
/// training step's useful arithmetic reaches.
/// Printed, not asserted (a benchmark run reports; 'benchsuite bench compare' judges).
/// </summary>
static class ThroughputNotes
{
    const double RequiredHeadroom = 5;
    static readonly ImagesPerSecondColumn ImagesPerSecond = new();

    public static void Print(IReadOnlyList<Summary> summaries)
    {
        PrintAugmentationHeadroom(summaries);
        PrintShareOfPeak(summaries);
    }

    /// <summary>
    /// The peak is the fastest of this run's dense products (libtorch's BLAS GEMM, oneDNN's convolutions), each from
    /// its median; every CPU training step's GFLOP/s from its median too, so one slow iteration moves neither.
    /// Measured in one run, the peak and the steps are minutes apart, not a session apart: the host's speed moves
    /// between sittings.
    /// </summary>
    static void PrintShareOfPeak(IReadOnlyList<Summary> summaries)
    {
        var measured = summaries
            .SelectMany(s => s.Reports.Where(r => r.Success && r.ResultStatistics is { Median: > 0 }))
            .Select(r => (r.BenchmarkCase, Flops: GflopsColumn.FlopsPerOperation(r.BenchmarkCase), Median: r.ResultStatistics!.Median))
            .Where(x => x.Flops is not null)
            .Select(x => (x.BenchmarkCase, Gflops: x.Flops!.Value / x.Median))
            .ToList();
        var products = measured.Where(x => x.BenchmarkCase.Descriptor.Type == typeof(GemmPeakBenchmarks) || x.BenchmarkCase.Descriptor.Type == typeof(ConvolutionPeakBenchmarks)).ToList();
        var steps = measured.Where(x => x.BenchmarkCase.Descriptor.Type == typeof(TrainingStepBenchmarks)
                                        && x.BenchmarkCase.Parameters.Items.Any(p => p.Name == nameof(TrainingStepBenchmarks.Device) && "cpu".Equals(p.Value))).ToList();
        if (products.Count == 0 || steps.Count == 0) return;

        var peak = products.MaxBy(x => x.Gflops);
        string each = string.Join(", ", products.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.BenchmarkCase.Descriptor.WorkloadMethod.Name} {g.Gflops:N0}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Peak of this run: {peak.Gflops:N0} GFLOP/s, the fastest dense product ({each}; medians). Training steps, useful GFLOP/s (median; the table's column is from the mean) and share of that peak:"));
        foreach (var (step, gflops) in steps)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"//   {step.Parameters.DisplayInfo}: {gflops:N0} GFLOP/s = {gflops / peak.Gflops:P0}"));
    }

    static void PrintAugmentationHeadroom(IReadOnlyList<Summary> summaries)
    {
        var measured = summaries
            .SelectMany(s => s.Reports.Where(r => r.Success).Select(r => (r.BenchmarkCase, Rate: ImagesPerSecond.Rate(s, r.BenchmarkCase))))
            .Where(x => x.Rate is not null)
            .ToList();
        var augmentation = measured.Where(x => x.BenchmarkCase.Descriptor.Type == typeof(AugmentationBenchmarks)).Select(x => x.Rate!.Value).ToList();
        var steps = measured.Where(x => x.BenchmarkCase.Descriptor.Type == typeof(TrainingStepBenchmarks)).ToList();
        if (augmentation.Count == 0 || steps.Count == 0) return;

        var fastest = steps.MaxBy(x => x.Rate)!;
        double ratio = augmentation.Max() / fastest.Rate!.Value;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Augmentation: {augmentation.Max():N0} images/s = {ratio:0.0}x the fastest training step ({fastest.BenchmarkCase.Parameters.DisplayInfo}, " +
            $"{fastest.Rate:N0} images/s): {(ratio >= RequiredHeadroom ? "OK" : "BELOW")} the required {RequiredHeadroom}x."));
    }
}
