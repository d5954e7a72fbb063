using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>
/// <c>grid_sample(images, affine_grid(θ, align_corners: true), bilinear, border, align_corners: true)</c> for float32
/// images in CPU memory, in one pass: each output pixel's grid entry (<see cref="HostAffineGrid.Row"/>), libtorch's
/// float64 bilinear arithmetic on it, rounded once to float32 — what <see cref="KerasAugmentation"/> otherwise gets from
/// a float64 copy of the batch, a float64 grid, <c>grid_sample</c> in float64 and a float32 copy of its output.
/// </summary>
/// <remarks>
/// libtorch's vectorised CPU kernel (<c>GridSamplerKernel.cpp</c>, <c>ApplyGridSample</c>, bilinear, border padding,
/// align_corners), step by step:
/// <code>
///   x = min(W − 1, max(0, (gx + 1)·((W − 1)/2)))          y likewise with H
///   w = x − ⌊x⌋, e = 1 − w, n = y − ⌊y⌋, s = 1 − n
///   nw = s·e, ne = s·w, sw = n·e, se = n·w
///   out = nw_val·nw + ne_val·ne + sw_val·sw + se_val·se    (the east and south values read as 0 past the last column or row)
/// </code>
/// The sum compiles to a product and three fused multiply-adds, fma(se_val, se, fma(sw_val, sw, fma(ne_val, ne,
/// nw_val·nw))) — found by comparing bit for bit on the README's host, and written so here. With the grid's own
/// arithmetic shared with <see cref="HostAffineGrid"/>, the output is libtorch's bit for bit there (the baselines'
/// exact replays check it); <c>HostBilinearSamplerTests</c> hold it to libtorch's within one float32 unit in the last
/// place on any host. The vector path (AVX2 gathers, four pixels at a time) and the scalar one compute the same
/// operations in the same order.
/// </remarks>
internal static class HostBilinearSampler
{
    /// <param name="images">float32 [B, C, H, W] in CPU memory, H and W ≥ 2.</param>
    /// <param name="thetas">B row-major [2, 3] thetas, one after another (<see cref="KerasTransformMatrix"/>).</param>
    /// <param name="vectorized">false forces the scalar path (the tests compare the two).</param>
    public static unsafe Tensor Sample(Tensor images, ReadOnlySpan<double> thetas, bool vectorized = true)
    {
        if (images.dtype != ScalarType.Float32 || images.device_type != TorchSharp.DeviceType.CPU || images.dim() != 4)
            throw new ArgumentException($"Expected float32 [B, C, H, W] images in CPU memory; got {images.dtype} [{string.Join(", ", images.shape)}] on {images.device}.", nameof(images));
        int batch = checked((int)images.shape[0]), channels = checked((int)images.shape[1]);
        int rows = checked((int)images.shape[2]), cols = checked((int)images.shape[3]);
        if (thetas.Length != batch * 6)
            throw new ArgumentException($"Expected {batch}·6 theta entries (one [2, 3] matrix per image); got {thetas.Length}.", nameof(thetas));
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2, nameof(images));
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 2, nameof(images));

        using var source = images.contiguous();
        var output = empty(images.shape, ScalarType.Float32, device: CPU);
        double[] xs = HostAffineGrid.Line(cols), ys = HostAffineGrid.Line(rows);
        var gridX = new double[cols];
        var gridY = new double[cols];
        long imageSize = (long)channels * rows * cols;
        bool useVectors = vectorized && Avx2.IsSupported && Fma.IsSupported;
        fixed (byte* inBytes = source.bytes)
        fixed (byte* outBytes = output.bytes)
        {
            for (int n = 0; n < batch; n++)
            {
                var image = (float*)inBytes + n * imageSize;
                var result = (float*)outBytes + n * imageSize;
                for (int r = 0; r < rows; r++)
                {
                    HostAffineGrid.Row(thetas.Slice(n * 6, 6), ys[r], xs, gridX, gridY);
                    int done = useVectors ? RowVectorized(image, result + (long)r * cols, gridX, gridY, channels, rows, cols) : 0;
                    RowScalar(image, result + (long)r * cols, gridX, gridY, channels, rows, cols, done);
                }
            }
        }
        return output;
    }

    /// <summary>Output columns from <paramref name="from"/> to the end of one row, one pixel at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe void RowScalar(float* image, float* outRow, ReadOnlySpan<double> gridX, ReadOnlySpan<double> gridY,
                                 int channels, int rows, int cols, int from)
    {
        double scaleX = (cols - 1) / 2.0, scaleY = (rows - 1) / 2.0;
        long plane = (long)rows * cols;
        for (int c = from; c < cols; c++)
        {
            double x = Math.Min(cols - 1, Math.Max(0.0, (gridX[c] + 1) * scaleX));
            double y = Math.Min(rows - 1, Math.Max(0.0, (gridY[c] + 1) * scaleY));
            double xWest = Math.Floor(x), yNorth = Math.Floor(y);
            double w = x - xWest, e = 1 - w, n = y - yNorth, s = 1 - n;
            double nw = s * e, ne = s * w, sw = n * e, se = n * w;
            int ix = (int)xWest, iy = (int)yNorth;
            bool hasEast = ix + 1 < cols, hasSouth = iy + 1 < rows;
            long offset = (long)iy * cols + ix;
            for (int ch = 0; ch < channels; ch++)
            {
                var p = image + ch * plane + offset;
                double value = p[0] * nw;
                value = Math.FusedMultiplyAdd(hasEast ? p[1] : 0, ne, value);
                value = Math.FusedMultiplyAdd(hasSouth ? p[cols] : 0, sw, value);
                value = Math.FusedMultiplyAdd(hasEast && hasSouth ? p[cols + 1] : 0, se, value);
                outRow[ch * plane + c] = (float)value;
            }
        }
    }

    /// <summary>Four output pixels at a time; returns how many columns it wrote (a multiple of four).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static unsafe int RowVectorized(float* image, float* outRow, double[] gridX, double[] gridY, int channels, int rows, int cols)
    {
        var one = Vector256.Create(1.0);
        var zero = Vector256<double>.Zero;
        Vector256<double> scaleX = Vector256.Create((cols - 1) / 2.0), scaleY = Vector256.Create((rows - 1) / 2.0);
        Vector256<double> maxX = Vector256.Create((double)(cols - 1)), maxY = Vector256.Create((double)(rows - 1));
        Vector128<int> colsV = Vector128.Create(cols), lastCol = Vector128.Create(cols - 1), lastRow = Vector128.Create(rows - 1);
        long plane = (long)rows * cols;
        int c = 0;
        fixed (double* gx = gridX, gy = gridY)
        {
            for (; c <= cols - 4; c += 4)
            {
                var x = Vector256.Min(maxX, Vector256.Max(zero, (Avx.LoadVector256(gx + c) + one) * scaleX));
                var y = Vector256.Min(maxY, Vector256.Max(zero, (Avx.LoadVector256(gy + c) + one) * scaleY));
                Vector256<double> xWest = Vector256.Floor(x), yNorth = Vector256.Floor(y);
                Vector256<double> w = x - xWest, e = one - w, n = y - yNorth, s = one - n;
                Vector256<double> nw = s * e, ne = s * w, sw = n * e, se = n * w;
                Vector128<int> ix = Avx.ConvertToVector128Int32WithTruncation(xWest);
                Vector128<int> iy = Avx.ConvertToVector128Int32WithTruncation(yNorth);
                // Lanes past the last column or row are not read (libtorch's masked gather: they read as 0).
                Vector128<float> east = Vector128.LessThan(ix, lastCol).AsSingle();
                Vector128<float> south = Vector128.LessThan(iy, lastRow).AsSingle();
                Vector128<float> southEast = east & south;
                Vector128<int> nwAt = iy * colsV + ix, neAt = nwAt + Vector128<int>.One;
                Vector128<int> swAt = nwAt + colsV, seAt = swAt + Vector128<int>.One;
                for (int ch = 0; ch < channels; ch++)
                {
                    var p = image + ch * plane;
                    var nwValue = Avx.ConvertToVector256Double(Avx2.GatherVector128(p, nwAt, 4));
                    var neValue = Avx.ConvertToVector256Double(Avx2.GatherMaskVector128(Vector128<float>.Zero, p, neAt, east, 4));
                    var swValue = Avx.ConvertToVector256Double(Avx2.GatherMaskVector128(Vector128<float>.Zero, p, swAt, south, 4));
                    var seValue = Avx.ConvertToVector256Double(Avx2.GatherMaskVector128(Vector128<float>.Zero, p, seAt, southEast, 4));
                    var value = nwValue * nw;
                    value = Fma.MultiplyAdd(neValue, ne, value);
                    value = Fma.MultiplyAdd(swValue, sw, value);
                    value = Fma.MultiplyAdd(seValue, se, value);
                    Avx.ConvertToVector128Single(value).Store(outRow + ch * plane + c);
                }
            }
        }
        return c;
    }
}
