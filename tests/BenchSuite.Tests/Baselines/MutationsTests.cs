using BenchSuite.Baselines;
using BenchSuite.Configuration;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>The catalogue's overrides are valid experiment keys and change what they say (no training).</summary>
[Trait("Category", "unit")]
public class MutationsTests
{
    static Experiment Apply(string experiment, string mutation)
    {
        var overrides = Mutations.Select([mutation]).Single().Overrides(ExperimentLoader.Load(experiment));
        overrides.ShouldNotBeNull($"{mutation} should apply to {experiment}");
        return ExperimentLoader.Load(experiment, overrides);
    }

    [Fact]
    public void Every_mutation_loads_on_every_experiment_it_applies_to()
    {
        foreach (var name in ExperimentLoader.Known())
        foreach (var mutation in Mutations.Catalogue)
            if (mutation.Overrides(ExperimentLoader.Load(name)) is { } overrides)
                ExperimentLoader.Load(name, overrides).ShouldNotBe(ExperimentLoader.Load(name), $"{mutation.Name} on {name}");
    }

    [Fact]
    public void Mutations_change_what_they_name()
    {
        Apply("shallow-none", "bn-momentum-0.9").Model.BatchNormMomentum.ShouldBe(0.9);
        Apply("shallow-none", "bn-epsilon-1e-5").Model.BatchNormEpsilon.ShouldBe(1e-5);
        Apply("deep-none", "torch-adam").Optimizer.Kind.ShouldBe("torch-adam");
        Apply("deep-none", "beta2-0.99").Optimizer.Beta2.ShouldBe(0.99);
        Apply("shallow-l2", "lr-x1.5").Optimizer.LearningRate.ShouldBe(0.0015, tolerance: 1e-15);
        Apply("shallow-l2", "lr-x0.67").Optimizer.LearningRate.ShouldBe(0.00067, tolerance: 1e-15);
        Apply("deep-l2", "l2-x2").Model.KernelL2.Values.ShouldAllBe(v => v == 0.02);
        Apply("shallow-l2", "l2-x0.5").Model.KernelL2.Values.ShouldAllBe(v => v == 0.005);
        Apply("shallow-none", "no-flip").Augmentation.HorizontalFlip.ShouldBeFalse();
        Apply("shallow-none", "no-rotation").Augmentation.RotationRangeDegrees.ShouldBe(0);
        Apply("deep-none", "dropout-0.3").Model.DenseDropout.ShouldBe(0.3);
    }

    [Fact]
    public void L2_mutations_do_not_apply_without_L2_and_unknown_names_are_refused()
    {
        Mutations.Select(["l2-x2"]).Single().Overrides(ExperimentLoader.Load("shallow-none")).ShouldBeNull();
        Should.Throw<ConfigurationException>(() => Mutations.Select(["lr-x2"])).Message.ShouldContain("Known: bn-momentum-0.9");
    }
}
