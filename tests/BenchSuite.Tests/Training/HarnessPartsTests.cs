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
        costs.ShouldAllBe(c => c.BlockRatios.Count == 0 && c.Interval == null); // fewer steps than one block of 50
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

    [Fact]
    public void Pairs_of_blocks_hold_both_role_assignments_and_give_the_interval()
    {
        // Block times (bare, with the part), ms: the models swap roles between the blocks of a pair.
        HarnessBlock[] blocks = [new(10, 11), new(12, 11), new(10, 10), new(9, 10), new(20, 21)];
        var cost = new HarnessPartCost("all four", 250, 1, 1, blocks);

        cost.BlockRatios.ShouldBe([10 / 11.0, 12 / 11.0, 1.0, 0.9, 20 / 21.0]);
        cost.PairRatios.ShouldBe([22 / 22.0, 19 / 20.0]); // the odd fifth block is left out
        // Two pairs: the smallest to the largest, which holds the median of independent pairs with 1 − 2·(1/2)² = 50 %.
        var two = cost.Interval!.Value;
        (two.Low, two.High).ShouldBe((0.95, 1.0));
        two.Coverage.ShouldBe(0.5, tolerance: 1e-12);

        // Ten pairs whose ratios are 0.91, 0.92, ... 1.00: the 2nd smallest to the 2nd largest (97.9 %), as for epoch pairs.
        var ten = Enumerable.Range(1, 10).SelectMany(i => new HarnessBlock[] { new(0.9 + i / 100.0, 1), new(0.9 + i / 100.0, 1) }).ToArray();
        var interval = new HarnessPartCost("all four", 1000, 1, 1, ten).Interval!.Value;
        interval.Low.ShouldBe(0.92, tolerance: 1e-12);
        interval.High.ShouldBe(0.99, tolerance: 1e-12);
        interval.Coverage.ShouldBe(1 - 2 * 11 / 1024.0, tolerance: 1e-12);
    }
}
