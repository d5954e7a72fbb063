namespace BenchSuite.Data;

/// <summary>
/// Keras 2.14's <c>apply_affine_transform</c> matrix for one image, in float64 on the host, turned into the
/// <c>affine_grid</c> theta that <see cref="KerasAugmentation"/> samples with (<c>grid_sample</c>,
/// align_corners, border padding), the horizontal flip included.
/// </summary>
/// <remarks>
/// The matrices were built per batch in tensor ops until issue 8: about 30 operations on [B, 3, 3] tensors, 75–100 µs a
/// step on the README's host. Here they cost a few hundred floating-point operations. Each product rounds as the
/// tensor operation it replaces did there, so the baselines recorded with those stay bit-identical (the fixture
/// baselines' exact replay): the rotation·shift product is libtorch's small <c>bmm</c>, a plain sum from 0; the others
/// went through MKL's <c>dgemm</c>, which computes a₀b₀, then fused multiply-adds in k order (<see cref="Product"/>;
/// found by comparing candidate orders with the tensor ops bit for bit on 64,000 random parameter sets). Either way
/// each entry is the exact sum rounded at most three times, far inside the 1e-5 the augmentation is held to against
/// scipy; <c>KerasTransformMatrixTests</c> holds it within four units in the last place of the tensor ops on any host.
/// On another CPU MKL may pick a kernel that rounds differently; there this code defines the matrices.
/// </remarks>
internal static class KerasTransformMatrix
{
    /// <summary>
    /// The [2, 3] theta (row-major, written to <paramref name="theta"/>) for one image of <paramref name="rows"/> ×
    /// <paramref name="cols"/> pixels.
    /// </summary>
    /// <param name="cos">cos θ and <paramref name="sin"/> sin θ, θ = Keras <c>theta</c> in radians (computed by the caller's
    /// tensor ops: their rounding is part of the baselines).</param>
    /// <param name="tx">Keras <c>tx</c> and <paramref name="ty"/> <c>ty</c>, in pixels.</param>
    /// <param name="flip">Keras <c>flip_horizontal</c>: mirror the columns after the affine transform.</param>
    public static void SamplingTheta(double cos, double sin, double tx, double ty, bool flip, long rows, long cols, Span<double> theta)
    {
        // Matrices are row-major spans: 3 × 3, or 2 × 3 for the last ones.
        // rotation_matrix = np.array([[np.cos(theta), -np.sin(theta), 0],
        //                             [np.sin(theta), np.cos(theta), 0],
        //                             [0, 0, 1]])
        ReadOnlySpan<double> rotation = [cos, -sin, 0, sin, cos, 0, 0, 0, 1];
        // shift_matrix = np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]])
        ReadOnlySpan<double> shift = [1, 0, tx, 0, 1, ty, 0, 0, 1];
        // transform_matrix = np.dot(transform_matrix, shift_matrix)
        // (with theta == 0 the rotation is exactly the identity, so this also covers Keras' shift-only branch)
        Span<double> transform = stackalloc double[9];
        Product(rotation, shift, transform, fused: false);

        // h, w = x.shape[row_axis], x.shape[col_axis]
        // transform_matrix = transform_matrix_offset_center(transform_matrix, h, w):
        //   o_x = float(x) / 2 - 0.5; o_y = float(y) / 2 - 0.5
        //   np.dot(np.dot(offset_matrix, matrix), reset_matrix)
        double ox = rows / 2.0 - 0.5, oy = cols / 2.0 - 0.5;
        ReadOnlySpan<double> offset = [1, 0, ox, 0, 1, oy, 0, 0, 1];
        ReadOnlySpan<double> reset = [1, 0, -ox, 0, 1, -oy, 0, 0, 1];
        Span<double> offsetTransform = stackalloc double[9], centred = stackalloc double[9];
        Product(offset, transform, offsetTransform, fused: true);
        Product(offsetTransform, reset, centred, fused: true);

        // if col_axis > row_axis:   (channels-last: row_axis=0 < col_axis=1)
        //     transform_matrix[:, [0, 1]] = transform_matrix[:, [1, 0]]
        //     transform_matrix[[0, 1]] = transform_matrix[[1, 0]]
        ReadOnlySpan<int> swap = [1, 0, 2];
        Span<double> swapped = stackalloc double[9];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                swapped[i * 3 + j] = centred[swap[i] * 3 + swap[j]];

        // final_affine_matrix = transform_matrix[:2, :2]; final_offset = transform_matrix[:2, 2]
        // ndimage.affine_transform(x_channel, final_affine_matrix, final_offset, order=1, mode='nearest'):
        //   output[r, c] = input at (r_in, c_in) = M[:2, :2]·(r, c) + M[:2, 2], bilinear, coordinates clamped to the
        //   edge (mode 'nearest' repeats edge pixels; with order 1 that equals clamping the coordinate).
        // grid_sample(align_corners=true, padding border) samples at normalised (x, y) ∈ [-1, 1] with
        //   col = (x + 1)/2·(W − 1), row = (y + 1)/2·(H − 1), clamping coordinates to the border, so conjugate:
        //   theta_grid = toNormalised · M · fromNormalised, where fromNormalised maps output (x, y, 1) → (r, c, 1)
        //   and toNormalised maps input (r_in, c_in, 1) → (x_in, y_in).
        double hs = (rows - 1) / 2.0, ws = (cols - 1) / 2.0;
        ReadOnlySpan<double> fromNormalised = [0, hs, hs, ws, 0, ws, 0, 0, 1];
        ReadOnlySpan<double> toNormalised = [0, 1 / ws, -1, 1 / hs, 0, -1];
        Span<double> normalisedInput = stackalloc double[6];
        Product(toNormalised, swapped, normalisedInput, fused: true);
        Product(normalisedInput, fromNormalised, theta, fused: true);

        // apply_transform: if transform_parameters.get("flip_horizontal", False): x = flip_axis(x, img_col_axis).
        // Output column c then takes what column W − 1 − c would have had: the sample at output x becomes the one at
        // −x. affine_grid's x coordinates are exactly antisymmetric (linspace(−1, 1, W) is computed from both ends)
        // and its matrix product treats every grid point alike, so negating the x column gives the mirrored grid bit
        // for bit (KerasAugmentationTests: a flipped image equals the unflipped one mirrored, exactly, for W = 32 and
        // 13). For an odd W that needs the middle coordinate, 1 − (2/(W − 1))·(W − 1)/2, to round to exactly 0; where
        // it does not (some odd widths), the mirrored sample moves by about 1e-16 of a pixel.
        if (flip)
        {
            theta[0] = -theta[0];
            theta[3] = -theta[3];
        }
    }

    /// <summary>
    /// a · b for a row-major [n, 3] matrix a (n = a.Length / 3) and a [3, 3] matrix b, into <paramref name="product"/>.
    /// Not <paramref name="fused"/>: libtorch's small <c>bmm</c> kernel, a plain sum from zero, every product rounded.
    /// <paramref name="fused"/>: MKL's <c>dgemm</c> as libtorch 2.10 calls it on the README's host, a₀b₀ and then fused
    /// multiply-adds in k order.
    /// </summary>
    static void Product(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> product, bool fused)
    {
        for (int i = 0; i < a.Length / 3; i++)
            for (int j = 0; j < 3; j++)
            {
                double a0 = a[i * 3], a1 = a[i * 3 + 1], a2 = a[i * 3 + 2], b0 = b[j], b1 = b[3 + j], b2 = b[6 + j];
                product[i * 3 + j] = fused
                    ? Math.FusedMultiplyAdd(a2, b2, Math.FusedMultiplyAdd(a1, b1, a0 * b0))
                    : 0.0 + a0 * b0 + a1 * b1 + a2 * b2;
            }
    }
}
