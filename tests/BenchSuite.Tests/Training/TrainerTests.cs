using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Training;

/// <summary>The harness on the embedded data: Keras epoch semantics, determinism, stopping, memory.</summary>
[Trait("Category", "unit")]
public class TrainerTests
{
    static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();
    static readonly DataLocation Embedded = DataLocator.Resolve(null, null, environment: "");

    internal static Experiment Quick(string name, int epochs = 2, int trainLimit = 256, params (string Key, string Value)[] more)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["training:epochs"] = epochs.ToString(),
            ["training:trainLimit"] = trainLimit.ToString(),
            ["training:validationLimit"] = "128",
        };
        foreach (var (key, value) in more) overrides[key] = value;
        return ExperimentLoader.Load(name, overrides, environment: NoEnvironment);
    }

    [Fact]
    public void Epochs_follow_Keras_semantics()
    {
        var run = ExperimentRunner.Run(Quick("shallow-l2", trainLimit: 200), Embedded);

        run.Complete.ShouldBeTrue();
        run.Epochs.Count.ShouldBe(2);
        run.Data.TrainImages.ShouldBe(200);
        run.Data.ValidationImages.ShouldBe(128);
        foreach (var epoch in run.Epochs)
        {
            epoch.Steps.ShouldBe(7); // ceil(200 / 32): like datagen.flow, the last batch is short (8 images)
            epoch.Loss.ShouldBe(epoch.DataLoss + epoch.Penalty, tolerance: 1e-6);
            epoch.Penalty.ShouldBeGreaterThan(0);
            epoch.ValLoss.ShouldBeGreaterThan(epoch.Penalty); // val_loss carries the penalty too, as Keras reports it
            epoch.Accuracy.ShouldBeInRange(0, 1);
            epoch.ValAccuracy.ShouldBeInRange(0, 1);
            epoch.KernelNorms.Keys.ShouldBe(["conv2d", "dense", "dense_1"]);
            epoch.ImagesPerSecond.ShouldBeGreaterThan(0);
        }
        // L2 pulls the regularized kernels in: the dense kernel's norm falls from epoch 1 to 2.
        run.Epochs[1].KernelNorms["dense"].ShouldBeLessThan(run.Epochs[0].KernelNorms["dense"]);
    }

    [Fact]
    public void Without_regularizer_the_penalty_is_exactly_zero()
    {
        var run = ExperimentRunner.Run(Quick("shallow-none", epochs: 1), Embedded);

        run.Epochs[0].Penalty.ShouldBe(0);
        run.Epochs[0].Loss.ShouldBe(run.Epochs[0].DataLoss, tolerance: 1e-9);
    }

    [Fact]
    public void The_same_seed_replays_bit_for_bit_in_process_and_another_seed_does_not()
    {
        var first = ExperimentRunner.Run(Quick("deep-l2", epochs: 1), Embedded);
        var second = ExperimentRunner.Run(Quick("deep-l2", epochs: 1), Embedded);
        var other = ExperimentRunner.Run(Quick("deep-l2", epochs: 1, more: ("training:seed", "43")), Embedded);

        Metrics(second).ShouldBe(Metrics(first));
        Metrics(other).ShouldNotBe(Metrics(first));
    }

    [Fact]
    public void Cancelling_stops_after_the_current_step_and_marks_the_run_incomplete()
    {
        using var stop = new CancellationTokenSource();
        var observer = new StopAfterFirstEpoch(stop);

        var run = ExperimentRunner.Run(Quick("shallow-none", epochs: 3), Embedded, observer, stop.Token);

        run.Complete.ShouldBeFalse();
        run.Epochs.Count.ShouldBe(1);
        run.StoppedAt.ShouldBe("epoch 2, before step 1 of 8");
    }

    [SkippableFact]
    public void Asking_for_cuda_without_a_GPU_is_a_clear_error()
    {
        Skip.If(TorchSharp.torch.cuda.is_available(), "this machine has a CUDA device");
        var e = Should.Throw<ConfigurationException>(() => ExperimentRunner.Run(Quick("shallow-none", more: ("training:device", "cuda")), Embedded));
        e.Message.ShouldContain("-p:TorchBackend=cuda");
    }

    internal static string Metrics(RunRecord run) => string.Join(";", run.Epochs.Select(e =>
        string.Join(",", EpochMetrics.ReplayedMetrics.Select(m => BitConverter.DoubleToInt64Bits(e.Get(m))))));

    sealed class StopAfterFirstEpoch(CancellationTokenSource stop) : ITrainingObserver
    {
        public void EpochStarted(int epoch, int epochs, int steps) { }
        public void StepsDone(int step, int steps, double loss, double accuracy, TimeSpan elapsed) { }
        public void EpochEnded(EpochMetrics metrics) => stop.Cancel();
    }
}
