using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What can this machine's libtorch multiply? One float32 square matrix product (sgemm, 2·n³ flops) on the
/// benchmark threads: the ceiling against which a training step's useful flops are read (README, *Throughput*:
/// the deep step's convolutions and dense layers are ~7.6 GFLOP per batch of 32).
/// </summary>
public class GemmPeakBenchmarks
{
    [Params(2048)]
    public int Size { get; set; }

    Tensor a = null!, b = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkEnvironment.Initialize();
        a = rand(Size, Size);
        b = rand(Size, Size);
    }

    [Benchmark]
    public long MatMul()
    {
        using var product = a.mm(b);
        return product.shape[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        a.Dispose();
        b.Dispose();
    }
}
