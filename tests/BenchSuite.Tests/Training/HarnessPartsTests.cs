using BenchSuite.Data;
using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Training;

/// <summary><c>benchsuite overhead --parts</c> on the embedded set: one row per part, the A/A control first, real times.</summary>
[Trait("Category", "unit")]
public class HarnessPartsTests
{
    [Fact]
    public void Each_part_is_timed_against_the_bare_step_interleaved_with_it()
    {
        var location = DataLocator.Resolve(null, null, environment: "");
        var experiment = TrainerTests.Quick("shallow-l2", epochs: 1, trainLimit: 70); // two whole batches: the third step reuses the first

        var costs = HarnessParts.Measure(experiment, Cifar10Reader.Read(location.Directory), location, steps: 3);

        costs.Select(c => c.Part).ShouldBe(["nothing (A/A control)", "running metrics", "input probe", "Keras' augmentation", "curve points", "all four"]);
        costs.ShouldAllBe(c => c.Steps == 3 && c.BareMsPerStep > 0 && c.WithPartMsPerStep > 0 && double.IsFinite(c.Ratio));
        costs.ShouldAllBe(c => c.BlockRatios.Count == 0); // fewer steps than one block of 50
        var all = costs[^1];
        all.AddedMsPerStep.ShouldBe(all.WithPartMsPerStep - all.BareMsPerStep, tolerance: 1e-12);
        all.Ratio.ShouldBe(all.BareMsPerStep / all.WithPartMsPerStep, tolerance: 1e-12);
    }

    [Fact]
    public void Turns_of_several_steps_run_and_a_length_that_does_not_divide_a_block_is_refused()
    {
        var location = DataLocator.Resolve(null, null, environment: "");
        var experiment = TrainerTests.Quick("shallow-l2", epochs: 1, trainLimit: 70);
        var dataset = Cifar10Reader.Read(location.Directory);

        var costs = HarnessParts.Measure(experiment, dataset, location, steps: 5, turnSteps: 2); // turns of 2, 2 and 1

        costs.ShouldAllBe(c => c.Steps == 5 && c.BareMsPerStep > 0 && c.WithPartMsPerStep > 0);
        Should.Throw<ArgumentOutOfRangeException>(() => HarnessParts.Measure(experiment, dataset, location, steps: 5, turnSteps: 3))
            .Message.ShouldContain("divide 50");
    }
}
