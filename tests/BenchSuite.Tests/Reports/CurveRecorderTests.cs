using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Results;
using BenchSuite.Training;
using BenchSuite.Tests.Training;
using Shouldly;
using TorchSharp;

namespace BenchSuite.Tests.Reports;

/// <summary>The per-step curve: where its points fall, that it agrees with the epoch metrics, and that recording it changes no bit of training.</summary>
[Trait("Category", "unit")]
public class CurveRecorderTests
{
    static readonly DataLocation Embedded = DataLocator.Resolve(null, null, environment: "");

    [Theory]
    [InlineData(1250, 0, 25)] // real CIFAR-10: 50 points per epoch
    [InlineData(32, 0, 1)]    // the fixture: every step
    [InlineData(7, 0, 1)]
    [InlineData(1250, 10, 10)]
    public void The_default_interval_gives_about_50_points_per_epoch(int steps, int configured, int expected) =>
        CurveRecorder.Interval(steps, configured).ShouldBe(expected);

    [Fact]
    public void Points_close_every_N_steps_and_at_each_epochs_end_and_average_to_the_epoch_metrics()
    {
        var run = ExperimentRunner.Run(TrainerTests.Quick("shallow-l2", epochs: 2, trainLimit: 200, ("training:curveEvery", "3")), Embedded);
        var curve = run.Curve.ShouldNotBeNull();

        curve.EverySteps.ShouldBe(3);
        curve.StepsPerEpoch.ShouldBe(7); // 200 images in batches of 32
        curve.Step.ShouldBe([3, 6, 7, 10, 13, 14]);
        curve.Epoch.ShouldBe([1, 1, 1, 2, 2, 2]);
        // Interval means weighted by their images (96, 96, 8) give back the epoch's running means.
        double[] images = [96, 96, 8];
        for (int e = 0; e < 2; e++)
        {
            double Weighted(double[] series) => Enumerable.Range(0, 3).Sum(i => series[3 * e + i] * images[i]) / 200;
            Weighted(curve.Loss).ShouldBe(run.Epochs[e].Loss, tolerance: 1e-5);
            Weighted(curve.Penalty).ShouldBe(run.Epochs[e].Penalty, tolerance: 1e-5);
            Weighted(curve.Accuracy).ShouldBe(run.Epochs[e].Accuracy, tolerance: 1e-9);
            curve.KernelNorms["dense"][3 * e + 2].ShouldBe(run.Epochs[e].KernelNorms["dense"], tolerance: 1e-9);
        }
        curve.Loss.Zip(curve.DataLoss, curve.Penalty).ShouldAllBe(p => Math.Abs(p.First - p.Second - p.Third) < 1e-4);
        curve.InitialKernelNorms["dense"].ShouldBeGreaterThan(curve.KernelNorms["dense"][^1]); // L2 pulls the kernel in
        curve.KernelRelativeChange["conv2d"].ShouldAllBe(v => v > 0 && v < 1);
    }

    [Fact]
    public void Recording_the_curve_changes_no_metric()
    {
        var often = ExperimentRunner.Run(TrainerTests.Quick("shallow-l2", epochs: 1, trainLimit: 200, ("training:curveEvery", "1")), Embedded);
        var seldom = ExperimentRunner.Run(TrainerTests.Quick("shallow-l2", epochs: 1, trainLimit: 200, ("training:curveEvery", "5")), Embedded);

        foreach (var metric in EpochMetrics.ReplayedMetrics)
            often.Epochs[0].Get(metric).ShouldBe(seldom.Epochs[0].Get(metric), metric);
        often.Curve!.Count.ShouldBe(7);
        seldom.Curve!.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(torch.ScalarType.Float32)] // KernelDistance's one pass
    [InlineData(torch.ScalarType.Float64)] // torch's dist and copy_, as on a GPU
    public void The_relative_change_is_the_distance_from_the_previous_point_over_that_points_norm(torch.ScalarType dtype)
    {
        using var model = ModelFactory.Build(Shipped.Model("shallow"));
        model.to(dtype);
        var kernel = ((IHasKernel)model.Layers.Single(l => l.Name == "conv2d").Module!).Kernel;
        kernel.dtype.ShouldBe(dtype);
        using var recorder = new CurveRecorder(model, stepsPerEpoch: 2, everySteps: 1);
        using var noGrad = torch.no_grad();
        double initialNorm = kernel.norm().to(torch.float64).item<double>();

        kernel.add_(0.01); // ‖ΔW‖ = 0.01·√n, against the initial kernel
        recorder.Record(1, 1, new double[4], 32);
        kernel.mul_(3.0); // W₂ = 3·W₁: ‖W₂ − W₁‖ / ‖W₁‖ = 2 exactly, whatever W₁ is
        recorder.Record(1, 2, new double[4], 64);

        var change = recorder.ToCurve().KernelRelativeChange["conv2d"];
        change[0].ShouldBe(0.01 * Math.Sqrt(kernel.numel()) / initialNorm, tolerance: 1e-5 * change[0]);
        change[1].ShouldBe(2.0, tolerance: 1e-5);
    }
}
