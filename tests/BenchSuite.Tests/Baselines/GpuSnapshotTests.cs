using BenchSuite.Baselines;
using BenchSuite.Data;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Baselines;

/// <summary>
/// The GPU runner's job: every shipped experiment in the <c>cifar10-full</c> tier on cuda, against
/// <c>baselines/cifar10-full/cuda</c>. Needs a CUDA device, a <c>-p:TorchBackend=cuda</c> build and
/// <c>BENCHSUITE_CIFAR10=DIR</c>; without them each case reports skipped with the reason. The device is fixed here,
/// with the tier, so no environment variable can send the cpu tests to cuda or these to cpu.
/// </summary>
[Trait("Category", "gpu")]
public class GpuSnapshotTests(ITestOutputHelper output)
{
    public static TheoryData<string> Experiments => SnapshotTests.Experiments;

    [SkippableTheory]
    [MemberData(nameof(Experiments))]
    public void Experiment_matches_its_baseline_on_cuda(string experiment)
    {
        Skip.IfNot(TorchSharp.torch.cuda.is_available(),
            "needs a CUDA device and a -p:TorchBackend=cuda build (the gpu workflow's runner)");

        SnapshotAssert.Check(output, Tier.Cifar10Full, "cuda", experiment, Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable));
    }
}
