using System.Text.Json;
using BenchSuite.Data;
using Shouldly;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Data;

[Trait("Category", "unit")]
public sealed class KerasAugmentationTests
{
    const double ScipyTolerance = 1e-5;

    /// <summary>The seed script's <c>ImageDataGenerator(rotation_range=15, width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True)</c>.</summary>
    static readonly AugmentationSettings Seed = new(15, 0.1, 0.1, true);

    static readonly KerasAugmentation Keras = new(Seed);

    // ---------- equivalence with Keras 2.14 / scipy (fixtures/augmentation/keras-reference.json) ----------

    public static TheoryData<string> ReferenceCases() => new(Reference.Value.Cases.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(ReferenceCases))]
    public void Matches_the_scipy_reference_for_each_case(string name)
    {
        using var scope = NewDisposeScope();
        var c = Reference.Value.Cases.Single(x => x.Name == name);
        var image = Reference.Value.Image(c.Image);

        var output = Keras.Apply(image, tensor(new[] { c.Theta }), tensor(new[] { c.Tx }), tensor(new[] { c.Ty }), tensor(new[] { c.Flip }));

        output.dtype.ShouldBe(ScalarType.Float32);
        output.shape.ShouldBe(image.shape);
        MaxAbsDiff(output, Reference.Value.Expected(c)).ShouldBeLessThanOrEqualTo(ScipyTolerance, name);
    }

    [Fact]
    public void Matches_the_scipy_reference_when_all_cases_of_an_image_run_as_one_batch()
    {
        using var scope = NewDisposeScope();
        foreach (var group in Reference.Value.Cases.GroupBy(c => c.Image))
        {
            var cases = group.ToArray();
            var image = Reference.Value.Image(group.Key);
            var batch = image.expand(cases.Length, -1, -1, -1).contiguous();

            var output = Keras.Apply(batch,
                tensor(cases.Select(c => c.Theta).ToArray()), tensor(cases.Select(c => c.Tx).ToArray()),
                tensor(cases.Select(c => c.Ty).ToArray()), tensor(cases.Select(c => c.Flip).ToArray()));

            for (int i = 0; i < cases.Length; i++)
                MaxAbsDiff(output[i].unsqueeze(0), Reference.Value.Expected(cases[i])).ShouldBeLessThanOrEqualTo(ScipyTolerance, cases[i].Name);
        }
    }

    // ---------- orientation, spelled out (the fixture cases pin the same facts numerically) ----------

    [Theory]
    [InlineData(0.0, 2.0, 0.0, 2, 3)]   // positive tx (drawn from height_shift_range·rows) moves content 2 columns LEFT
    [InlineData(0.0, 0.0, 2.0, 0, 5)]   // positive ty (drawn from width_shift_range·cols) moves content 2 rows UP
    [InlineData(90.0, 0.0, 0.0, 2, 2)]  // positive theta turns content counter-clockwise: top-right → top-left
    public void Moves_content_the_way_Keras_does(double theta, double tx, double ty, long row, long col)
    {
        using var scope = NewDisposeScope();
        var image = zeros(1, 1, 8, 8);
        image[0, 0, 2, 5] = tensor(1f); // a dot at row 2, column 5 (centre is 3.5, 3.5)

        var output = Keras.Apply(image, tensor(new[] { theta }), tensor(new[] { tx }), tensor(new[] { ty }), tensor(new[] { false }));

        var peak = output.view(-1).argmax().item<long>();
        (peak / 8, peak % 8).ShouldBe((row, col));
        output[0, 0, row, col].item<float>().ShouldBe(1f, 1e-5);
    }

    // ---------- identity and flips ----------

    [Fact]
    public void Zero_ranges_return_the_input_unchanged()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(4, seed: 1);
        using var g = new Generator(7);

        var output = new KerasAugmentation(AugmentationSettings.None).Apply(images, g);

        output.shape.ShouldBe(images.shape);
        Identical(output, images).ShouldBeTrue();
    }

    [Fact]
    public void Zero_parameters_leave_images_bit_exact_even_next_to_transformed_ones()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(3, seed: 2);

        var output = Keras.Apply(images, tensor(new[] { 0.0, 5.0, 0.0 }), tensor(new[] { 0.0, 1.5, 0.0 }), tensor(new[] { 0.0, 0.0, 0.0 }), tensor(new[] { false, false, false }));

        Identical(output[0], images[0]).ShouldBeTrue();
        Identical(output[2], images[2]).ShouldBeTrue();
        Identical(output[1], images[1]).ShouldBeFalse();
    }

    [Fact]
    public void A_flip_with_zero_affine_is_an_exact_mirror()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(2, seed: 3);

        var output = Keras.Apply(images, zeros(2, float64), zeros(2, float64), zeros(2, float64), tensor(new[] { true, false }));

        Identical(output[0], images[0].flip(2)).ShouldBeTrue(); // [C, H, W]: columns are dim 2
        Identical(output[1], images[1]).ShouldBeTrue();
    }

    [Theory]
    [InlineData(32, 32, 32)] // the experiments' images
    [InlineData(16, 7, 13)]  // an odd width: the middle column mirrors onto itself
    public void A_flip_after_any_affine_is_the_exact_mirror_of_the_unflipped_output(int batch, int height, int width)
    {
        // Keras flips after the affine transform; here the flip is folded into the sampling grid, which must give the
        // mirror of the unflipped output bit for bit, whatever the rotation and shifts, next to identity images too.
        using var scope = NewDisposeScope();
        using var g = new Generator(21);
        var images = rand([batch, 3, height, width], generator: g);
        var p = Keras.DrawParameters(batch, height, width, g);
        p.ThetaDegrees[1] = 0.0; p.RowShiftPixels[1] = 0.0; p.ColShiftPixels[1] = 0.0; // one identity image
        Tensor theta = tensor(p.ThetaDegrees), tx = tensor(p.RowShiftPixels), ty = tensor(p.ColShiftPixels);

        var unflipped = Keras.Apply(images, theta, tx, ty, zeros(batch, ScalarType.Bool));
        var flipped = Keras.Apply(images, theta, tx, ty, ones(batch, ScalarType.Bool));

        Identical(flipped, unflipped.flip(3)).ShouldBeTrue();
        Identical(unflipped[1], images[1]).ShouldBeTrue();
        Identical(unflipped[0], images[0]).ShouldBeFalse();
    }

    [Fact]
    public void Flip_only_settings_mirror_about_half_of_the_images_exactly()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(64, seed: 4);
        using var g = new Generator(11);

        var output = new KerasAugmentation(AugmentationSettings.None with { HorizontalFlip = true }).Apply(images, g);

        int flipped = 0;
        for (int i = 0; i < 64; i++)
        {
            if (Identical(output[i], images[i].flip(2))) flipped++;
            else Identical(output[i], images[i]).ShouldBeTrue($"image {i} is neither the input nor its mirror");
        }
        flipped.ShouldBeInRange(16, 48);
    }

    // ---------- value range ----------

    [Fact]
    public void Outputs_stay_within_the_range_of_each_input_image()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(32, seed: 5) * 0.5 + 0.25; // each image spans a sub-range of [0, 1]
        using var g = new Generator(13);

        var output = Keras.Apply(images, g);

        // Bilinear weights are convex, so only float rounding could step outside; allow one float32 ulp near 1.
        var inMin = images.amin([1, 2, 3]);
        var inMax = images.amax([1, 2, 3]);
        var outMin = output.amin([1, 2, 3]);
        var outMax = output.amax([1, 2, 3]);
        (outMin - inMin).min().item<float>().ShouldBeGreaterThanOrEqualTo(-1e-7f);
        (outMax - inMax).max().item<float>().ShouldBeLessThanOrEqualTo(1e-7f);
    }

    // ---------- randomness ----------

    [Fact]
    public void The_same_seed_gives_the_same_batch_and_different_seeds_different_batches()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(16, seed: 6);

        using var g1 = new Generator(42);
        using var g2 = new Generator(42);
        using var g3 = new Generator(43);
        var a = Keras.Apply(images, g1);
        var b = Keras.Apply(images, g2);
        var c = Keras.Apply(images, g3);

        Identical(a, b).ShouldBeTrue();
        Identical(a, c).ShouldBeFalse();
        // the generator advances: the next batch from the same generator differs
        Identical(Keras.Apply(images, g1), a).ShouldBeFalse();
    }

    [Fact]
    public void Each_image_of_a_batch_gets_its_own_parameters()
    {
        using var scope = NewDisposeScope();
        var one = RandomImages(1, seed: 7);
        var copies = one.expand(8, -1, -1, -1).contiguous();
        using var g = new Generator(17);

        var output = Keras.Apply(copies, g);

        for (int i = 0; i < 8; i++)
            for (int j = i + 1; j < 8; j++)
                Identical(output[i], output[j]).ShouldBeFalse($"images {i} and {j} were augmented identically");
    }

    [Fact]
    public void Drawn_parameters_lie_within_the_configured_ranges()
    {
        using var g = new Generator(19);

        var p = Keras.DrawParameters(4000, rows: 32, cols: 24, g);

        p.ThetaDegrees.Length.ShouldBe(4000);
        p.Flip.Length.ShouldBe(4000);
        p.ThetaDegrees.Max(Math.Abs).ShouldBeLessThanOrEqualTo(15);
        p.RowShiftPixels.Max(Math.Abs).ShouldBeLessThanOrEqualTo(0.1 * 32);
        p.ColShiftPixels.Max(Math.Abs).ShouldBeLessThanOrEqualTo(0.1 * 24);
        // ... and actually spread over them (uniform, centred), with flips about half the time
        p.ThetaDegrees.Min().ShouldBeLessThan(-14.5);
        p.ThetaDegrees.Max().ShouldBeGreaterThan(14.5);
        p.RowShiftPixels.Max().ShouldBeGreaterThan(0.095 * 32);
        p.ColShiftPixels.Min().ShouldBeLessThan(-0.095 * 24);
        Math.Abs(p.ThetaDegrees.Average()).ShouldBeLessThan(0.5);
        p.Flip.Average(f => f ? 1.0 : 0.0).ShouldBeInRange(0.45, 0.55);
    }

    /// <summary>
    /// The draw is one <c>rand(4·B)</c> scaled on the host. What it must equal, bit for bit, is Keras'
    /// <c>get_random_transform</c> written as tensor operations on the same generator: four <c>rand(B)</c> draws in
    /// Keras' order (theta, tx, ty, flip), each scaled by libtorch (u·2r − r, then ·rows or ·cols; the flip u &lt; 0.5).
    /// That is how the recorded baselines' augmentation was drawn.
    /// </summary>
    [Theory]
    [InlineData(32, 15.0, 0.1, 0.1, true)]
    [InlineData(7, 30.0, 0.25, 0.05, true)]
    [InlineData(5, 0.0, 0.1, 0.0, false)] // zero ranges still consume their draws
    public void The_draw_is_four_uniform_draws_of_B_scaled_as_libtorch_scales_them(int batch, double rotation, double width, double height, bool flip)
    {
        using var scope = NewDisposeScope();
        var settings = new AugmentationSettings(rotation, width, height, flip);
        const long rows = 32, cols = 24;
        using var g1 = new Generator(77);
        using var g2 = new Generator(77);

        var drawn = new KerasAugmentation(settings).DrawParameters(batch, rows, cols, g1);

        Tensor Uniform(double range)
        {
            var u = rand(batch, ScalarType.Float64, generator: g2);
            return range == 0 ? u.zero_() : u.mul_(2 * range).sub_(range);
        }
        var theta = Uniform(rotation);
        var tx = Uniform(height).mul_(rows);
        var ty = Uniform(width).mul_(cols);
        var flips = rand(batch, ScalarType.Float64, generator: g2).lt(0.5).logical_and_(tensor(flip));

        drawn.ThetaDegrees.ShouldBe(theta.data<double>().ToArray());
        drawn.RowShiftPixels.ShouldBe(tx.data<double>().ToArray());
        drawn.ColShiftPixels.ShouldBe(ty.data<double>().ToArray());
        drawn.Flip.ShouldBe(flips.data<bool>().ToArray());
        // the two generators are in the same state after it
        rand(1, ScalarType.Float64, generator: g1).item<double>().ShouldBe(rand(1, ScalarType.Float64, generator: g2).item<double>());
    }

    [Fact]
    public void Disabled_settings_draw_zeros_and_no_flips()
    {
        using var g = new Generator(23);

        var p = new KerasAugmentation(AugmentationSettings.None).DrawParameters(100, 32, 32, g);

        p.ThetaDegrees.ShouldAllBe(x => x == 0);
        p.RowShiftPixels.ShouldAllBe(x => x == 0);
        p.ColShiftPixels.ShouldAllBe(x => x == 0);
        p.Flip.ShouldAllBe(f => !f);
    }

    // ---------- settings and argument checks ----------

    [Fact]
    public void None_is_the_identity_and_the_seed_settings_are_not()
    {
        AugmentationSettings.None.ShouldBe(new AugmentationSettings(0, 0, 0, false));
        AugmentationSettings.None.IsIdentity.ShouldBeTrue();
        Seed.IsIdentity.ShouldBeFalse();
        (AugmentationSettings.None with { HorizontalFlip = true }).IsIdentity.ShouldBeFalse();
    }

    [Theory]
    [InlineData(-1, 0.1, 0.1)]
    [InlineData(15, 1.0, 0.1)]
    [InlineData(15, 0.1, -0.1)]
    [InlineData(double.NaN, 0.1, 0.1)]
    public void Rejects_settings_it_does_not_reproduce(double rotation, double width, double height)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new KerasAugmentation(new AugmentationSettings(rotation, width, height, true)));
    }

    [Fact]
    public void Rejects_parameters_that_do_not_match_the_batch()
    {
        using var scope = NewDisposeScope();
        var images = RandomImages(2, seed: 8);
        Should.Throw<ArgumentException>(() => Keras.Apply(images, zeros(3, float64), zeros(2, float64), zeros(2, float64), zeros(2, @bool)));
        Should.Throw<ArgumentException>(() => Keras.Apply(images[0], zeros(2, float64), zeros(2, float64), zeros(2, float64), zeros(2, @bool)));
    }

    // ---------- helpers ----------

    static Tensor RandomImages(int batch, int seed)
    {
        using var g = new Generator((ulong)seed);
        return rand([batch, 3, 32, 32], generator: g);
    }

    /// <summary>Same shape and bit-for-bit equal values (NaN-free inputs).</summary>
    static bool Identical(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    static double MaxAbsDiff(Tensor a, Tensor b) => (a.to(float64) - b.to(float64)).abs().max().item<double>();

    static readonly Lazy<ReferenceFile> Reference = new(ReferenceFile.Load);

    sealed record ReferenceCase(string Name, string Image, double Theta, double Tx, double Ty, bool Flip, float[] Output);

    sealed class ReferenceFile
    {
        public required Dictionary<string, (long[] Shape, float[] Data)> Images { get; init; }
        public required ReferenceCase[] Cases { get; init; }

        /// <summary>The named input image as a new [1, C, H, W] float32 tensor.</summary>
        public Tensor Image(string name)
        {
            var (shape, data) = Images[name];
            return tensor(data).view([1, .. shape]);
        }

        /// <summary>The scipy output of a case as a new [1, C, H, W] float32 tensor.</summary>
        public Tensor Expected(ReferenceCase c) => tensor(c.Output).view([1, .. Images[c.Image].Shape]);

        public static ReferenceFile Load()
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("augmentation/keras-reference.json")));
            var root = doc.RootElement;
            static float[] Floats(JsonElement e) => e.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
            var images = root.GetProperty("images").EnumerateObject().ToDictionary(
                p => p.Name,
                p => (p.Value.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray(), Floats(p.Value.GetProperty("data"))));
            var cases = root.GetProperty("cases").EnumerateArray().Select(c => new ReferenceCase(
                c.GetProperty("name").GetString()!, c.GetProperty("image").GetString()!,
                c.GetProperty("theta").GetDouble(), c.GetProperty("tx").GetDouble(), c.GetProperty("ty").GetDouble(),
                c.GetProperty("flip").GetBoolean(), Floats(c.GetProperty("output")))).ToArray();
            return new ReferenceFile { Images = images, Cases = cases };
        }
    }
}
