using System.Globalization;
using BenchmarkDotNet.Reports;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What a table cannot say by itself: whether augmentation keeps ≥ 5× ahead of the training step. Printed, not
/// asserted (a benchmark run reports; 'benchsuite bench compare' judges).
/// </summary>
static class ThroughputNotes
{
    const double RequiredHeadroom = 5;

    public static void Print(IReadOnlyList<Summary> summaries)
    {
        var measured = summaries
            .SelectMany(s => s.Reports.Where(r => r.Success).Select(r => (r.BenchmarkCase, Rate: ImagesPerSecondColumn.ImagesPerSecond(s, r.BenchmarkCase))))
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
