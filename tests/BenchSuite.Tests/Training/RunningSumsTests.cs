using BenchSuite.Training;
using Shouldly;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>
/// <see cref="RunningSums"/> on the host (CPU memory) against its tensor form (a GPU's): the same four sums, bit for bit,
/// with torch's own <c>argmax</c> deciding which predictions are correct.
/// </summary>
[Trait("Category", "unit")]
public class RunningSumsTests
{
    [Fact]
    public void The_host_sums_are_the_tensor_sums_bit_for_bit()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(3);
        using var host = new RunningSums(CPU);
        using var device = new RunningSums(CPU, onHost: false);
        int[] batches = [32, 32, 17, 32];
        for (int b = 0; b < batches.Length; b++)
        {
            int n = batches[b];
            var logits = randn([n, 10], generator: g);
            logits[0] = tensor(new float[] { 0, 2, 2, 1, 0, 0, 0, 0, 0, 2 });                   // a three-way tie
            logits[1] = tensor(new float[] { 0, 1, float.NaN, 5, float.NaN, 0, 0, 0, 0, 0 });  // NaNs
            logits[2] = tensor(new float[] { -0f, 0f, -1, -1, -1, -1, -1, -1, -1, -1 });       // -0 and +0 tie
            var labels = randint(0, 10, [n], dtype: int64, generator: g);
            labels[0] = tensor(b % 2 == 0 ? 1L : 2L); // the tie's first index, then a later one
            labels[1] = tensor(2L);
            labels[2] = tensor(b % 2 == 0 ? 0L : 1L);
            var step = new StepLosses(rand(1, generator: g).squeeze().add(2), rand(1, generator: g).squeeze(),
                                      rand(1, float64, generator: g).squeeze().mul(0.3), logits);
            host.Add(step, labels);
            device.Add(step, labels);
        }

        host.ReadAll().ShouldBe(device.ReadAll());
        host.Samples.ShouldBe(113);
        for (int which = 0; which < 4; which++)
            host.Mean(which).ShouldBe(device.Mean(which));
        host.ReadAll()[RunningSums.Correct].ShouldBeGreaterThan(0); // the rows made to agree are counted
    }

    [Fact]
    public void The_host_count_is_torchs_argmax_and_refuses_other_layouts()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[,] { { 1, 3, 3 }, { float.NaN, 1, float.NaN }, { 2, 1, 0 }, { 0, 0, 0 } });
        var labels = tensor(new long[] { 1, 0, 0, 2 });

        RunningSums.TryCountOnHost(logits, labels, out long correct).ShouldBeTrue();
        correct.ShouldBe(logits.argmax(1).eq(labels).sum().item<long>());
        correct.ShouldBe(3);

        RunningSums.TryCountOnHost(logits.t(), tensor(new long[] { 0, 0, 0 }), out _).ShouldBeFalse();   // not contiguous
        RunningSums.TryCountOnHost(logits.to(float64), labels, out _).ShouldBeFalse();                   // not float32
        RunningSums.TryCountOnHost(logits, labels[..3], out _).ShouldBeFalse();                          // rows ≠ labels
        RunningSums.TryCountOnHost(logits, labels.to(int32), out _).ShouldBeFalse();
    }
}
