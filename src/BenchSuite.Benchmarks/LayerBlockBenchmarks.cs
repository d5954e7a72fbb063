using BenchSuite.Runtime;
using BenchmarkDotNet.Attributes;
using BenchSuite.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// Where does a training step's time go? Forward + backward of each layer block of both models (Conv2D+BN pairs,
/// Dense+BN pairs, the pools, the dropouts, the classifier) on its real input shape, so a regression in
/// <see cref="TrainingStepBenchmarks"/> can be traced to a layer. Flatten is left out (a view), as is the loss; the
/// optimizer update is not part of a block. Dropout is in: its mask is one random number per element, drawn on one
/// thread, and torch's own dropout took about a tenth of the deep step on an AMD host (README, <i>Throughput</i>).
/// </summary>
[MemoryDiagnoser]
public class LayerBlockBenchmarks
{
    /// <summary>"architecture/first+second": e.g. "deep/conv02+bn02". See <see cref="LayerBlock.All"/>.</summary>
    [ParamsSource(nameof(Blocks))]
    public string Block { get; set; } = "shallow/conv2d+batch_normalization";

    [Params(32)]
    public int BatchSize { get; set; }

    [ParamsSource(nameof(Devices))]
    public string Device { get; set; } = "cpu";

    public static IEnumerable<string> Blocks() => LayerBlock.All.Select(b => b.Id);

    public static IEnumerable<string> Devices() => BenchmarkEnvironment.Devices();

    KerasModel model = null!;
    IReadOnlyList<nn.Module<Tensor, Tensor>> modules = null!;
    Tensor input = null!;
    torch.Device device = null!;
    long rssBeforeSetup;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkEnvironment.Initialize();
        rssBeforeSetup = ProcessCounters.ResidentBytes();
        device = torch.device(Device);
        var block = LayerBlock.Parse(Block);

        model = ModelFactory.Build(ShippedExperiments.Of(block.Architecture).Model);
        model.to(device);
        model.train();
        modules = block.Modules(model);

        input = block.Input(model, BatchSize, device);
        // The first block sees the images, which need no gradient; every later block passes one back to its input.
        input.requires_grad = !block.StartsAtInput(model);
    }

    [Benchmark]
    public float ForwardBackward()
    {
        using var scope = NewDisposeScope();
        foreach (var module in modules) module.zero_grad();
        if (input.grad is { } grad) grad.zero_();
        var x = input;
        foreach (var module in modules) x = module.call(x);
        var total = x.sum();
        total.backward();
        BenchmarkEnvironment.Synchronize(device);
        return device.type == DeviceType.CPU ? total.item<float>() : 0f;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Record(NativeMemory.CaseKey(nameof(LayerBlockBenchmarks),
            [(nameof(Block), Block), (nameof(BatchSize), BatchSize), (nameof(Device), Device)]), rssBeforeSetup);
        input.Dispose();
        model.Dispose();
    }
}
