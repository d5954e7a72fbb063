using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Training;

/// <summary><c>benchsuite overhead</c> end to end on the embedded set: one rate per side per pair, the epoch's real step count.</summary>
[Trait("Category", "unit")]
public class HarnessOverheadTests
{
    [Fact]
    public void Each_pair_times_one_harness_epoch_and_one_bare_epoch_over_the_same_images()
    {
        var location = BenchSuite.Data.DataLocator.Resolve(null, null, environment: "");
        var experiment = TrainerTests.Quick("shallow-none", epochs: 3, trainLimit: 70); // 32 + 32 + 6: the last batch short

        var m = HarnessOverhead.Measure(experiment, BenchSuite.Data.Cifar10Reader.Read(location.Directory), location, repeats: 3);

        m.Steps.ShouldBe(3); // one epoch, whatever the experiment's epochs; the warm-up (50 steps) capped at the epoch
        m.HarnessImagesPerSecond.Count.ShouldBe(3);
        m.BareImagesPerSecond.Count.ShouldBe(3);
        m.HarnessImagesPerSecond.Concat(m.BareImagesPerSecond).ShouldAllBe(rate => rate > 0 && double.IsFinite(rate));
        m.Interval.Low.ShouldBeLessThanOrEqualTo(m.Ratio);
        m.Interval.High.ShouldBeGreaterThanOrEqualTo(m.Ratio);
    }
}
