using BenchSuite.Baselines;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Tests.Reports;
using BenchSuite.Tests.Training;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>The gate's quantities: the training-curve windows (quarters of an epoch, image-weighted) where selected, their names, the last-epoch selection, and the names known before training.</summary>
[Trait("Category", "unit")]
public class GateQuantitiesTests
{
    /// <summary>Two epochs of 8 steps, batch 32, 240 images (the last batch holds 16); a point every <paramref name="every"/> steps; loss at step s of epoch e = 10·(e−1) + s.</summary>
    static RunRecord WithCurve(int every)
    {
        var run = SampleRecords.Run(7, 2.0, 1.5);
        var steps = new List<int>();
        var epochs = new List<int>();
        var loss = new List<double>();
        const int perEpoch = 8;
        for (int e = 1; e <= 2; e++)
        {
            int previous = 0;
            for (int s = 1; s <= perEpoch; s++)
            {
                if (s % every != 0 && s != perEpoch) continue;
                // The interval's mean, image-weighted, of the step losses previous+1 … s.
                double images = 0, sum = 0;
                for (int t = previous + 1; t <= s; t++) { double n = t < perEpoch ? 32 : 16; images += n; sum += n * (10 * (e - 1) + t); }
                steps.Add((e - 1) * perEpoch + s);
                epochs.Add(e);
                loss.Add(sum / images);
                previous = s;
            }
        }
        return run with
        {
            Data = run.Data with { TrainImages = 240 },
            Curve = new TrainingCurve
            {
                EverySteps = every, StepsPerEpoch = perEpoch, Step = [.. steps], Epoch = [.. epochs], Loss = [.. loss],
                DataLoss = loss.Select(v => v - 0.5).ToArray(), Penalty = loss.Select(_ => 0.5).ToArray(), Accuracy = loss.Select(_ => 0.3).ToArray(),
                InitialKernelNorms = new Dictionary<string, double>(), KernelNorms = new Dictionary<string, double[]>(),
                KernelRelativeChange = new Dictionary<string, double[]>(),
            },
        };
    }

    static readonly QuantitySelection Quarters = new(GatedEpochs.All, CurveWindows: 4);

    static double Value(RunRecord run, string name) => GateQuantities.Values(run, Quarters)[GateQuantities.Names(run, Quarters).ToList().IndexOf(name)];

    [Fact]
    public void Each_quarter_of_an_epoch_is_the_image_weighted_mean_of_its_steps()
    {
        var run = WithCurve(every: 1);

        Value(run, "e1/loss@0.25").ShouldBe(1.5, tolerance: 1e-12);                     // steps 1, 2
        Value(run, "e1/loss@0.5").ShouldBe(3.5, tolerance: 1e-12);                      // steps 3, 4
        Value(run, "e1/loss@0.75").ShouldBe(5.5, tolerance: 1e-12);
        Value(run, "e1/loss@1").ShouldBe((32 * 7 + 16 * 8) / 48.0, tolerance: 1e-12);   // step 8 is a batch of 16
        Value(run, "e2/loss@0.25").ShouldBe(11.5, tolerance: 1e-12);
        Value(run, "e2/data_loss@1").ShouldBe((32 * 17 + 16 * 18) / 48.0 - 0.5, tolerance: 1e-12);
    }

    [Fact]
    public void Points_spanning_several_steps_give_the_same_windows()
    {
        var everyStep = WithCurve(every: 1);
        var everyOther = WithCurve(every: 2); // points at 2, 4, 6, 8: one per quarter

        foreach (var name in GateQuantities.Names(everyStep, Quarters).Where(n => n.Contains('@')))
            Value(everyOther, name).ShouldBe(Value(everyStep, name), tolerance: 1e-12, name);
    }

    [Fact]
    public void Names_per_epoch_are_the_metrics_then_the_windows_then_the_norms_and_last_keeps_one_epoch()
    {
        var run = WithCurve(every: 1);

        GateQuantities.Names(run, Quarters).Take(14).ShouldBe([
            "e1/loss", "e1/accuracy", "e1/val_loss", "e1/val_accuracy", "e1/data_loss", "e1/penalty",
            "e1/loss@0.25", "e1/loss@0.5", "e1/loss@0.75", "e1/loss@1", "e1/data_loss@0.25", "e1/data_loss@0.5", "e1/data_loss@0.75", "e1/data_loss@1"]);
        GateQuantities.Names(run, Quarters).Count.ShouldBe(28);
        var last = Quarters with { Epochs = GatedEpochs.Last };
        GateQuantities.Names(run, last).ShouldBe(GateQuantities.Names(run, Quarters).Skip(14).ToList());
        GateQuantities.Values(run, last).ShouldBe(GateQuantities.Values(run, Quarters).Skip(14).ToList());
        GateQuantities.Names(run).ShouldNotContain(n => n.Contains('@')); // by default: the epochs' ends only
        GateQuantities.Names(run, new QuantitySelection(CurveWindows: 2)).ShouldContain("e2/loss@0.5");
    }

    [Fact]
    public void An_epoch_with_a_quarter_without_curve_point_has_no_windows_and_a_run_without_curve_neither()
    {
        var sparse = WithCurve(every: 3); // points at 3, 6, 8: nothing closes in the first quarter
        GateQuantities.Names(sparse, Quarters).ShouldNotContain(n => n.Contains('@'));
        GateQuantities.Planned(sparse.Configuration with { Training = sparse.Configuration.Training with { CurveEvery = 3 } }, 240, Quarters)
            .Where(n => !n.Contains("/norm:") && !n.Contains("/bias:") && !n.Contains("/mvar:") && !n.Contains("/input_") && !n.Contains("/order_") && !n.Contains("/bn_"))
            .ShouldBe(GateQuantities.Names(sparse, Quarters)); // the hand-made record has no layer or input statistics

        GateQuantities.Names(SampleRecords.Run(7, 2.0), Quarters).ShouldNotContain(n => n.Contains('@')); // schema 1: no curve
    }

    [Theory]
    [InlineData("shallow-l2")]
    [InlineData("deep-none")]
    public void The_names_planned_before_training_are_the_names_a_run_gives(string experiment)
    {
        var run = ExperimentRunner.Run(TrainerTests.Quick(experiment, epochs: 2, trainLimit: 160), DataLocator.Resolve(null, null, environment: ""));

        GateQuantities.Planned(run.Configuration, 160).ShouldBe(GateQuantities.Names(run));
        GateQuantities.Planned(run.Configuration, 160, Quarters).ShouldBe(GateQuantities.Names(run, Quarters));
        var last = Quarters with { Epochs = GatedEpochs.Last };
        GateQuantities.Planned(run.Configuration, 160, last).ShouldBe(GateQuantities.Names(run, last));
        GateQuantities.Names(run, Quarters).ShouldContain("e2/loss@0.75");
        string output = experiment.StartsWith("deep") ? "classification" : "dense_1";
        GateQuantities.Names(run).ShouldContain($"e2/norm:{output}");
        GateQuantities.Names(run).ShouldContain($"e1/bias:{output}");
        GateQuantities.Names(run).ShouldContain($"e2/mvar:{(experiment.StartsWith("deep") ? "bn" : "batch_normalization_1")}");
        GateQuantities.Names(run).ShouldContain("e2/bn_epsilon");
        GateQuantities.Names(run).ShouldContain("e1/input_mean");
        GateQuantities.Names(run).ShouldContain("e2/order_repeat");
        GateQuantities.Names(run).ShouldNotContain("e1/order_repeat"); // epoch 1 has no previous order
    }
}
