using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What can this machine's libtorch multiply through its BLAS? One float32 square matrix product (<c>mm</c>, MKL's
/// sgemm in the TorchSharp packages, 2·n³ flops) on the benchmark threads. With <see cref="ConvolutionPeakBenchmarks"/>
/// (oneDNN, which runs the models' convolutions) it gives the ceiling a training step's useful flops are read
/// against: the fastest of them (<see cref="ThroughputNotes"/>). MKL picks its code path by CPU vendor: on an AMD
/// EPYC host its sgemm ran at half of what oneDNN's convolutions reached (README, <i>Throughput</i>).
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
