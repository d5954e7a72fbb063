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
