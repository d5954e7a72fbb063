using BenchSuite.Data;
using Shouldly;

namespace BenchSuite.Tests.Data;

[Trait("Category", "unit")]
public sealed class ImageSetTests
{
    /// <summary>Two images; pixel i of image n holds (i + n) mod 256, so together they use every byte value in every plane.</summary>
    static ImageSet TwoImages() =>
        new([.. Enumerable.Range(0, 2 * ImageSet.PixelsPerImage).Select(i => (byte)(i % ImageSet.PixelsPerImage + i / ImageSet.PixelsPerImage))], [3, 7]);

    [Fact]
    public void Every_byte_value_becomes_value_over_255_exactly()
    {
        var set = TwoImages();

        using var images = set.ToTensor();

        // Keras: x.astype("float32") / 255.0. Dividing by 256 (TorchVision's reader) would give 255 -> 0.996.
        images.data<float>().ToArray().ShouldBe(set.Pixels.Select(b => b / 255f));
        images.max().item<float>().ShouldBe(1f);
    }

    [Fact]
    public void Indices_pick_and_order_images_and_labels()
    {
        var set = TwoImages();
        using var scope = TorchSharp.torch.NewDisposeScope();
        var all = set.ToTensor();

        var picked = set.ToTensor([1, 0, 1]);
        var labels = set.LabelsTensor([1, 0, 1]);

        picked.shape.ShouldBe([3L, 3, 32, 32]);
        picked[0].data<float>().ToArray().ShouldBe(all[1].data<float>().ToArray());
        picked[1].data<float>().ToArray().ShouldBe(all[0].data<float>().ToArray());
        picked[2].data<float>().ToArray().ShouldBe(all[1].data<float>().ToArray());
        labels.data<long>().ToArray().ShouldBe([7L, 3, 7]);
        set.ToTensor([]).shape.ShouldBe([0L, 3, 32, 32]);
    }

    [Fact]
    public void Converting_does_not_change_the_bytes()
    {
        var set = TwoImages();
        byte[] before = [.. set.Pixels];

        using (var images = set.ToTensor()) images.mul_(0); // the result is a copy, not a view of Pixels
        using (var picked = set.ToTensor([1])) picked.mul_(0);

        set.Pixels.ShouldBe(before);
    }

    [Fact]
    public void An_empty_set_gives_empty_tensors()
    {
        var set = new ImageSet([], []);

        using var images = set.ToTensor();
        using var labels = set.LabelsTensor();

        images.shape.ShouldBe([0L, 3, 32, 32]);
        labels.shape.ShouldBe([0L]);
    }

    [Fact]
    public void An_index_out_of_range_is_named()
    {
        var set = TwoImages();

        var e = Should.Throw<ArgumentOutOfRangeException>(() => set.ToTensor([0, 2]));

        e.Message.ShouldContain("Image index 2 is outside 0..1");
    }

    [Fact]
    public void Pixel_and_label_counts_must_agree()
    {
        var e = Should.Throw<ArgumentException>(() => new ImageSet(new byte[ImageSet.PixelsPerImage - 1], new byte[1]));

        e.Message.ShouldContain("1 labels need 3072 pixel bytes");
    }
}
