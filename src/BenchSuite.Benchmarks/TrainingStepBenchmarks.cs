using BenchmarkDotNet.Attributes;
using BenchSuite.Models;
using BenchSuite.Runtime;
using BenchSuite.Throughput;
using BenchSuite.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// How many images per second does one full training step take (forward, loss with L2, backward, Keras Adam)?
/// Exactly the step the trainer runs, on one random batch, so a change here is a change in training speed.
/// </summary>
[MemoryDiagnoser]
public class TrainingStepBenchmarks
{
    [Params("shallow", "deep")]
    public string Architecture { get; set; } = "shallow";

    /// <summary>The <c>-l2</c> experiment (L2 0.01 on every hidden Conv2D/Dense kernel, as in the documented runs; adds the penalty's cost) instead of <c>-none</c>.</summary>
    [Params(false, true)]
    public bool L2 { get; set; }

    [Params(32)]
    public int BatchSize { get; set; }

    [ParamsSource(nameof(Devices))]
    public string Device { get; set; } = "cpu";

    public static IEnumerable<string> Devices() => BenchmarkEnvironment.Devices();

    KerasModel model = null!;
    IOptimizer optimizer = null!;
    Tensor images = null!, labels = null!;
    torch.Device device = null!;
    long rssBeforeSetup, faultsAfterSetup, invocations;
    double? slowdown;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkEnvironment.Initialize();
        rssBeforeSetup = ProcessCounters.ResidentBytes();
        device = torch.device(Device);

        var experiment = ShippedExperiments.Of(Architecture, L2);
        model = ModelFactory.Build(experiment.Model);
        model.to(device);
        model.train();
        optimizer = OptimizerFactory.Create(experiment.Optimizer, model);

        images = rand(BatchSize, 3, 32, 32, device: device);               // [0, 1), like pixels / 255
        labels = randint(0, 10, BatchSize, dtype: ScalarType.Int64, device: device);
        slowdown = InjectedSlowdown.Fraction;
        faultsAfterSetup = ProcessCounters.MinorFaults();
    }

    [Benchmark]
    public float Step()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var scope = NewDisposeScope();
        invocations++;
        var losses = new TrainingStep(model, optimizer).Run(images, labels);
        BenchmarkEnvironment.Synchronize(device);
        // Read the loss only on the CPU: on cuda item() would add a device-to-host copy the trainer does not do per step.
        float loss = device.type == DeviceType.CPU ? losses.Loss.item<float>() : 0f;
        if (slowdown is { } fraction) InjectedSlowdown.After(started, fraction); // only when measuring the gate itself
        return loss;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Record(NativeMemory.CaseKey(nameof(TrainingStepBenchmarks),
            [(nameof(Architecture), Architecture), (nameof(L2), L2), (nameof(BatchSize), BatchSize), (nameof(Device), Device)]), rssBeforeSetup,
            invocations == 0 ? -1 : (ProcessCounters.MinorFaults() - faultsAfterSetup) / (double)invocations);
        images.Dispose();
        labels.Dispose();
        optimizer.Dispose();
        model.Dispose();
    }
}
