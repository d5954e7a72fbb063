using BenchSuite.Models;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Models;

/// <summary>
/// Dense kernels keep torch's [units, in] shape and lie in memory as Keras stores them, [in, units] row by row; the
/// layout must change nothing but the layout (values, product, gradient) and survive training (gradient, Adam's moments).
/// </summary>
[Trait("Category", "unit")]
public class DenseKernelLayoutTests
{
    [Theory]
    [InlineData("shallow")]
    [InlineData("deep")]
    public void Every_Dense_kernel_and_its_gradient_is_stored_in_by_units(string architecture)
    {
        manual_seed(5);
        using var model = ModelFactory.Build(Shipped.Model(architecture));
        model.train();
        using var scope = NewDisposeScope();
        model.call(rand(4, 3, 32, 32)).sum().backward();

        var dense = model.Layers.Where(l => l.KerasType == "Dense").ToList();
        dense.Count.ShouldBe(2);
        foreach (var layer in dense)
        {
            var kernel = ((IHasKernel)layer.Module!).Kernel;
            long units = kernel.shape[0];
            kernel.stride().ShouldBe([1, units], $"{layer.Name}'s kernel");
            kernel.grad!.stride().ShouldBe([1, units], $"{layer.Name}'s kernel gradient");
        }
    }

    [Fact]
    public void The_layout_keeps_the_initializer_values_and_the_product()
    {
        manual_seed(11);
        using var laidOut = new KerasDense("dense", 48, 20, "relu");
        manual_seed(11);
        using var plain = nn.Linear(48, 20); // what KerasDense constructs before its initializer, in the same order
        using (no_grad()) KerasInitializer.Instance.Initialize(plain.weight!, plain.bias!);

        plain.weight!.is_contiguous().ShouldBeTrue();
        laidOut.Kernel.is_contiguous().ShouldBeFalse();
        laidOut.Kernel.eq(plain.weight!).all().item<bool>().ShouldBeTrue(); // the same draws, element for element

        using var scope = NewDisposeScope();
        var x = randn(7, 48);
        var expected = nn.functional.relu(x.matmul(plain.weight!.detach().t()).add(plain.bias!.detach()));
        var actual = laidOut.call(x);
        actual.allclose(expected, rtol: 1e-6, atol: 1e-6).ShouldBeTrue();
    }
}
