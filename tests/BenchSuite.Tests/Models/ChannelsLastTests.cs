using BenchSuite.Models;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// The models compute channels-last (NHWC in memory, NCHW in shape) and flatten in Keras' (height, width, channel)
/// order. A libtorch or TorchSharp version whose operators stopped keeping the layout would fall back to slower
/// kernels silently; these tests name the layer where it is lost.
/// </summary>
[Trait("Category", "unit")]
public class ChannelsLastTests
{
    [Fact]
    public void Flatten_orders_features_as_Keras_reshapes_an_NHWC_tensor()
    {
        // Keras' Flatten on channels_last data is tf.reshape(x, (batch, -1)) of the NHWC array: index (h·W + w)·C + c.
        const int n = 2, h = 3, w = 4, c = 5;
        using var nhwc = arange(n * h * w * c, dtype: ScalarType.Float32).reshape(n, h, w, c);
        using var nchw = nhwc.permute(0, 3, 1, 2);                // what the model holds: NCHW shape, NHWC memory
        using var flatten = new KerasFlatten("flatten");
        using var flat = flatten.call(nchw);

        flat.shape.ShouldBe([n, h * w * c]);
        flat.data<float>().ToArray().ShouldBe(Enumerable.Range(0, n * h * w * c).Select(i => (float)i).ToArray());
        flat[0, (1 * w + 2) * c + 3].item<float>().ShouldBe(nchw[0, 3, 1, 2].item<float>()); // (h 1, w 2, c 3)
        flat.is_contiguous().ShouldBeTrue(); // a view of the channels-last input, not a copy
    }

    [Theory]
    [InlineData("shallow")]
    [InlineData("deep")]
    public void Every_4D_activation_kernel_and_kernel_gradient_is_channels_last(string architecture)
    {
        manual_seed(3);
        using var model = ModelFactory.Build(Shipped.Model(architecture));
        model.train();
        using var scope = NewDisposeScope();
        using var images = rand(4, 3, 32, 32);

        var x = ChannelsLast.Of(images);
        ChannelsLast.Is(x).ShouldBeTrue("the model's input");
        foreach (var layer in model.Layers.Where(l => l.Module is not null))
        {
            x = layer.Module!.call(x);
            if (x.dim() == 4) ChannelsLast.Is(x).ShouldBeTrue($"{layer.Name}'s output, strides [{string.Join(", ", x.stride())}]");
        }
        x.sum().backward();

        foreach (var layer in model.Layers.Where(l => l.KerasType == "Conv2D"))
        {
            var kernel = ((IHasKernel)layer.Module!).Kernel;
            ChannelsLast.Is(kernel).ShouldBeTrue($"{layer.Name}'s kernel");
            ChannelsLast.Is(kernel.grad!).ShouldBeTrue($"{layer.Name}'s kernel gradient");
        }
    }

    [Fact]
    public void The_model_gives_the_same_logits_for_NCHW_and_channels_last_images()
    {
        manual_seed(5);
        using var model = ModelFactory.Build(Shipped.Model("deep"));
        model.eval();
        using var images = rand(2, 3, 32, 32);
        using var fromNchw = model.call(images);
        using var fromNhwc = model.call(ChannelsLast.Of(images));
        fromNhwc.data<float>().ToArray().ShouldBe(fromNchw.data<float>().ToArray()); // forward converts its input: the caller's layout does not matter
    }

    [Fact]
    public void Is_tells_the_layouts_apart()
    {
        using var nchw = zeros(2, 3, 4, 5);
        ChannelsLast.Is(nchw).ShouldBeFalse();
        using var nhwc = ChannelsLast.Of(nchw);
        ChannelsLast.Is(nhwc).ShouldBeTrue();
        nhwc.shape.ShouldBe(nchw.shape);
        using var everyOtherImage = ChannelsLast.Of(zeros(4, 3, 4, 5)).index(TensorIndex.Slice(0, 4, 2)); // NHWC within an image, gaps between
        ChannelsLast.Is(everyOtherImage).ShouldBeFalse();
    }
}
