using BenchSuite.Reports;
using BenchSuite.Results;
using Shouldly;

namespace BenchSuite.Tests.Reports;

/// <summary>The report's kernel table: per kernel, the median effective step of the last epoch, mean over seeds.</summary>
[Trait("Category", "unit")]
public class KernelTableTests
{
    static RunRecord WithCurve(long seed, double[] lastEpochSteps)
    {
        int points = 2 + lastEpochSteps.Length; // two points in epoch 1 (which must not count), then the last epoch's
        int[] epoch = [1, 1, .. lastEpochSteps.Select(_ => 2)];
        double[] steps = [9.0, 9.0, .. lastEpochSteps];
        return SampleRecords.Run(seed, 2.0, 1.9) with
        {
            Curve = new TrainingCurve
            {
                EverySteps = 1, StepsPerEpoch = points, Step = Enumerable.Range(1, points).ToArray(), Epoch = epoch,
                Loss = new double[points], DataLoss = new double[points], Penalty = new double[points], Accuracy = new double[points],
                InitialKernelNorms = new Dictionary<string, double> { ["dense"] = 1 },
                KernelNorms = new Dictionary<string, double[]> { ["dense"] = Enumerable.Repeat(1.0, points).ToArray() },
                KernelRelativeChange = new Dictionary<string, double[]> { ["dense"] = steps },
            },
        };
    }

    [Fact]
    public void The_last_epochs_median_step_is_the_mean_of_the_middle_two_for_an_even_count()
    {
        // Last epoch 0.001, 0.004, 0.002, 0.003: median 0.0025 (the upper middle value, 0.003, was printed before).
        var table = RunReport.KernelTable([WithCurve(1, [0.001, 0.004, 0.002, 0.003])]);

        table.Split('\n').Single(line => line.StartsWith("| dense ")).ShouldEndWith("| 0.0025 |");
    }

    [Fact]
    public void An_odd_count_takes_the_middle_value_and_seeds_are_averaged()
    {
        var table = RunReport.KernelTable([WithCurve(1, [0.005, 0.001, 0.003]), WithCurve(2, [0.001, 0.002, 0.009])]);

        table.Split('\n').Single(line => line.StartsWith("| dense ")).ShouldContain("| 0.0025 ±"); // mean of 0.003 and 0.002
    }
}
