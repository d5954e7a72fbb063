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
        using var adam = new KerasAdam([theta], Lr, Beta1, Beta2, Eps);

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
