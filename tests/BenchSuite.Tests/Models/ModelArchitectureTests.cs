using BenchSuite.Models;
using Shouldly;

namespace BenchSuite.Tests.Models;

/// <summary>The models against the layer tables of the post's Keras summaries (fixtures/reference/documented-runs.json).</summary>
[Trait("Category", "unit")]
public class ModelArchitectureTests
{
    [Theory]
    [InlineData("shallow", 4_203_018, 4_201_930, 1_088)]
    [InlineData("deep", 1_345_066, 1_343_146, 1_920)]
    public void Layers_shapes_and_parameter_counts_match_the_Keras_summary(string architecture, long total, long trainable, long nonTrainable)
    {
        using var model = ModelFactory.Build(Shipped.Model(architecture));
        var summary = ModelSummary.Of(model);
        var documented = DocumentedSummaries.Of(architecture);

        var expectedRows = documented.GetProperty("layers").EnumerateArray()
            .Select(l => $"{l.GetProperty("name").GetString()} {string.Join("x", l.GetProperty("output").EnumerateArray().Select(d => d.GetInt64()))} {l.GetProperty("params").GetInt64()}");
        var actualRows = summary.Layers.Select(l => $"{l.Name} {string.Join("x", l.OutputShape)} {l.Parameters}");
        actualRows.ShouldBe(expectedRows);

        summary.Total.ShouldBe(documented.GetProperty("total_params").GetInt64());
        summary.Trainable.ShouldBe(documented.GetProperty("trainable_params").GetInt64());
        summary.NonTrainable.ShouldBe(documented.GetProperty("non_trainable_params").GetInt64());
        (summary.Total, summary.Trainable, summary.NonTrainable).ShouldBe((total, trainable, nonTrainable));
    }

    [Fact]
    public void Summary_text_is_stable()
    {
        string text = Summarise("shallow") + Environment.NewLine + Summarise("deep");
        text.ShouldMatchApproved(b => b.NoDiff().WithDiscriminator("shallow-and-deep"));

        static string Summarise(string architecture)
        {
            using var model = ModelFactory.Build(Shipped.Model(architecture));
            return ModelSummary.Of(model).ToKerasText();
        }
    }

    [Fact]
    public void The_classifier_returns_logits_not_probabilities()
    {
        TorchSharp.torch.manual_seed(1);
        using var model = ModelFactory.Build(Shipped.Model());
        model.eval();
        using var logits = model.call(TorchSharp.torch.rand(4, 3, 32, 32));

        logits.shape.ShouldBe([4L, 10L]);
        // Softmax rows would be positive and sum to 1; logits of a fresh glorot model are neither.
        logits.lt(0).any().item<bool>().ShouldBeTrue();
        logits.sum(1).sub(1).abs().max().item<float>().ShouldBeGreaterThan(1e-3f);
    }

    [Fact]
    public void A_regularizer_on_a_layer_without_kernel_is_an_error_naming_the_layer_and_the_choices()
    {
        var e = Should.Throw<ArgumentException>(() => ModelFactory.Build(Shipped.Model() with
        {
            KernelL2 = new Dictionary<string, double> { ["batch_normalization"] = 0.01 },
        }));
        e.Message.ShouldContain("'batch_normalization'");
        e.Message.ShouldContain("conv2d, dense, dense_1");
    }

    [Fact]
    public void Unknown_architecture_and_activation_are_errors_listing_the_allowed_values()
    {
        Should.Throw<ArgumentException>(() => ModelFactory.Build(Shipped.Model("resnet")))
            .Message.ShouldContain("shallow, deep");
        Should.Throw<ArgumentException>(() => ModelFactory.Build(Shipped.Model() with { Activation = "gelu" }))
            .Message.ShouldContain("relu, elu, tanh, sigmoid, linear");
    }
}
