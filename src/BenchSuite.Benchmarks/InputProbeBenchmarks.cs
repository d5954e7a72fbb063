using BenchmarkDotNet.Attributes;
using BenchSuite.Data;
using BenchSuite.Runtime;
using BenchSuite.Training;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What does measuring the fed images cost a step? One batch through <see cref="InputProbe.Add"/>, the probe the
/// trainer runs on every step (source images and their augmented copies, as the trainer feeds them). Its time is
/// time the harness spends beyond the bare training step: compare it with <see cref="TrainingStepBenchmarks"/>
/// (shallow-l2's step is about 21 ms on the README's host; issue 8 wants the harness within 5 % of the bare step).
/// </summary>
[MemoryDiagnoser]
public class InputProbeBenchmarks
{
    [Params(32)]
    public int BatchSize { get; set; }

    InputProbe probe = null!;
    Tensor source = null!, fed = null!, order = null!;
    long rssBeforeSetup;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkEnvironment.Initialize();
        rssBeforeSetup = ProcessCounters.ResidentBytes();
        using var generator = new Generator(42);
        source = rand(BatchSize, 3, 32, 32);                 // [0, 1), like pixels / 255
        fed = new KerasAugmentation(ShippedExperiments.Of("shallow").Augmentation).Apply(source, generator);
        order = arange((long)BatchSize);
        probe = new InputProbe(CPU);
        probe.EpochStarted(order);
    }

    [Benchmark]
    public void Add() => probe.Add(source, fed);

    [GlobalCleanup]
    public void Cleanup()
    {
        NativeMemory.Record(NativeMemory.CaseKey(nameof(InputProbeBenchmarks), [(nameof(BatchSize), BatchSize)]), rssBeforeSetup);
        probe.Dispose();
        source.Dispose();
        fed.Dispose();
        order.Dispose();
    }
}
