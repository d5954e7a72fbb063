using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>The catalogue's overrides are valid experiment keys and change what they say; code-level slips hand in a part (no training).</summary>
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
    public void Every_mutation_loads_on_every_experiment_it_applies_to_and_changes_something()
    {
        foreach (var name in ExperimentLoader.Known())
        foreach (var mutation in Mutations.Catalogue)
            if (mutation.Overrides(ExperimentLoader.Load(name)) is { } overrides)
            {
                bool keysChange = !ExperimentLoader.Load(name, overrides).Equals(ExperimentLoader.Load(name));
                bool partsChange = mutation.PartsOrKeras.Differences().Count > 0;
                (keysChange || partsChange).ShouldBeTrue($"{mutation.Name} on {name}");
            }
    }

    [Fact]
    public void The_catalogue_has_every_slip_of_issue_9()
    {
        Mutations.Catalogue.Select(m => m.Name).ShouldBe([
            "bn-momentum-0.9", "bn-epsilon-1e-5", "torch-adam", "beta2-0.99", "lr-x1.5", "lr-x0.67", "l2-x2", "l2-x0.5",
            "l2-as-weight-decay", "l2-on-biases", "no-flip", "no-rotation", "dropout-0.3",
            "torch-default-init", "scale-1/256", "no-reshuffle", "validation-in-training-mode"], ignoreOrder: true);
    }

    [Fact]
    public void Code_level_mutations_hand_the_trainer_a_torch_flavoured_part_and_set_no_key()
    {
        TrainingParts Parts(string mutation)
        {
            var m = Mutations.Select([mutation]).Single();
            m.Overrides(ExperimentLoader.Load("deep-none")).ShouldBeEmpty(mutation); // applies everywhere, through its part alone
            return m.PartsOrKeras;
        }
        Parts("torch-default-init").Initializer.ShouldBe(TorchDefaultInitializer.Instance);
        Parts("scale-1/256").PixelScaler.Divisor.ShouldBe(256f);
        Parts("no-reshuffle").EpochOrder.ShouldBe(ShuffleOnce.Instance);
        Parts("validation-in-training-mode").ValidationMode.ShouldBe(TrainingModeValidation.Instance);
        Mutations.Select(["lr-x1.5"]).Single().PartsOrKeras.ShouldBe(TrainingParts.Keras);
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

        var decay = Apply("deep-l2", "l2-as-weight-decay");
        decay.Model.KernelL2.Values.ShouldAllBe(v => v == 0);
        decay.Optimizer.Kind.ShouldBe("adamw");
        decay.Optimizer.WeightDecay.ShouldBe(0.02); // 2·l2: the gradient of l2·Σw² is 2·l2·w
        decay.Optimizer.WeightDecayOn.ShouldBe("all");
        var biases = Apply("shallow-l2", "l2-on-biases");
        biases.Model.BiasL2.ShouldBe(biases.Model.KernelL2);
        biases.Model.BiasL2.Keys.ShouldBe(["conv2d", "dense"], ignoreOrder: true);
    }

    [Fact]
    public void L2_mutations_do_not_apply_without_L2_and_unknown_names_are_refused()
    {
        foreach (var l2 in new[] { "l2-x2", "l2-x0.5", "l2-as-weight-decay", "l2-on-biases" })
            Mutations.Select([l2]).Single().Overrides(ExperimentLoader.Load("shallow-none")).ShouldBeNull(l2);
        Should.Throw<ConfigurationException>(() => Mutations.Select(["lr-x2"])).Message.ShouldContain("Known: bn-momentum-0.9");
    }
}
