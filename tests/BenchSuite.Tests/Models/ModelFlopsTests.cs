using BenchSuite.Models;
using Shouldly;

namespace BenchSuite.Tests.Models;

/// <summary>
/// The multiply-adds the throughput notes divide by, against the post's Keras summaries
/// (fixtures/reference/documented-runs.json): a Conv2D or Dense layer with F filters/units, P parameters and an
/// output of E elements per image does E·(P − F)/F multiply-adds (its kernel has (P − F)/F weights per output).
/// </summary>
[Trait("Category", "unit")]
public class ModelFlopsTests
{
    [Theory]
    [InlineData("shallow")]
    [InlineData("deep")]
    public void Multiply_adds_per_layer_follow_from_the_Keras_summary(string architecture)
    {
        var expected = DocumentedSummaries.Of(architecture).GetProperty("layers").EnumerateArray()
            .Where(l => l.GetProperty("type").GetString() is { } t && (t.StartsWith("Conv2D") || t.StartsWith("Dense")))
            .Select(l =>
            {
                var output = l.GetProperty("output").EnumerateArray().Select(d => d.GetInt64()).ToArray();
                long elements = output.Aggregate(1L, (a, b) => a * b), filters = output[^1], parameters = l.GetProperty("params").GetInt64();
                return (l.GetProperty("name").GetString()!, elements * (parameters - filters) / filters);
            })
            .ToList();
        using var model = ModelFactory.Build(Shipped.Model(architecture));

        ModelFlops.PerImage(model).ShouldBe(expected);
    }

    [Fact]
    public void A_deep_training_step_on_32_images_is_forward_plus_both_gradients_less_the_first_layers_input_gradient()
    {
        // deep: 39,687,168 multiply-adds per image, conv01 884,736 of them (32·32 outputs × 32 filters × 27 weights)
        using var model = ModelFactory.Build(Shipped.Model("deep"));
        ModelFlops.TrainingStep(model, 32).ShouldBe(2.0 * 32 * (3 * 39_687_168L - 884_736));
    }

    [Fact]
    public void Counting_leaves_the_model_as_it_was()
    {
        using var model = ModelFactory.Build(Shipped.Model("deep"));
        model.train();
        var before = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        ModelFlops.PerImage(model);
        model.training.ShouldBeTrue();
        foreach (var (name, value) in model.state_dict()) value.equal(before[name]).all().item<bool>().ShouldBeTrue(name);
    }
}
