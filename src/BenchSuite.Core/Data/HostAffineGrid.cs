using System.Collections.Concurrent;
using System.Numerics;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>
/// <c>affine_grid(theta, [B, C, H, W], align_corners: true)</c> for thetas held on the host, written straight into a
/// CPU tensor: the sampling grid of <see cref="KerasAugmentation"/> on CPU.
/// </summary>
/// <remarks>
/// libtorch builds a [B, H, W, 3] float64 base grid and multiplies it by each theta (a batched MKL <c>dgemm</c>):
/// 0.14–0.2 ms a batch of 32 on the README's host, and 0.8 MB of memory swept on every step. The grid's entries are
/// x·θ₀₀ + y·θ₀₁ + θ₀₂ (and the same with θ₁ⱼ); here they are computed as that <c>dgemm</c> computes them there —
/// fma(y, θ₀₁, x·θ₀₀) + θ₀₂, with x and y from the same <c>linspace</c> kernel — so the grid is the same bit for bit
/// there (found by comparing candidate orders on 1.4 million entries; the fixture and cifar10-quick baselines' exact
/// replays hold). On another CPU MKL may pick a kernel that rounds differently; there this code defines the grid.
/// </remarks>
internal static class HostAffineGrid
{
    /// <summary>linspace(−1, 1, n) in float64, as affine_grid takes it (align_corners), per size.</summary>
    static readonly ConcurrentDictionary<long, double[]> Lines = new();

    /// <param name="thetas">B row-major [2, 3] thetas, one after another.</param>
    public static unsafe Tensor Build(ReadOnlySpan<double> thetas, long rows, long cols)
    {
        if (thetas.Length % 6 != 0) throw new ArgumentException($"Expected B·6 theta entries; got {thetas.Length}.", nameof(thetas));
        // affine_grid takes a size of 1 as the single coordinate 0; the augmentation never asks for it (images ≥ 2×2).
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 2);
        int batch = thetas.Length / 6;
        double[] xs = Line(cols), ys = Line(rows);
        var grid = empty([batch, rows, cols, 2], ScalarType.Float64, device: CPU);
        // A grid row is 2·cols values (x, y per column). Per image, its column terms (x·θ₀₀, x·θ₁₀ interleaved), row
        // factors (θ₀₁, θ₁₁) and offsets (θ₀₂, θ₁₂), laid out the same way, make each row one elementwise
        // fma(y, factor, term) + offset: vectorised, and the same bits as the scalar form (each lane is one fused
        // multiply-add and one add, as before).
        int width = checked((int)(2 * cols));
        var terms = new double[width];
        var factors = new double[width];
        var offsets = new double[width];
        fixed (byte* bytes = grid.bytes)
        {
            var g = (double*)bytes;
            for (int n = 0; n < batch; n++)
            {
                var t = thetas.Slice(n * 6, 6);
                for (int c = 0; c < cols; c++)
                {
                    terms[2 * c] = xs[c] * t[0];
                    terms[2 * c + 1] = xs[c] * t[3];
                    factors[2 * c] = t[1];
                    factors[2 * c + 1] = t[4];
                    offsets[2 * c] = t[2];
                    offsets[2 * c + 1] = t[5];
                }
                for (int r = 0; r < rows; r++, g += width)
                    Row(ys[r], terms, factors, offsets, new Span<double>(g, width));
            }
        }
        return grid;
    }

    /// <summary>row[i] = fma(y, factors[i], terms[i]) + offsets[i]. Optimised from the first call: it runs for every
    /// row of every image, and tier-0 code would take twice as long as the loop it replaced.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Row(double y, ReadOnlySpan<double> terms, ReadOnlySpan<double> factors, ReadOnlySpan<double> offsets, Span<double> row)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var ys = new Vector<double>(y);
            for (; i <= row.Length - Vector<double>.Count; i += Vector<double>.Count)
                (Vector.FusedMultiplyAdd(ys, new Vector<double>(factors[i..]), new Vector<double>(terms[i..])) + new Vector<double>(offsets[i..]))
                    .CopyTo(row[i..]);
        }
        for (; i < row.Length; i++)
            row[i] = Math.FusedMultiplyAdd(y, factors[i], terms[i]) + offsets[i];
    }

    static double[] Line(long n) => Lines.GetOrAdd(n, static size =>
    {
        using var line = linspace(-1.0, 1.0, size, ScalarType.Float64, device: CPU);
        return line.data<double>().ToArray();
    });
}
