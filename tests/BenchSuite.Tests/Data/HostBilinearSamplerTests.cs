using BenchSuite.Data;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Data;

/// <summary>
/// <see cref="HostBilinearSampler"/> against libtorch's own <c>affine_grid</c> + <c>grid_sample</c> (bilinear, border,
/// align_corners) on a float64 copy of the images, rounded to float32 — the path it replaces.
/// </summary>
[Trait("Category", "unit")]
public class HostBilinearSamplerTests
{
    public static TheoryData<int, int, int, int> Shapes() => new()
    {
        { 32, 3, 32, 32 }, // the experiments' batches
        { 5, 2, 9, 7 },    // odd sizes: a vector block and a scalar tail in every row
        { 3, 1, 2, 2 },    // the smallest the augmentation takes
        { 4, 3, 13, 11 },  // not square
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Samples_as_libtorchs_grid_sample_does(int batch, int channels, int rows, int cols)
    {
        using var scope = NewDisposeScope();
        var (images, thetas) = Inputs(batch, channels, rows, cols, seed: 5);

        var expected = Reference(images, thetas);
        var sampled = HostBilinearSampler.Sample(images, thetas);

        sampled.shape.ShouldBe(expected.shape);
        sampled.dtype.ShouldBe(ScalarType.Float32);
        // On the README's host the two are identical (the baselines' exact replays check that). Elsewhere libtorch's
        // compiler may contract the float64 sum differently, a few units in the last place of a double, which moves a
        // float32 rounding by one unit about once in 10⁸ values: allow one unit, and at most one value in 10,000.
        var ulp = expected.abs().clamp_min(1e-30).mul(1.1920929e-7);
        (sampled - expected).abs().le(ulp).all().item<bool>().ShouldBeTrue();
        sampled.ne(expected).sum().item<long>().ShouldBeLessThanOrEqualTo(expected.numel() / 10_000);
        expected.std().item<float>().ShouldBeGreaterThan(0.1f); // not a trivially flat output
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_vector_and_scalar_paths_agree_bit_for_bit(int batch, int channels, int rows, int cols)
    {
        using var scope = NewDisposeScope();
        var (images, thetas) = Inputs(batch, channels, rows, cols, seed: 6);

        var vector = HostBilinearSampler.Sample(images, thetas, vectorized: true);
        var scalar = HostBilinearSampler.Sample(images, thetas, vectorized: false);

        Bits(vector).SequenceEqual(Bits(scalar)).ShouldBeTrue();
    }

    [Fact]
    public void Shifts_past_the_edge_repeat_the_edge_pixels()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(7);
        var images = rand([1, 2, 6, 5], generator: g);
        // x' = x + 3: every sample lands right of the last column (normalised, the image spans −1 to 1).
        var sampled = HostBilinearSampler.Sample(images, [1, 0, 3, 0, 1, 0]);

        var lastColumn = images[.., .., .., 4..5].expand(1, 2, 6, 5);
        Identical(sampled, lastColumn).ShouldBeTrue();
    }

    [Fact]
    public void The_identity_theta_returns_the_images_and_a_mirror_theta_mirrors_them()
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(8);
        var images = rand([2, 3, 7, 9], generator: g);

        Identical(HostBilinearSampler.Sample(images, [1, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0]), images).ShouldBeTrue();
        Identical(HostBilinearSampler.Sample(images, [-1, 0, 0, 0, 1, 0, -1, 0, 0, 0, 1, 0]), images.flip(3)).ShouldBeTrue();
    }

    [Fact]
    public void Other_dtypes_a_wrong_theta_count_and_sides_under_2_are_refused()
    {
        using var scope = NewDisposeScope();
        Should.Throw<ArgumentException>(() => HostBilinearSampler.Sample(zeros([1, 1, 4, 4], ScalarType.Float64), new double[6]))
            .Message.ShouldContain("float32");
        Should.Throw<ArgumentException>(() => HostBilinearSampler.Sample(zeros(2, 1, 4, 4), new double[6]))
            .Message.ShouldContain("2·6");
        Should.Throw<ArgumentOutOfRangeException>(() => HostBilinearSampler.Sample(zeros(1, 1, 1, 4), new double[6]));
        Should.Throw<ArgumentOutOfRangeException>(() => HostBilinearSampler.Sample(zeros(1, 1, 4, 1), new double[6]));
    }

    /// <summary>Images with negative values too, and thetas that rotate, shear, shift past the border and mirror.</summary>
    static (Tensor Images, double[] Thetas) Inputs(int batch, int channels, int rows, int cols, int seed)
    {
        using var g = new Generator((ulong)seed);
        var images = rand([batch, channels, rows, cols], generator: g).sub_(0.25);
        var theta = rand([batch, 2, 3], dtype: ScalarType.Float64, generator: g).sub_(0.5).mul_(0.8);
        theta[TensorIndex.Colon, 0, 0] += 1;
        theta[TensorIndex.Colon, 1, 1] += 1;
        theta[TensorIndex.Colon, TensorIndex.Colon, 2] *= 3; // shifts up to 1.2: samples past every side
        theta[TensorIndex.Slice(0, batch, 2), TensorIndex.Colon, 0] *= -1; // mirrored maps
        return (images, theta.data<double>().ToArray());
    }

    static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    /// <summary>The float32 bit patterns (so −0 and +0 differ).</summary>
    static int[] Bits(Tensor t) => t.contiguous().data<float>().ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();

    static Tensor Reference(Tensor images, double[] thetas)
    {
        var theta = tensor(thetas, [images.shape[0], 2, 3], ScalarType.Float64);
        var grid = nn.functional.affine_grid(theta, images.shape, align_corners: true);
        return nn.functional.grid_sample(images.to(ScalarType.Float64), grid, mode: GridSampleMode.Bilinear,
            padding_mode: GridSamplePaddingMode.Border, align_corners: true).to(ScalarType.Float32);
    }
}
