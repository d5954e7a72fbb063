using BenchSuite.Data;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>
/// The input probe's two ways of summing a batch (<see cref="FedImageSums"/>): the vectorised pass over CPU memory
/// and the tensor ops used on other devices compute the same float32 terms, so their float64 sums agree to rounding;
/// both are checked against the definitions summed value by value in <see cref="InputProbeTests"/>.
/// </summary>
[Trait("Category", "unit")]
public class FedImageSumsTests
{
    static (Tensor Source, Tensor Fed) Batch(long batch, long channels, long height, long width, int seed)
    {
        using var generator = new Generator((ulong)seed);
        var source = rand([batch, channels, height, width], generator: generator);
        source.narrow(2, 0, height / 2).narrow(3, 0, width / 2).fill_(0.25); // flat patches: a + b = 0 there
        var fed = new KerasAugmentation(new AugmentationSettings(15, 0.1, 0.1, true)).Apply(source, generator);
        return (source, fed);
    }

    [Theory]
    [InlineData(32, 3, 32, 32)] // the experiments' batch
    [InlineData(5, 2, 7, 13)]   // rows shorter than a vector and not a multiple of one: the scalar tails
    [InlineData(1, 1, 3, 3)]    // one interior pixel
    public void The_vectorised_pass_and_the_tensor_ops_agree(long batch, long channels, long height, long width)
    {
        using var scope = NewDisposeScope();
        var (source, fed) = Batch(batch, channels, height, width, seed: (int)(batch * height + width));
        FedImageSums.CanSumOnHost(source, fed).ShouldBeTrue();

        var host = new double[FedImageSums.Count];
        FedImageSums.OnHost(source, fed, host);
        var device = FedImageSums.OnDevice(source, fed);
        var expected = device.data<double>().ToArray();

        for (int i = 0; i < FedImageSums.Count; i++)
            host[i].ShouldBe(expected[i], tolerance: 1e-12 * Math.Abs(expected[i]) + 1e-300, $"sum {i}");
        expected[1].ShouldBeGreaterThan(0); // augmented: the shift is not trivially 0
        expected[3].ShouldBeGreaterThan(0);
    }

    [Fact]
    public void The_host_pass_adds_to_what_is_there()
    {
        using var scope = NewDisposeScope();
        var (source, fed) = Batch(4, 3, 8, 8, seed: 3);
        var once = new double[FedImageSums.Count];
        FedImageSums.OnHost(source, fed, once);
        var twice = new double[FedImageSums.Count];
        FedImageSums.OnHost(source, fed, twice);
        FedImageSums.OnHost(source, fed, twice);
        for (int i = 0; i < FedImageSums.Count; i++) twice[i].ShouldBe(2 * once[i], tolerance: 1e-12 * Math.Abs(once[i]));
    }

    [Fact]
    public void Batches_the_host_pass_cannot_read_go_through_the_tensor_ops_with_the_same_statistics()
    {
        using var scope = NewDisposeScope();
        var (source, fed) = Batch(4, 3, 8, 8, seed: 5);
        // The same values laid out column-major: not contiguous, so the probe must not read the memory as rows.
        var fedT = fed.transpose(2, 3).contiguous().transpose(2, 3);
        var sourceT = source.transpose(2, 3).contiguous().transpose(2, 3);
        FedImageSums.CanSumOnHost(sourceT, fedT).ShouldBeFalse();
        var fed64 = fed.to(float64);
        FedImageSums.CanSumOnHost(source, fed64).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => FedImageSums.OnHost(sourceT, fedT, new double[FedImageSums.Count]));

        var order = arange(4L);
        using var host = new InputProbe(CPU);
        host.EpochStarted(order);
        host.Add(source, fed);
        using var strided = new InputProbe(CPU);
        strided.EpochStarted(order);
        strided.Add(sourceT, fedT);

        var (h, s) = (host.Read(), strided.Read());
        s.Mean.ShouldBe(h.Mean, tolerance: 1e-12);
        s.Shift.ShouldBe(h.Shift, tolerance: 1e-12);
        s.Axes.ShouldBe(h.Axes, tolerance: 1e-12);
    }
}
