using BenchmarkDotNet.Attributes;
using static TorchSharp.torch;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What can this machine's libtorch multiply through oneDNN, the library the models' convolutions run in? Two dense
/// products on channels-last float32 activations of 32 images, forward only: a 1×1 convolution (exactly a matrix
/// product, 32·16·16 rows × 512 × 512; its 16 MiB output stays under the allocator's 32 MiB mmap threshold, which a
/// 32 MiB one reaches and is then faulted in on every call, <c>NativeAllocator</c>) and a 3×3 one (a batch-reduce
/// product over the nine taps, as oneDNN computes it). With <see cref="GemmPeakBenchmarks"/> (the BLAS product) they give the ceiling a training step's useful flops
/// are read against: the fastest of them (<see cref="ThroughputNotes"/>).
/// </summary>
public class ConvolutionPeakBenchmarks
{
    /// <summary>Each product's shape: images, input channels, side, output channels, kernel side.</summary>
    public static readonly IReadOnlyDictionary<string, (int Batch, int Channels, int Side, int Filters, int Kernel)> Shapes =
        new Dictionary<string, (int, int, int, int, int)>
        {
            [nameof(Conv1x1)] = (32, 512, 16, 512, 1),
            [nameof(Conv3x3)] = (32, 128, 16, 128, 3),
        };

    /// <summary>2 flops per multiply-add: outputs × input channels × kernel taps.</summary>
    public static double Flops(string method)
    {
        var (batch, channels, side, filters, kernel) = Shapes[method];
        return 2.0 * batch * side * side * filters * channels * kernel * kernel;
    }

    Tensor input1x1 = null!, kernel1x1 = null!, input3x3 = null!, kernel3x3 = null!;

    [GlobalSetup]
    public void Setup()
    {
        BenchmarkEnvironment.Initialize();
        (input1x1, kernel1x1) = Operands(Shapes[nameof(Conv1x1)]);
        (input3x3, kernel3x3) = Operands(Shapes[nameof(Conv3x3)]);
    }

    static (Tensor Input, Tensor Kernel) Operands((int Batch, int Channels, int Side, int Filters, int Kernel) s)
    {
        using var input = rand(s.Batch, s.Channels, s.Side, s.Side);
        using var kernel = rand(s.Filters, s.Channels, s.Kernel, s.Kernel);
        return (ChannelsLastCopy.Of(input), ChannelsLastCopy.Of(kernel));
    }

    [Benchmark]
    public long Conv1x1()
    {
        using var product = nn.functional.conv2d(input1x1, kernel1x1);
        return product.shape[1];
    }

    [Benchmark]
    public long Conv3x3()
    {
        using var product = nn.functional.conv2d(input3x3, kernel3x3, padding: [1, 1]);
        return product.shape[1];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var t in new[] { input1x1, kernel1x1, input3x3, kernel3x3 }) t.Dispose();
    }
}
