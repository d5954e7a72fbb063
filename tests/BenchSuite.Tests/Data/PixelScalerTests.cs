using BenchSuite.Data;
using Shouldly;

namespace BenchSuite.Tests.Data;

/// <summary>Keras' x/255 and the catalogue's /256 slip, on the bytes 0, 128 and 255.</summary>
[Trait("Category", "unit")]
public class PixelScalerTests
{
    static ImageSet OneImage(params byte[] first)
    {
        var pixels = new byte[ImageSet.PixelsPerImage];
        first.CopyTo(pixels, 0);
        return new ImageSet(pixels, [3]);
    }

    [Fact]
    public void Keras_maps_255_to_one_and_is_the_default()
    {
        var images = OneImage(0, 128, 255);
        using var keras = images.ToTensor(scaler: PixelScaler.Keras);
        using var byDefault = images.ToTensor();

        var values = keras.flatten().narrow(0, 0, 3).data<float>().ToArray();
        values.ShouldBe([0f, 128f / 255f, 1f]);
        keras.max().item<float>().ShouldBe(1f);
        byDefault.flatten().data<float>().ToArray().ShouldBe(keras.flatten().data<float>().ToArray());
    }

    [Fact]
    public void Dividing_by_256_tops_out_at_255_over_256()
    {
        using var scaled = OneImage(0, 128, 255).ToTensor(scaler: PixelScaler.By256);

        scaled.flatten().narrow(0, 0, 3).data<float>().ToArray().ShouldBe([0f, 0.5f, 0.99609375f]); // 255/256 is exact in float32
        scaled.max().item<float>().ShouldBe(255f / 256f);
    }
}
