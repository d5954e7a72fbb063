using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>Keras L2(l2): l2·Σw² per regularized kernel, added to the loss; gradient 2·l2·w; biases untouched.</summary>
[Trait("Category", "unit")]
public class L2PenaltyTests
{
    static KerasModel ShallowWithL2(double l2) => ModelFactory.Build(Shipped.Model() with
    {
        KernelL2 = new Dictionary<string, double> { ["conv2d"] = l2, ["dense"] = l2 },
    });

    [Fact]
    public void Penalty_is_l2_times_the_sum_of_squared_kernels_without_a_half()
    {
        manual_seed(11);
        using var model = ShallowWithL2(0.01);
        double expected = 0.01 * SumOfSquaredKernels(model);

        using var penalty = L2Penalty.Compute(model.RegularizedKernels);

        ((double)penalty.item<float>()).ShouldBe(expected, tolerance: expected * 1e-5);
        model.RegularizedKernels.Select(k => k.LayerName).ShouldBe(["conv2d", "dense"]);
    }

    /// <summary>
    /// The penalty a training step reports is within 1e-6 (relative) of the exact value, as Keras' float32 tree
    /// reduction is: over the shallow model's 4.2 M-weight dense kernel BLAS' float32 <c>dot</c> (the step's earlier
    /// arithmetic) was 1.7e-5 off on an AMD EPYC host, where MKL takes another path than on Intel. Reference: the same
    /// sums in float64 over the weights read back.
    /// </summary>
    [Fact]
    public void AddGradients_reports_the_penalty_to_float32_accuracy()
    {
        manual_seed(11);
        using var model = ShallowWithL2(0.01);
        ((IHasKernel)model.Layers[4].Module!).Kernel.numel().ShouldBe(8192 * 512); // the dense kernel
        double expected = 0.01 * SumOfSquaredKernels(model);

        using var scope = NewDisposeScope();
        double reported = L2Penalty.AddGradients(model.RegularizedKernels).item<float>();

        // a few float32 roundings (each Σw², float32(l2), the products, their sum): well under 1e-6 relative
        Math.Abs(reported - expected).ShouldBeLessThan(expected * 1e-6);
    }

    /// <summary>A bias or BatchNorm γ/β (1-D) regularized by the opt-in keys goes through AddGradients as one row.</summary>
    [Fact]
    public void AddGradients_reports_a_one_dimensional_parameters_penalty_and_gradient()
    {
        manual_seed(3);
        var bias = nn.Parameter(randn(512));
        var weights = new[] { new RegularizedKernel("dense.bias", bias, 0.5) };
        double expected = 0.5 * SumOfSquares(bias);

        using var scope = NewDisposeScope();
        double reported = L2Penalty.AddGradients(weights).item<float>();

        Math.Abs(reported - expected).ShouldBeLessThan(expected * 1e-6);
        bias.grad!.equal(bias.detach()).all().item<bool>().ShouldBeTrue(); // 2 · 0.5 · w
    }

    [Fact]
    public void Gradient_is_two_l2_w_on_kernels_and_nothing_on_biases()
    {
        manual_seed(11);
        using var model = ShallowWithL2(0.01);
        using var penalty = L2Penalty.Compute(model.RegularizedKernels);
        penalty.backward();

        foreach (var (name, p) in model.named_parameters())
        {
            bool regularizedKernel = name is "conv2d.conv.weight" or "dense.linear.weight";
            if (regularizedKernel)
                p.grad!.allclose(p.detach().mul(0.02), rtol: 1e-5, atol: 1e-9).ShouldBeTrue(name);
            else
                (p.grad is null || p.grad.abs().max().item<float>() == 0).ShouldBeTrue(name);
        }
    }

    [Fact]
    public void Gradient_matches_a_central_finite_difference()
    {
        manual_seed(5);
        using var dense = new KerasDense("d", 6, 4, "relu");
        var kernels = new[] { new RegularizedKernel("d", dense.Kernel, 0.03) };
        using (var penalty = L2Penalty.Compute(kernels)) penalty.backward();
        var analytic = dense.Kernel.grad!.clone();

        const float h = 1e-2f;
        for (int i = 0; i < 4; i++)
        {
            double Penalty(float delta)
            {
                using var _ = no_grad();
                dense.Kernel[i, i].add_(delta);
                double value = L2Penalty.Compute(kernels).item<float>();
                dense.Kernel[i, i].sub_(delta);
                return value;
            }
            double numeric = (Penalty(h) - Penalty(-h)) / (2 * h);
            numeric.ShouldBe(analytic[i, i].item<float>(), tolerance: 1e-4);
        }
    }

    [Fact]
    public void No_regularized_layer_gives_a_zero_penalty()
    {
        using var model = ModelFactory.Build(Shipped.Model());
        using var penalty = L2Penalty.Compute(model.RegularizedKernels);
        penalty.item<float>().ShouldBe(0f);
    }

    [Fact]
    public void AddGradients_gives_what_autograd_of_data_loss_plus_penalty_gives()
    {
        Dictionary<string, float[]> Gradients(bool direct, out float penaltyValue, out float lossValue)
        {
            manual_seed(21);
            using var model = ShallowWithL2(0.01);
            using var scope = NewDisposeScope();
            var images = rand(8, 3, 32, 32, generator: new TorchSharp.torch.Generator(3));
            var labels = arange(8).remainder(10);
            model.eval(); // no dropout: both passes see the same function
            var dataLoss = nn.functional.cross_entropy(model.call(images), labels);
            Tensor penalty;
            if (direct)
            {
                dataLoss.backward();
                penalty = L2Penalty.AddGradients(model.RegularizedKernels);
            }
            else
            {
                penalty = L2Penalty.Compute(model.RegularizedKernels);
                dataLoss.add(penalty).backward();
            }
            penaltyValue = penalty.item<float>();
            lossValue = dataLoss.item<float>() + penaltyValue;
            return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());
        }

        var viaAutograd = Gradients(direct: false, out var autogradPenalty, out var autogradLoss);
        var direct = Gradients(direct: true, out var directPenalty, out var directLoss);

        directPenalty.ShouldBe(autogradPenalty, tolerance: autogradPenalty * 1e-5);
        directLoss.ShouldBe(autogradLoss, tolerance: autogradLoss * 1e-5);
        direct.Keys.ShouldBe(viaAutograd.Keys, ignoreOrder: true);
        foreach (var (name, expected) in viaAutograd)
        {
            var actual = direct[name];
            double scale = expected.Max(v => Math.Abs((double)v)) + 1e-12;
            double worst = expected.Zip(actual, (e, a) => Math.Abs((double)e - a)).Max();
            (worst / scale).ShouldBeLessThan(1e-5, name);
        }
    }

    static double SumOfSquares(Tensor t) => t.data<float>().ToArray().Sum(v => (double)v * v);

    /// <summary>Σw² in float64 over the shallow model's two regularized kernels (conv2d, dense).</summary>
    static double SumOfSquaredKernels(KerasModel model) =>
        SumOfSquares(((IHasKernel)model.Layers[0].Module!).Kernel) + SumOfSquares(((IHasKernel)model.Layers[4].Module!).Kernel);
}
