using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>
/// Per-image augmentation parameters for one batch, as Keras 2.14's
/// <c>ImageDataGenerator.get_random_transform</c> draws them (one row per image). Owns its tensors.
/// </summary>
/// <param name="ThetaDegrees">float64 [B]: Keras <c>theta</c>, rotation in degrees.</param>
/// <param name="RowShiftPixels">float64 [B]: Keras <c>tx</c> = U(-height_shift_range, height_shift_range)·rows.
/// See <see cref="KerasAugmentation.Apply(Tensor, Tensor, Tensor, Tensor, Tensor)"/> for the direction it actually moves content.</param>
/// <param name="ColShiftPixels">float64 [B]: Keras <c>ty</c> = U(-width_shift_range, width_shift_range)·cols.</param>
/// <param name="Flip">bool [B]: Keras <c>flip_horizontal</c>.</param>
internal sealed record AugmentationParameters(Tensor ThetaDegrees, Tensor RowShiftPixels, Tensor ColShiftPixels, Tensor Flip) : IDisposable
{
    public void Dispose()
    {
        ThetaDegrees.Dispose();
        RowShiftPixels.Dispose();
        ColShiftPixels.Dispose();
        Flip.Dispose();
    }
}

/// <summary>
/// Batched equivalent of Keras 2.14 <c>ImageDataGenerator(rotation_range, width_shift_range, height_shift_range,
/// horizontal_flip)</c> with fill_mode='nearest' and interpolation order 1, i.e. per image
/// <c>apply_transform(x, get_random_transform(x.shape))</c> from keras/src/preprocessing/image.py.
/// Images are float NCHW; each image gets its own parameters; all work is tensor ops (no per-pixel loops).
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
    /// Draws per-image parameters for a batch of <paramref name="batch"/> images of size rows × cols, on the
    /// generator's device. Always consumes the same amount of randomness (four uniform draws of length B, in
    /// Keras' order theta, tx, ty, flip), so a seed gives the same parameters whatever the settings.
    /// </summary>
    internal AugmentationParameters DrawParameters(int batch, long rows, long cols, Generator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batch);
        ArgumentNullException.ThrowIfNull(generator);
        var device = generator.device;
        using var scope = NewDisposeScope();

        // get_random_transform:
        //   theta = np.random.uniform(-self.rotation_range, self.rotation_range)
        var theta = Uniform(batch, Settings.RotationRangeDegrees, generator, device);
        //   tx = np.random.uniform(-self.height_shift_range, self.height_shift_range)
        //   if np.max(self.height_shift_range) < 1: tx *= img_shape[img_row_axis]
        var tx = Uniform(batch, Settings.HeightShiftRange, generator, device).mul_(rows);
        //   ty = np.random.uniform(-self.width_shift_range, self.width_shift_range)
        //   if np.max(self.width_shift_range) < 1: ty *= img_shape[img_col_axis]
        var ty = Uniform(batch, Settings.WidthShiftRange, generator, device).mul_(cols);
        //   flip_horizontal = (np.random.random() < 0.5) * self.horizontal_flip
        var flip = rand(batch, ScalarType.Float64, device, generator: generator).lt(0.5);
        if (!Settings.HorizontalFlip) flip.zero_();

        var result = new AugmentationParameters(theta, tx, ty, flip);
        scope.MoveToOuter(theta, tx, ty, flip);
        return result;
    }

    // np.random.uniform(-range, range) = -range + 2·range·U[0, 1); a zero range gives exactly 0.
    static Tensor Uniform(int batch, double range, Generator generator, Device device)
    {
        var u = rand(batch, ScalarType.Float64, device, generator: generator);
        return range == 0 ? u.zero_() : u.mul_(2 * range).sub_(range);
    }

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
        using var p = DrawParameters((int)images.shape[0], images.shape[2], images.shape[3], generator);
        return Apply(images, p.ThetaDegrees, p.RowShiftPixels, p.ColShiftPixels, p.Flip);
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
        long b = images.shape[0], h = images.shape[2], w = images.shape[3];
        CheckParameter(thetaDegrees, b, nameof(thetaDegrees));
        CheckParameter(rowShiftPixels, b, nameof(rowShiftPixels));
        CheckParameter(colShiftPixels, b, nameof(colShiftPixels));
        CheckParameter(flip, b, nameof(flip));

        using var scope = NewDisposeScope();
        var device = images.device;
        var theta = thetaDegrees.to(ScalarType.Float64, device);
        var tx = rowShiftPixels.to(ScalarType.Float64, device);
        var ty = colShiftPixels.to(ScalarType.Float64, device);
        var flipMask = flip.to(ScalarType.Bool, device);

        // apply_affine_transform builds no matrix (and returns x untouched) when theta == 0 and tx == ty == 0:
        // keep those images bit-exact instead of resampling them through an identity grid.
        // apply_transform: if transform_parameters.get("flip_horizontal", False): x = flip_axis(x, img_col_axis)
        // (after the affine transform; flip_axis reverses the column axis, dim 3 in NCHW). Warped images are mirrored
        // by sampling them through a mirrored grid (Warp), the others by reversing their columns (Mirror).
        var identity = theta.eq(0).logical_and_(tx.eq(0)).logical_and_(ty.eq(0));
        long identities = identity.sum().item<long>();
        Tensor result;
        if (identities == b)
            result = Mirror(images, flipMask);
        else
        {
            var warped = Warp(images, theta, tx, ty, flipMask, h, w);
            result = identities == 0 ? warped : where(identity.view(b, 1, 1, 1), Mirror(images, flipMask), warped);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>The images whose <paramref name="flip"/> is set mirrored (columns reversed), the others as they are.</summary>
    static Tensor Mirror(Tensor images, Tensor flip) =>
        flip.any().item<bool>() ? where(flip.view(-1, 1, 1, 1), images.flip(3), images) : images.alias();

    /// <summary>
    /// The affine part of Keras' <c>apply_affine_transform</c> for every image of the batch (no identity short-cut),
    /// followed by the horizontal flip of the images whose <paramref name="flip"/> is set.
    /// The 3×3 matrices are built in float64 exactly as Keras builds them, then turned into an
    /// <c>affine_grid</c>/<c>grid_sample</c> call that reproduces
    /// <c>scipy.ndimage.affine_transform(channel, M[:2, :2], M[:2, 2], order=1, mode='nearest')</c>.
    /// </summary>
    static Tensor Warp(Tensor images, Tensor theta, Tensor tx, Tensor ty, Tensor flip, long h, long w)
    {
        var b = theta.shape[0];
        var device = images.device;
        var zero = zeros_like(theta);
        var one = ones_like(theta);
        Tensor Matrices(params Tensor[] entries) => stack(entries, 1).view(b, 3, 3);

        // theta = np.deg2rad(theta)
        // rotation_matrix = np.array([[np.cos(theta), -np.sin(theta), 0],
        //                             [np.sin(theta), np.cos(theta), 0],
        //                             [0, 0, 1]])
        var rad = theta * (Math.PI / 180.0);
        var cos = rad.cos();
        var sin = rad.sin();
        var rotation = Matrices(cos, -sin, zero, sin, cos, zero, zero, zero, one);
        // shift_matrix = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        var shift = Matrices(one, zero, tx, zero, one, ty, zero, zero, one);
        // transform_matrix = np.dot(transform_matrix, shift_matrix)
        // (with theta == 0 the rotation is exactly the identity, so this also covers Keras' shift-only branch)
        var transform = rotation.bmm(shift);

        // h, w = x.shape[row_axis], x.shape[col_axis]
        // transform_matrix = transform_matrix_offset_center(transform_matrix, h, w):
        //   o_x = float(x) / 2 - 0.5; o_y = float(y) / 2 - 0.5
        //   np.dot(np.dot(offset_matrix, matrix), reset_matrix)
        double ox = h / 2.0 - 0.5, oy = w / 2.0 - 0.5;
        var offsetMatrix = tensor(new double[] { 1, 0, ox, 0, 1, oy, 0, 0, 1 }, ScalarType.Float64, device).view(3, 3);
        var resetMatrix = tensor(new double[] { 1, 0, -ox, 0, 1, -oy, 0, 0, 1 }, ScalarType.Float64, device).view(3, 3);
        transform = matmul(matmul(offsetMatrix, transform), resetMatrix);

        // if col_axis > row_axis:   (channels-last: row_axis=0 < col_axis=1)
        //     transform_matrix[:, [0, 1]] = transform_matrix[:, [1, 0]]
        //     transform_matrix[[0, 1]] = transform_matrix[[1, 0]]
        var swap = tensor(new long[] { 1, 0, 2 }, ScalarType.Int64, device);
        transform = transform.index_select(2, swap).index_select(1, swap);

        // final_affine_matrix = transform_matrix[:2, :2]; final_offset = transform_matrix[:2, 2]
        // ndimage.affine_transform(x_channel, final_affine_matrix, final_offset, order=1, mode='nearest'):
        //   output[r, c] = input at (r_in, c_in) = M[:2, :2]·(r, c) + M[:2, 2], bilinear, coordinates clamped to the
        //   edge (mode 'nearest' repeats edge pixels; with order 1 that equals clamping the coordinate).
        // grid_sample(align_corners=true, padding border) samples at normalised (x, y) ∈ [-1, 1] with
        //   col = (x + 1)/2·(W − 1), row = (y + 1)/2·(H − 1), clamping coordinates to the border, so conjugate:
        //   theta_grid = toNormalised · M · fromNormalised, where fromNormalised maps output (x, y, 1) → (r, c, 1)
        //   and toNormalised maps input (r_in, c_in, 1) → (x_in, y_in).
        double hs = (h - 1) / 2.0, ws = (w - 1) / 2.0;
        var fromNormalised = tensor(new double[] { 0, hs, hs, ws, 0, ws, 0, 0, 1 }, ScalarType.Float64, device).view(3, 3);
        var toNormalised = tensor(new double[] { 0, 1 / ws, -1, 1 / hs, 0, -1 }, ScalarType.Float64, device).view(2, 3);
        var gridTheta = matmul(matmul(toNormalised, transform), fromNormalised); // [B, 2, 3]

        // The flip: output column c takes what column W − 1 − c would have had, i.e. the sample at output x becomes
        // the one at −x. affine_grid's x coordinates are exactly antisymmetric (linspace(−1, 1, W) is computed from
        // both ends) and its matrix product treats every grid point alike, so negating the x column of a flipped
        // image's theta gives the mirrored grid bit for bit (KerasAugmentationTests: a flipped image equals the
        // unflipped one mirrored, exactly). This saves two passes over the batch (a flipped copy and a where).
        var xSign = flip.to(ScalarType.Float64).mul(-2.0).add_(1.0); // −1 flipped, 1 not
        gridTheta = gridTheta * stack([xSign, ones_like(xSign), ones_like(xSign)], 1).view(b, 1, 3);

        // Sample in float64 and round once at the end: keeps us within ~1e-7 of scipy (which also interpolates in
        // double). The float64 copies and sampling are about a third of the augmentation's time (README, Throughput).
        var grid = nn.functional.affine_grid(gridTheta, [b, images.shape[1], h, w], align_corners: true);
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
