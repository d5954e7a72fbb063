using BenchSuite.Runtime;
using BenchmarkDotNet.Attributes;
using BenchSuite.Data;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// Can the Keras augmentation keep up with training? One batch through <see cref="KerasAugmentation"/> with the
/// settings of the experiments (<c>shallow-none</c>'s, which all four share). It should run at ≥ 5× the training step's images/s (Program prints the ratio after a run
/// that measured both; a benchmark does not assert).
/// </summary>
[MemoryDiagnoser]
public class AugmentationBenchmarks
{
    [Params(32)]
    public int BatchSize { get; set; }

    KerasAugmentation augmentation = null!;
    Generator generator = null!;
    Tensor images = null!;
    long rssBeforeSetup;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkEnvironment.Initialize();
        rssBeforeSetup = ProcessCounters.ResidentBytes();
        augmentation = new KerasAugmentation(ShippedExperiments.Of("shallow").Augmentation);
        generator = new Generator(42);
        images = rand(BatchSize, 3, 32, 32);
    }

    [Benchmark]
    public long Augment()
    {
        using var scope = NewDisposeScope();
        var augmented = augmentation.Apply(images, generator);
        return augmented.shape[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Record(NativeMemory.CaseKey(nameof(AugmentationBenchmarks), [(nameof(BatchSize), BatchSize)]), rssBeforeSetup);
        images.Dispose();
        generator.Dispose();
    }
}
