using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>
/// Per-image augmentation parameters for one batch, as Keras 2.14's
/// <c>ImageDataGenerator.get_random_transform</c> draws them (one entry per image), on the host.
/// </summary>
/// <param name="ThetaDegrees">Keras <c>theta</c>, rotation in degrees.</param>
/// <param name="RowShiftPixels">Keras <c>tx</c> = U(-height_shift_range, height_shift_range)·rows.
/// See <see cref="KerasAugmentation.Apply(Tensor, Tensor, Tensor, Tensor, Tensor)"/> for the direction it actually moves content.</param>
/// <param name="ColShiftPixels">Keras <c>ty</c> = U(-width_shift_range, width_shift_range)·cols.</param>
/// <param name="Flip">Keras <c>flip_horizontal</c>.</param>
internal sealed record AugmentationParameters(double[] ThetaDegrees, double[] RowShiftPixels, double[] ColShiftPixels, bool[] Flip);

/// <summary>
/// Batched equivalent of Keras 2.14 <c>ImageDataGenerator(rotation_range, width_shift_range, height_shift_range,
/// horizontal_flip)</c> with fill_mode='nearest' and interpolation order 1, i.e. per image
/// <c>apply_transform(x, get_random_transform(x.shape))</c> from keras/src/preprocessing/image.py.
/// Images are float NCHW; each image gets its own parameters. The matrices are built on the host
/// (<see cref="KerasTransformMatrix"/>), the sampling grid too on CPU (<see cref="HostAffineGrid"/>); the resampling is
/// libtorch's <c>grid_sample</c> in float64.
/// </summary>
/// <remarks>
/// Verified against scipy (fixtures/augmentation). Conventions that follow from the Keras code (rows top to bottom,
/// columns left to right, centre c = size/2 − 0.5):
/// output(r, col) = input(r_in, c_in) with
/// r_in = cosθ·(r − c) + sinθ·(col − c) + c + ty·cosθ + tx·sinθ and
/// c_in = −sinθ·(r − c) + cosθ·(col − c) + c + tx·cosθ − ty·sinθ (square image), so
/// positive theta turns content counter-clockwise as displayed, positive <c>tx</c> moves content LEFT
/// (towards column 0) and positive <c>ty</c> moves content UP (towards row 0). Note that Keras draws <c>tx</c> from
/// height_shift_range scaled by rows, but after its row/column swap it translates along columns (and <c>ty</c>,
/// from width_shift_range, along rows); for square images with equal ranges this is immaterial.
/// </remarks>
public sealed class KerasAugmentation
{
    public KerasAugmentation(AugmentationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.RotationRangeDegrees >= 0) || double.IsInfinity(settings.RotationRangeDegrees))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.RotationRangeDegrees, "RotationRangeDegrees must be finite and ≥ 0.");
        // Keras reads shift ranges ≥ 1 as pixels (and ints as choices); only the fractional form is supported here.
        if (!(settings.WidthShiftRange is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.WidthShiftRange, "WidthShiftRange must be a fraction in [0, 1).");
        if (!(settings.HeightShiftRange is >= 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.HeightShiftRange, "HeightShiftRange must be a fraction in [0, 1).");
        Settings = settings;
    }

    public AugmentationSettings Settings { get; }

    /// <summary>
    /// Draws per-image parameters for a batch of <paramref name="batch"/> images of size rows × cols. Always consumes
    /// the same amount of randomness (4·B uniform draws: B each for theta, tx, ty and the flip, in Keras' order), so a
    /// seed gives the same parameters whatever the settings.
    /// </summary>
    /// <remarks>
    /// One <c>rand(4·B)</c> on the generator's device, read once; the scaling is done here in float64 with the operations
    /// the tensor form used (u·2r − r, then ·rows), which round the same. On CPU libtorch fills a tensor from the
    /// generator one element after another, so this draws exactly what four <c>rand(B)</c> calls did
    /// (<c>KerasAugmentationTests</c> holds the two equal bit for bit).
    /// </remarks>
    internal AugmentationParameters DrawParameters(int batch, long rows, long cols, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentNullException.ThrowIfNull(generator);
        double[] u;
        using (var draws = rand(4L * batch, ScalarType.Float64, generator.device, generator: generator))
        using (var onHost = draws.cpu())
            u = onHost.data<double>().ToArray();

        var theta = new double[batch];
        var tx = new double[batch];
        var ty = new double[batch];
        var flip = new bool[batch];
        for (int i = 0; i < batch; i++)
        {
            // get_random_transform:
            //   theta = np.random.uniform(-self.rotation_range, self.rotation_range)
            theta[i] = Uniform(u[i], Settings.RotationRangeDegrees);
            //   tx = np.random.uniform(-self.height_shift_range, self.height_shift_range)
            //   if np.max(self.height_shift_range) < 1: tx *= img_shape[img_row_axis]
            tx[i] = Uniform(u[batch + i], Settings.HeightShiftRange) * rows;
            //   ty = np.random.uniform(-self.width_shift_range, self.width_shift_range)
            //   if np.max(self.width_shift_range) < 1: ty *= img_shape[img_col_axis]
            ty[i] = Uniform(u[2 * batch + i], Settings.WidthShiftRange) * cols;
            //   flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
            flip[i] = Settings.HorizontalFlip && u[3 * batch + i] < 0.5;
        }
        return new AugmentationParameters(theta, tx, ty, flip);
    }

    // np.random.uniform(-range, range) = -range + 2·range·U[0, 1); a zero range gives exactly 0.
    static double Uniform(double u, double range) => range == 0 ? 0.0 : u * (2 * range) - range;

    /// <summary>
    /// Augments a batch with freshly drawn per-image parameters (see <see cref="DrawParameters"/>).
    /// With <see cref="AugmentationSettings.IsIdentity"/> settings nothing is drawn and the input is returned
    /// unchanged (as a new handle on the same storage, which the caller may dispose independently).
    /// </summary>
    /// <param name="images">float NCHW batch, e.g. [B, 3, 32, 32] in [0, 1].</param>
    /// <param name="generator">the run's generator (seeded from the run seed): same seed, same batch.</param>
    public Tensor Apply(Tensor images, Generator generator)
    {
        CheckImages(images);
        if (Settings.IsIdentity) return images.alias();
        return Apply(images, DrawParameters((int)images.shape[0], images.shape[2], images.shape[3], generator));
    }

    /// <summary>
    /// Augments a batch with explicit per-image parameters, exactly as Keras'
    /// <c>ImageDataGenerator.apply_transform(x, {"theta", "tx", "ty", "flip_horizontal"})</c> would for each image
    /// (independent of <see cref="Settings"/>).
    /// </summary>
    /// <param name="images">float NCHW batch [B, C, H, W].</param>
    /// <param name="thetaDegrees">[B] Keras <c>theta</c> (degrees).</param>
    /// <param name="rowShiftPixels">[B] Keras <c>tx</c> in pixels (drawn from height_shift_range·rows). Despite the
    /// name, Keras applies it along the columns: positive moves content left.</param>
    /// <param name="colShiftPixels">[B] Keras <c>ty</c> in pixels (drawn from width_shift_range·cols). Keras applies it
    /// along the rows: positive moves content up.</param>
    /// <param name="flip">[B] bool (or nonzero numeric): Keras <c>flip_horizontal</c>, mirrors columns after the affine.</param>
    public Tensor Apply(Tensor images, Tensor thetaDegrees, Tensor rowShiftPixels, Tensor colShiftPixels, Tensor flip)
    {
        CheckImages(images);
        long b = images.shape[0];
        CheckParameter(thetaDegrees, b, nameof(thetaDegrees));
        CheckParameter(rowShiftPixels, b, nameof(rowShiftPixels));
        CheckParameter(colShiftPixels, b, nameof(colShiftPixels));
        CheckParameter(flip, b, nameof(flip));

        double[] host; // the parameters on the host, in one read
        using (NewDisposeScope())
            host = stack([thetaDegrees.to(ScalarType.Float64, CPU), rowShiftPixels.to(ScalarType.Float64, CPU),
                          colShiftPixels.to(ScalarType.Float64, CPU), flip.to(ScalarType.Float64, CPU)])
                .data<double>().ToArray();
        int n = (int)b;
        return Apply(images, new AugmentationParameters(host[..n], host[n..(2 * n)], host[(2 * n)..(3 * n)],
                                                        [.. host[(3 * n)..].Select(f => f != 0)]));
    }

    Tensor Apply(Tensor images, AugmentationParameters p)
    {
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        int n = (int)b;
        using var scope = NewDisposeScope();
        var device = images.device;
        double[] degrees = p.ThetaDegrees, tx = p.RowShiftPixels, ty = p.ColShiftPixels;
        bool[] flips = p.Flip;

        // apply_affine_transform builds no matrix (and returns x untouched) when theta == 0 and tx == ty == 0:
        // keep those images bit-exact instead of resampling them through an identity grid.
        // apply_transform: if transform_parameters.get("flip_horizontal", False): x = flip_axis(x, img_col_axis)
        // (after the affine transform; flip_axis reverses the column axis, dim 3 in NCHW). Warped images are mirrored
        // by sampling them through a mirrored grid (KerasTransformMatrix), the others by reversing their columns.
        var identity = new bool[n];
        for (int i = 0; i < n; i++) identity[i] = degrees[i] == 0 && tx[i] == 0 && ty[i] == 0;
        int identities = identity.Count(x => x);
        Tensor result;
        if (identities == n)
            result = Mirror(images, flips);
        else
        {
            var (cos, sin) = CosSin(degrees);
            var thetas = new double[n * 6];
            for (int i = 0; i < n; i++)
                KerasTransformMatrix.SamplingTheta(cos[i], sin[i], tx[i], ty[i], flips[i], h, w, thetas.AsSpan(i * 6, 6));
            var warped = Sample(images, thetas);
            result = identities == 0 ? warped
                : where(tensor(identity, device: device).view(b, 1, 1, 1), Mirror(images, flips), warped);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>theta = np.deg2rad(theta)</c>, then <c>np.cos(theta)</c> and <c>np.sin(theta)</c>: the product here (one
    /// rounding, as libtorch's did), cos and sin by libtorch's float64 CPU kernels, whose rounding is part of the
    /// recorded baselines' bits (they are not always the correctly rounded value that <see cref="Math.Cos"/> gives).
    /// On the host for every device, so a batch's matrices do not depend on where the images are.
    /// </summary>
    static (double[] Cos, double[] Sin) CosSin(double[] degrees)
    {
        using var scope = NewDisposeScope();
        var radians = new double[degrees.Length];
        for (int i = 0; i < radians.Length; i++) radians[i] = degrees[i] * (Math.PI / 180.0);
        var angles = tensor(radians);
        return (angles.cos().data<double>().ToArray(), angles.sin().data<double>().ToArray());
    }

    /// <summary>The images whose <paramref name="flips"/> entry is set mirrored (columns reversed), the others as they are.</summary>
    static Tensor Mirror(Tensor images, bool[] flips) =>
        flips.Any(f => f)
            ? where(tensor(flips, device: images.device).view(-1, 1, 1, 1), images.flip(3), images)
            : images.alias();

    /// <summary>
    /// Resamples each image through its theta (<paramref name="thetas"/>: B row-major [2, 3] matrices,
    /// <see cref="KerasTransformMatrix"/>): <c>affine_grid</c>/<c>grid_sample</c> with align_corners and border
    /// padding reproduce <c>scipy.ndimage.affine_transform(channel, M[:2, :2], M[:2, 2], order=1, mode='nearest')</c>.
    /// On CPU the grid is written on the host (<see cref="HostAffineGrid"/>, the same values).
    /// </summary>
    static Tensor Sample(Tensor images, double[] thetas)
    {
        var grid = images.device_type == TorchSharp.DeviceType.CPU
            ? HostAffineGrid.Build(thetas, images.shape[2], images.shape[3])
            : nn.functional.affine_grid(tensor(thetas, [images.shape[0], 2, 3], ScalarType.Float64, images.device), images.shape, align_corners: true);
        // Sample in float64 and round once at the end: keeps us within ~1e-7 of scipy (which also interpolates in
        // double). The float64 copies and the sampling are about half of the augmentation's time (README, Throughput).
        var sampled = nn.functional.grid_sample(images.to(ScalarType.Float64), grid,
            mode: GridSampleMode.Bilinear, padding_mode: GridSamplePaddingMode.Border, align_corners: true);
        return sampled.to(images.dtype);
    }

    static void CheckImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4)
            throw new ArgumentException($"Expected NCHW images [B, C, H, W]; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (!is_floating_point(images))
            throw new ArgumentException($"Expected floating-point images; got {images.dtype}.", nameof(images));
        if (images.shape[2] < 2 || images.shape[3] < 2)
            throw new ArgumentException("Images must be at least 2×2.", nameof(images));
    }

    static void CheckParameter(Tensor p, long batch, string name)
    {
        ArgumentNullException.ThrowIfNull(p, name);
        if (p.dim() != 1 || p.shape[0] != batch)
            throw new ArgumentException($"Expected a [{batch}] tensor (one value per image); got shape [{string.Join(", ", p.shape)}].", name);
    }
}
