using BenchSuite.Configuration;
using BenchSuite.Models;
using BenchSuite.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Everything a run builds before its first step, from the experiment alone: process numerics, the seeded random
/// streams, the model on its device, the optimizer and the step; and from <see cref="TrainingParts"/>, how weights
/// start and how each epoch orders the images. Shared by <see cref="Trainer"/> and <see cref="HarnessOverhead"/>'s
/// bare loop so that both start from the same state.
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

    public TrainingParts Parts { get; }

    Tensor? currentOrder;

    /// <param name="parts">null: Keras' (<see cref="TrainingParts.Keras"/>).</param>
    public RunSetup(Experiment experiment, TrainingParts? parts = null)
    {
        Parts = parts ?? TrainingParts.Keras;
        var settings = experiment.Training;
        Device = new Device(settings.Device);

        // Numerics of the whole process. The thread count is part of the result: 1 and 2 threads give other bits.
        torch.set_num_threads(settings.Threads);
        FlushDenormals = FlushToZero.OnThisThreadAndItsWorkers(true, settings.Threads);

        // One seed drives everything: weights and dropout (torch's global generator), shuffles, augmentation.
        torch.manual_seed(SeedStreams.Derive(settings.Seed, SeedStreams.Weights));
        ShuffleGenerator = new Generator((ulong)SeedStreams.Derive(settings.Seed, SeedStreams.Shuffle));
        AugmentationGenerator = new Generator((ulong)SeedStreams.Derive(settings.Seed, SeedStreams.Augmentation));

        Model = ModelFactory.Build(experiment.Model, Parts.Initializer);
        Model.to(Device);
        Optimizer = OptimizerFactory.Create(experiment.Optimizer, Model);
        Step = new TrainingStep(Model, Optimizer);
    }

    /// <summary>Waits for the device's queued work (a no-op on the CPU, where every op has finished when it returns).</summary>
    public void Synchronize()
    {
        if (Device.type == DeviceType.CUDA) cuda.synchronize();
    }

    /// <summary>A fresh permutation of the training images (what Keras' flow() draws every epoch).</summary>
    public Tensor Shuffle(long count) => OnDevice(randperm(count, generator: ShuffleGenerator));

    /// <summary>
    /// Epoch <paramref name="epoch"/>'s order of the training images, as <see cref="TrainingParts.EpochOrder"/> decides
    /// it. The setup owns it: it stays valid until the next call (which may reuse it) or until the setup is disposed.
    /// </summary>
    public Tensor NextEpochOrder(int epoch, long count)
    {
        var next = OnDevice(Parts.EpochOrder.Order(epoch, count, ShuffleGenerator, currentOrder));
        currentOrder?.Dispose();
        currentOrder = next.DetachFromDisposeScope();
        return currentOrder;
    }

    // Orders are drawn on the CPU generator whatever the device: the same order on cpu and cuda.
    Tensor OnDevice(Tensor order)
    {
        if (order.device == Device) return order;
        using (order) return order.to(Device);
    }

    public void Dispose()
    {
        currentOrder?.Dispose();
        Optimizer.Dispose();
        Model.Dispose();
        ShuffleGenerator.Dispose();
        AugmentationGenerator.Dispose();
    }
}
