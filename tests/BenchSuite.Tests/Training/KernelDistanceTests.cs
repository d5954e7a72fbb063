using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary><see cref="KernelDistance"/>: ‖W − W_prev‖ against a float64 reference, and the copy, for each kernel layout the models use.</summary>
[Trait("Category", "unit")]
public class KernelDistanceTests
{
    public static TheoryData<string> Layouts() => ["plain 5×7 (a scalar tail)", "channels-last Conv2D 32×3×3×3", "Dense [in, units] 512×2048"];

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Measures_the_distance_in_float64_then_copies_the_kernel(string layout)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(11);
        var kernel = Make(layout, g);
        var previous = kernel.detach().clone();
        previous.mul_(0.9).add_(rand(previous.shape, generator: g).mul_(1e-3)); // a change of about 10 %, in place: same strides
        var expected = (kernel.to(ScalarType.Float64) - previous.to(ScalarType.Float64)).norm().item<double>();

        KernelDistance.TryMeasureAndCopy(kernel, previous, out double distance).ShouldBeTrue();

        distance.ShouldBe(expected, tolerance: 1e-12 * expected);
        expected.ShouldBeGreaterThan(0);
        previous.eq(kernel).all().item<bool>().ShouldBeTrue();
        previous.stride().ShouldBe(kernel.stride());
        KernelDistance.TryMeasureAndCopy(kernel, previous, out double again).ShouldBeTrue();
        again.ShouldBe(0.0); // nothing moved since the copy
    }

    [Fact]
    public void Every_kernel_of_both_models_takes_the_pass()
    {
        foreach (var architecture in new[] { "shallow", "deep" })
        {
            using var model = ModelFactory.Build(Shipped.Model(architecture));
            foreach (var layer in model.Layers.Where(l => l.Module is IHasKernel))
            {
                var kernel = ((IHasKernel)layer.Module!).Kernel;
                using var copy = kernel.detach().clone(); // as CurveRecorder keeps it
                KernelDistance.TryMeasureAndCopy(kernel, copy, out _).ShouldBeTrue($"{architecture}/{layer.Name}");
            }
        }
    }

    [Fact]
    public void Other_dtypes_differing_strides_and_tensors_with_gaps_do_not_take_it()
    {
        using var scope = NewDisposeScope();
        var kernel = rand(8, 6);
        Refused(kernel.to(ScalarType.Float64), kernel.to(ScalarType.Float64).mul(2));
        Refused(kernel, kernel.t().contiguous().t().mul_(2));
        Refused(kernel, rand(4, 6).mul_(2)); // another shape, the same strides
        // Same shape and strides, but every row skips six floats.
        Refused(rand(8, 12)[TensorIndex.Colon, TensorIndex.Slice(0, 6)], rand(8, 12)[TensorIndex.Colon, TensorIndex.Slice(0, 6)]);
    }

    /// <summary>Refused: false, a NaN distance, and the previous copy left as it was.</summary>
    static void Refused(Tensor kernel, Tensor previous)
    {
        var before = previous.clone();
        KernelDistance.TryMeasureAndCopy(kernel, previous, out double distance).ShouldBeFalse();
        double.IsNaN(distance).ShouldBeTrue();
        previous.eq(before).all().item<bool>().ShouldBeTrue();
    }

    static Tensor Make(string layout, Generator g) => layout switch
    {
        "plain 5×7 (a scalar tail)" => rand([5, 7], generator: g),
        "channels-last Conv2D 32×3×3×3" => ChannelsLast.Of(rand([32, 3, 3, 3], generator: g).sub_(0.5)),
        "Dense [in, units] 512×2048" => rand([2048, 512], generator: g).sub_(0.5).t(),
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, null),
    };
}
