using BenchSuite.Training;
using Shouldly;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>One step of Keras' Adam (ε before bias correction) and of torch's (ε after), against hand-computed values.</summary>
[Trait("Category", "unit")]
public class AdamTests
{
    const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
    static readonly float[] Start = [1.0f, -2.0f, 0.5f];
    static readonly float[] Gradient = [0.1f, 1e-7f, -3f]; // the tiny one is where the two Adams differ

    [Fact]
    public void Keras_Adam_first_step()
    {
        double alpha = Lr * Math.Sqrt(1 - Beta2) / (1 - Beta1);
        var expected = Start.Select((theta, i) =>
        {
            double g = Gradient[i], m = (1 - Beta1) * g, v = (1 - Beta2) * g * g;
            return (float)(theta - alpha * m / (Math.Sqrt(v) + Eps));
        });

        StepOnce((p) => new KerasAdam(p, Lr, Beta1, Beta2, Eps)).ShouldBe(expected, tolerance: 2e-7);
    }

    [Fact]
    public void Torch_Adam_first_step()
    {
        var expected = Start.Select((theta, i) =>
        {
            double g = Gradient[i], mHat = g, vHat = g * g; // bias-corrected moments after one step
            return (float)(theta - Lr * mHat / (Math.Sqrt(vHat) + Eps));
        });

        StepOnce((p) => new TorchAdam(p, Lr, Beta1, Beta2, Eps)).ShouldBe(expected, tolerance: 2e-7);
    }

    [Fact]
    public void The_two_differ_where_the_gradient_is_near_epsilon()
    {
        var keras = StepOnce((p) => new KerasAdam(p, Lr, Beta1, Beta2, Eps));
        var torch = StepOnce((p) => new TorchAdam(p, Lr, Beta1, Beta2, Eps));

        Math.Abs(keras[0] - torch[0]).ShouldBeLessThan(1e-7f);          // |g| ≫ ε: the same step
        Math.Abs((Start[1] - keras[1]) / (Start[1] - torch[1])).ShouldBeLessThan(0.5f); // |g| ~ ε: Keras steps much less
    }

    [Fact]
    public void Keras_Adam_second_step_uses_the_step_count_in_its_bias_correction()
    {
        using var theta = new Parameter(tensor(new float[] { 0f }));
        using var adam = new KerasAdam([theta], Lr, Beta1, Beta2, Eps);
        double m = 0, v = 0, expected = 0;
        foreach (var (g, t) in new[] { (0.5, 1), (-0.25, 2) })
        {
            SetGradient(theta, (float)g);
            adam.Step();
            m += (g - m) * (1 - Beta1);
            v += (g * g - v) * (1 - Beta2);
            expected -= Lr * Math.Sqrt(1 - Math.Pow(Beta2, t)) / (1 - Math.Pow(Beta1, t)) * m / (Math.Sqrt(v) + Eps);
        }
        theta.item<float>().ShouldBe((float)expected, tolerance: 1e-8);
    }

    [Fact]
    public void Keras_Adam_forms_one_minus_beta_in_double_then_float32_as_TF_does()
    {
        using var theta = new Parameter(tensor(Start));
        using var adam = new KerasAdam([theta], Lr, Beta1, Beta2, Eps);

        // Keras: (gradient - m) * (1 - self.beta_1) with a Python float: 1 - 0.9 = 0.09999999999999998 -> float32 0.1f.
        adam.OneMinusBeta1.ShouldBe(0.1f);
        adam.OneMinusBeta1.ShouldNotBe(1f - 0.9f); // 0.100000024f: the float32 subtraction Keras does not do
        adam.OneMinusBeta2.ShouldBe((float)(1 - 0.999));
        adam.OneMinusBeta2.ShouldNotBe(1f - 0.999f);
    }

    /// <summary>
    /// The fused in-place update (lerp_, addcmul_, addcdiv_) against Keras' update_step written out op by op, each op
    /// rounded to float32 as TF evaluates it, over many steps and gradients spanning 1e-9..10 (both sides of ε).
    /// </summary>
    [Fact]
    public void Fused_update_matches_Keras_update_step_op_by_op()
    {
        const int n = 20_000, steps = 30;
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(1234);
        var start = rand(n, generator: generator).mul_(2).sub_(1);
        using var theta = new Parameter(start.clone());
        using var adam = new KerasAdam([theta], Lr, Beta1, Beta2, Eps) { OnePassOnCpu = false };

        var reference = start.clone();
        var m = zeros(n);
        var v = zeros(n);
        float c1 = (float)(1 - Beta1), c2 = (float)(1 - Beta2);
        for (int t = 1; t <= steps; t++)
        {
            // Gradients with magnitudes from 1e-9 to 10 and both signs.
            var g = randn(n, generator: generator).mul_(pow(10, rand(n, generator: generator).mul_(10).sub_(9)));
            theta.grad?.zero_();
            using (var loss = theta.mul(g).sum()) loss.backward();
            adam.Step();

            float alpha = KerasAdam.StepSize((float)Lr, (float)Beta1, (float)Beta2, t);
            m.add_(g.sub(m).mul(c1));
            v.add_(g.square().sub(v).mul(c2));
            reference.sub_(m.mul(alpha).div(v.sqrt().add(Eps)));
        }

        var moved = reference.sub(start).abs();
        var difference = theta.detach().sub(reference).abs();
        // Both moved by ~steps·lr; they agree to float32 rounding of theta (|theta| <= ~1: ulp 1.2e-7).
        moved.mean().item<float>().ShouldBeGreaterThan(1e-3f);
        difference.max().item<float>().ShouldBeLessThan(1e-6f);
        difference.div(moved.add(1e-12)).median().item<float>().ShouldBeLessThan(1e-5f);
    }

    /// <summary>
    /// The CPU's one-pass update against Keras' update_step written out op by op with torch's float32 operations (each
    /// rounded once, as TF's are): equal bit for bit after every step, for a contiguous vector whose length leaves a
    /// scalar tail, a channels-last Conv2D kernel and a Dense kernel stored [in, out], with gradients from 1e-9 to 10.
    /// </summary>
    [Theory]
    [InlineData("vector")]
    [InlineData("channels-last kernel")]
    [InlineData("dense kernel stored [in, out]")]
    public void One_pass_update_is_Keras_update_step_op_by_op_bit_for_bit(string layout)
    {
        const int steps = 30;
        using var scope = NewDisposeScope();
        var generator = new TorchSharp.torch.Generator(99);
        Tensor Laid(Tensor t) => layout switch
        {
            "vector" => t,
            "channels-last kernel" => t.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2),
            _ => t.t().contiguous().t(),
        };
        long[] shape = layout switch { "vector" => [20_003], "channels-last kernel" => [16, 8, 3, 3], _ => [64, 40] };
        var start = Laid(rand(shape, generator: generator).mul_(2).sub_(1));
        using var theta = new Parameter(start.clone());
        theta.stride().ShouldBe(start.stride());
        using var adam = new KerasAdam([theta], Lr, Beta1, Beta2, Eps);

        var reference = start.clone();
        var m = zeros_like(start);
        var v = zeros_like(start);
        var c1 = tensor((float)(1 - Beta1));
        var c2 = tensor((float)(1 - Beta2));
        var eps = tensor((float)Eps);
        for (int t = 1; t <= steps; t++)
        {
            var g = Laid(randn(shape, generator: generator).mul_(pow(10, rand(shape, generator: generator).mul_(10).sub_(9))));
            theta.grad = g.clone();
            theta.grad.stride().ShouldBe(theta.stride());
            adam.Step();

            var alpha = tensor(KerasAdam.StepSize((float)Lr, (float)Beta1, (float)Beta2, t));
            m = m.add(g.sub(m).mul(c1));                                  // m.assign_add((gradient - m) * (1 - beta_1))
            v = v.add(g.square().sub(v).mul(c2));                         // v.assign_add((square(gradient) - v) * (1 - beta_2))
            reference = reference.sub(m.mul(alpha).div(Sqrt(v).add(eps))); // assign_sub((m * alpha) / (sqrt(v) + epsilon))
            theta.detach().eq(reference).all().item<bool>().ShouldBeTrue($"step {t}: max difference {theta.detach().sub(reference).abs().max().item<float>()}");
        }
        reference.sub(start).abs().mean().item<float>().ShouldBeGreaterThan(1e-3f); // it moved

        // TF's float32 sqrt is the IEEE one (Eigen's psqrt: the vsqrtps instruction). torch's float32 sqrt on the CPU goes
        // through MKL's vsSqrt in its high-accuracy mode (within 1 ulp, not always the nearest float), so the reference
        // takes the square root in float64 and rounds once, which is the nearest float32.
        static Tensor Sqrt(Tensor x) => x.to(ScalarType.Float64).sqrt().to(ScalarType.Float32);
    }

    [Theory]
    [InlineData("shallow")]
    [InlineData("deep")]
    public void Every_parameter_of_the_models_takes_the_one_pass_update_on_the_CPU(string architecture)
    {
        // A gradient laid out unlike its parameter (channels-last Conv2D kernels, [in, units] Dense kernels) would
        // silently fall back to six tensor passes: name it.
        manual_seed(2);
        using var model = BenchSuite.Models.ModelFactory.Build(Shipped.Model(architecture));
        model.train();
        var parameters = model.parameters().ToList();
        using var adam = new KerasAdam(parameters, Lr, Beta1, Beta2, Eps);
        using (var scope = NewDisposeScope()) model.call(rand(4, 3, 32, 32)).sum().backward();
        adam.Step();
        adam.OnePassUpdates.ShouldBe(parameters.Count);
    }

    [Fact]
    public void The_reference_square_root_is_the_nearest_float32()
    {
        // Found while writing the test above: torch's float32 sqrt on this AMD host gave 4.7826546e-07f for
        // v = 2.2873782e-13f, where the nearest float32 (the vsqrtps instruction, MathF.Sqrt) is 4.782654e-07f. The
        // reference therefore roots in float64 and rounds once; this holds it to MathF.Sqrt over 2^16 random floats.
        var random = new Random(3);
        var values = Enumerable.Range(0, 1 << 16).Select(_ => (float)(random.NextDouble() * Math.Pow(10, random.Next(-20, 3)))).ToArray();
        using var v = tensor(values);
        using var root = v.to(ScalarType.Float64).sqrt().to(ScalarType.Float32);
        root.data<float>().ToArray().ShouldBe(values.Select(MathF.Sqrt).ToArray());
    }

    [Fact]
    public void One_pass_kernel_rounds_every_element_as_the_scalar_form_does()
    {
        // The vector body and the scalar tail of KerasAdamKernel must agree: the same buffer updated as a whole
        // (vector body, tail of 5) and element by element (all scalar) ends bit-identical.
        const int n = 8 * 37 + 5;
        var random = new Random(7);
        float[] Draw() => Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-9, 2)))).ToArray();
        float[] theta = Draw(), m = Draw().Select(Math.Abs).ToArray(), g = Draw();
        float[] v = Draw().Select(x => x * x).ToArray();
        float[] theta2 = (float[])theta.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();
        KerasAdamKernel.Update(theta, m, v, g, 0.1f, 0.001f, 3e-4f, 1e-7f);
        for (int i = 0; i < n; i++)
            KerasAdamKernel.Update(theta2.AsSpan(i, 1), m2.AsSpan(i, 1), v2.AsSpan(i, 1), g.AsSpan(i, 1), 0.1f, 0.001f, 3e-4f, 1e-7f);
        theta.ShouldBe(theta2);
        m.ShouldBe(m2);
        v.ShouldBe(v2);
    }

    [Fact]
    public void Alpha_is_float32_arithmetic_as_TF_computes_it()
    {
        // TF: beta_1_power = tf.pow(tf.cast(0.9, float32), t) and every later op on float32 tensors. Written out with
        // a cast after each op: at t = 1, 1 − 0.999f = 0.00099998713 (not 0.001), so α_1 is 7e-6 below the exact value.
        static float Tf(long t)
        {
            float b1 = (float)0.9, b2 = (float)0.999, lr = (float)1e-3;
            float b1p = (float)Math.Pow(b1, t), b2p = (float)Math.Pow(b2, t);
            float numerator = (float)(lr * (double)(float)Math.Sqrt((float)(1 - (double)b2p)));
            return (float)(numerator / (double)(float)(1 - (double)b1p));
        }
        foreach (long t in new long[] { 1, 2, 10, 1250, 3750 })
            KerasAdam.StepSize(1e-3f, 0.9f, 0.999f, t).ShouldBe(Tf(t), tolerance: Tf(t) * 2.5e-7, $"step {t}");
        Math.Abs(KerasAdam.StepSize(1e-3f, 0.9f, 0.999f, 1) / (1e-3 * Math.Sqrt(0.001) / 0.1) - 1).ShouldBeGreaterThan(5e-6);
    }

    static float[] StepOnce(Func<IEnumerable<Parameter>, IOptimizer> create)
    {
        using var theta = new Parameter(tensor(Start));
        using var optimizer = create([theta]);
        using (var loss = theta.mul(tensor(Gradient)).sum()) loss.backward(); // d(θ·g)/dθ = g
        optimizer.Step();
        return theta.data<float>().ToArray();
    }

    static void SetGradient(Parameter theta, float g)
    {
        theta.grad?.zero_();
        using var loss = theta.mul(g).sum();
        loss.backward();
    }
}
