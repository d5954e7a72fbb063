using BenchSuite.Configuration;
using BenchSuite.Models;
using BenchSuite.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Everything a run builds before its first step, from the experiment alone: process numerics, the seeded random
/// streams, the model on its device, the optimizer and the step. Shared by <see cref="Trainer"/> and
/// <see cref="HarnessOverhead"/>'s bare loop so that both start from the same state.
/// </summary>
internal sealed class RunSetup : IDisposable
{
    public KerasModel Model { get; }
    public IOptimizer Optimizer { get; }
    public TrainingStep Step { get; }
    public Generator ShuffleGenerator { get; }
    public Generator AugmentationGenerator { get; }
    public Device Device { get; }
    public bool FlushDenormals { get; }

    public RunSetup(Experiment experiment)
    {
        var settings = experiment.Training;
        Device = new Device(settings.Device);

        // Numerics of the whole process. The thread count is part of the result: 1 and 2 threads give other bits.
        torch.set_num_threads(settings.Threads);
        FlushDenormals = FlushToZero.OnThisThreadAndItsWorkers(true, settings.Threads);

        // One seed drives everything: weights and dropout (torch's global generator), shuffles, augmentation.
        torch.manual_seed(SeedStreams.Derive(settings.Seed, SeedStreams.Weights));
        ShuffleGenerator = new Generator((ulong)SeedStreams.Derive(settings.Seed, SeedStreams.Shuffle));
        AugmentationGenerator = new Generator((ulong)SeedStreams.Derive(settings.Seed, SeedStreams.Augmentation));

        Model = ModelFactory.Build(experiment.Model);
        Model.to(Device);
        Optimizer = OptimizerFactory.Create(experiment.Optimizer, Model);
        Step = new TrainingStep(Model, Optimizer);
    }

    /// <summary>Waits for the device's queued work (a no-op on the CPU, where every op has finished when it returns).</summary>
    public void Synchronize()
    {
        if (Device.type == DeviceType.CUDA) cuda.synchronize();
    }

    /// <summary>This epoch's order of the training images (Keras' flow() reshuffles every epoch).</summary>
    public Tensor Shuffle(long count)
    {
        var order = randperm(count, generator: ShuffleGenerator); // drawn on the CPU generator whatever the device: same order on cpu and cuda
        if (order.device == Device) return order;
        using (order) return order.to(Device);
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
        ShuffleGenerator.Dispose();
        AugmentationGenerator.Dispose();
    }
}
