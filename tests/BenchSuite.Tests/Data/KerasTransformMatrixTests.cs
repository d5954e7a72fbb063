using BenchSuite.Data;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Data;

/// <summary>
/// <see cref="KerasTransformMatrix"/> against the same matrices built in tensor ops, as <see cref="KerasAugmentation"/>
/// built them before: the host arithmetic must be the same matrices, to the last bits the products may round
/// differently on another CPU (on the recording host they are identical: the baselines' exact replay checks that).
/// That the matrices move content as Keras does is <see cref="KerasAugmentationTests"/>' business (scipy reference).
/// </summary>
[Trait("Category", "unit")]
public class KerasTransformMatrixTests
{
    /// <summary>The tensor-op construction the host code replaced (the batch's [B, 2, 3] sampling thetas, no flip).</summary>
    static Tensor TensorOps(Tensor theta, Tensor tx, Tensor ty, long h, long w)
    {
        var b = theta.shape[0];
        var zero = zeros_like(theta);
        var one = ones_like(theta);
        Tensor Matrices(params Tensor[] entries) => stack(entries, 1).view(b, 3, 3);
        var rad = theta * (Math.PI / 180.0);
        var rotation = Matrices(rad.cos(), -rad.sin(), zero, rad.sin(), rad.cos(), zero, zero, zero, one);
        var shift = Matrices(one, zero, tx, zero, one, ty, zero, zero, one);
        var transform = rotation.bmm(shift);
        double ox = h / 2.0 - 0.5, oy = w / 2.0 - 0.5;
        var offset = tensor(new double[] { 1, 0, ox, 0, 1, oy, 0, 0, 1 }).view(3, 3);
        var reset = tensor(new double[] { 1, 0, -ox, 0, 1, -oy, 0, 0, 1 }).view(3, 3);
        transform = matmul(matmul(offset, transform), reset);
        var swap = tensor(new long[] { 1, 0, 2 });
        transform = transform.index_select(2, swap).index_select(1, swap);
        double hs = (h - 1) / 2.0, ws = (w - 1) / 2.0;
        var fromNormalised = tensor(new double[] { 0, hs, hs, ws, 0, ws, 0, 0, 1 }).view(3, 3);
        var toNormalised = tensor(new double[] { 0, 1 / ws, -1, 1 / hs, 0, -1 }).view(2, 3);
        return matmul(matmul(toNormalised, transform), fromNormalised);
    }

    /// <summary>Four units in the last place of a value in [1, 2): another host's BLAS may round each of the chain's products differently.</summary>
    const double FourUlps = 4 * 2.220446049250313e-16;

    [Theory]
    [InlineData(32, 32)]
    [InlineData(7, 13)]
    public void The_host_matrices_are_the_tensor_ops_matrices(long h, long w)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(8);
        const int b = 256;
        var theta = rand(b, dtype: float64, generator: g).mul_(30).sub_(15);
        theta[TensorIndex.Slice(0, b, 4)] = 0.0; // Keras' shift-only branch
        var tx = rand(b, dtype: float64, generator: g).mul_(0.2 * h).sub_(0.1 * h);
        var ty = rand(b, dtype: float64, generator: g).mul_(0.2 * w).sub_(0.1 * w);
        ty[TensorIndex.Slice(1, b, 5)] = 0.0;
        var expected = TensorOps(theta, tx, ty, h, w).contiguous().data<double>().ToArray();
        var rad = theta * (Math.PI / 180.0);
        double[] cos = rad.cos().data<double>().ToArray(), sin = rad.sin().data<double>().ToArray();
        double[] txs = tx.data<double>().ToArray(), tys = ty.data<double>().ToArray();

        var actual = new double[6];
        for (int i = 0; i < b; i++)
        {
            KerasTransformMatrix.SamplingTheta(cos[i], sin[i], txs[i], tys[i], flip: false, h, w, actual);
            for (int k = 0; k < 6; k++)
                actual[k].ShouldBe(expected[i * 6 + k], tolerance: FourUlps * Math.Max(1, Math.Abs(expected[i * 6 + k])), $"image {i}, entry {k}");
        }
    }

    [Fact]
    public void A_flip_negates_exactly_the_x_column()
    {
        Span<double> plain = stackalloc double[6], flipped = stackalloc double[6];
        double rad = 7.5 * Math.PI / 180;
        KerasTransformMatrix.SamplingTheta(Math.Cos(rad), Math.Sin(rad), 1.25, -2.5, flip: false, 32, 32, plain);
        KerasTransformMatrix.SamplingTheta(Math.Cos(rad), Math.Sin(rad), 1.25, -2.5, flip: true, 32, 32, flipped);

        flipped[0].ShouldBe(-plain[0]);
        flipped[3].ShouldBe(-plain[3]);
        foreach (int k in new[] { 1, 2, 4, 5 }) flipped[k].ShouldBe(plain[k]);
        plain[0].ShouldNotBe(0); // a rotation: the x column has weight in both rows
        plain[3].ShouldNotBe(0);
    }
}
