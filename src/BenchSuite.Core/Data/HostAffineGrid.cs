using System.Collections.Concurrent;
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
        var xTerm0 = new double[cols];
        var xTerm1 = new double[cols];
        fixed (byte* bytes = grid.bytes)
        {
            var g = (double*)bytes;
            for (int n = 0; n < batch; n++)
            {
                var t = thetas.Slice(n * 6, 6);
                for (int c = 0; c < cols; c++)
                {
                    xTerm0[c] = xs[c] * t[0];
                    xTerm1[c] = xs[c] * t[3];
                }
                for (int r = 0; r < rows; r++)
                {
                    double y = ys[r];
                    for (int c = 0; c < cols; c++)
                    {
                        *g++ = Math.FusedMultiplyAdd(y, t[1], xTerm0[c]) + t[2];
                        *g++ = Math.FusedMultiplyAdd(y, t[4], xTerm1[c]) + t[5];
                    }
                }
            }
        }
        return grid;
    }

    static double[] Line(long n) => Lines.GetOrAdd(n, static size =>
    {
        using var line = linspace(-1.0, 1.0, size, ScalarType.Float64, device: CPU);
        return line.data<double>().ToArray();
    });
}
