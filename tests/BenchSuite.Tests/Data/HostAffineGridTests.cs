using BenchSuite.Data;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Data;

/// <summary><see cref="HostAffineGrid"/> against libtorch's <c>affine_grid</c> on random thetas (rotations, shears, shifts, mirrors).</summary>
[Trait("Category", "unit")]
public class HostAffineGridTests
{
    [Theory]
    [InlineData(32, 32, 32)] // the experiments' images
    [InlineData(9, 7, 13)]   // not square, odd sizes
    [InlineData(3, 2, 2)]    // the smallest the augmentation takes
    public void The_host_grid_is_affine_grids(int batch, long rows, long cols)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(31);
        var theta = rand([batch, 2, 3], dtype: float64, generator: g).sub_(0.5).mul_(0.8);
        theta[TensorIndex.Colon, 0, 0] += 1;
        theta[TensorIndex.Colon, 1, 1] += 1;
        theta[TensorIndex.Slice(0, batch, 2), TensorIndex.Colon, 0] *= -1; // mirrored maps

        var host = HostAffineGrid.Build(theta.data<double>().ToArray(), rows, cols);
        var expected = nn.functional.affine_grid(theta, [batch, 3, rows, cols], align_corners: true);

        host.shape.ShouldBe(expected.shape);
        // Computed as MKL's dgemm computes them on the README's host, where the two are identical (the baselines'
        // exact replay checks that); another CPU's BLAS kernel may round each product differently: four units in the
        // last place.
        var tolerance = expected.abs().clamp_min(1).mul(4 * 2.220446049250313e-16);
        (host - expected).abs().le(tolerance).all().item<bool>().ShouldBeTrue();
        expected.abs().max().item<double>().ShouldBeGreaterThan(0.5); // not a trivially empty grid
    }

    /// <summary>
    /// Each entry is fma(y, θ₀₁, x·θ₀₀) + θ₀₂ (and the same with θ₁ⱼ), the order libtorch's MKL dgemm rounds in on the
    /// README's host, whether a row is written a vector at a time or, for the columns left over, one at a time.
    /// </summary>
    [Theory]
    [InlineData(32, 32)]
    [InlineData(7, 13)] // rows whose 2·cols values are not a whole number of vectors
    [InlineData(2, 3)]
    public void Every_entry_is_one_fused_multiply_add_and_one_add(long rows, long cols)
    {
        var rng = new Random(5);
        var thetas = new double[3 * 6];
        for (int i = 0; i < thetas.Length; i++) thetas[i] = rng.NextDouble() * 2 - 1;
        using var grid = HostAffineGrid.Build(thetas, rows, cols);
        var values = grid.data<double>().ToArray();

        // affine_grid's coordinates: libtorch's linspace(-1, 1, n)
        double[] xs = linspace(-1.0, 1.0, cols, float64).data<double>().ToArray(), ys = linspace(-1.0, 1.0, rows, float64).data<double>().ToArray();
        int mismatches = 0;
        for (int n = 0; n < 3; n++)
            for (long r = 0; r < rows; r++)
                for (long c = 0; c < cols; c++)
                {
                    double x = xs[c], y = ys[r];
                    var t = thetas.AsSpan(n * 6, 6);
                    long at = ((n * rows + r) * cols + c) * 2;
                    if (values[at] != Math.FusedMultiplyAdd(y, t[1], x * t[0]) + t[2]) mismatches++;
                    if (values[at + 1] != Math.FusedMultiplyAdd(y, t[4], x * t[3]) + t[5]) mismatches++;
                }
        mismatches.ShouldBe(0);
    }

    [Fact]
    public void A_theta_count_that_is_not_a_whole_number_of_matrices_or_a_side_under_2_is_refused()
    {
        Should.Throw<ArgumentException>(() => HostAffineGrid.Build(new double[7], 4, 4)).Message.ShouldContain("B·6");
        Should.Throw<ArgumentOutOfRangeException>(() => HostAffineGrid.Build(new double[6], 1, 4));
        Should.Throw<ArgumentOutOfRangeException>(() => HostAffineGrid.Build(new double[6], 4, 1));
    }
}
