using BenchSuite.Training;
using Shouldly;

namespace BenchSuite.Tests.Training;

/// <summary>
/// <c>benchsuite overhead</c>'s statistic: pairs of back-to-back epochs, each pair's harness / bare, their median and
/// the order-statistic interval for it. Hand-computed cases.
/// </summary>
[Trait("Category", "unit")]
public class OverheadMeasurementTests
{
    static OverheadMeasurement Of(double[] harness, double[] bare) => new("shallow-l2", 1250, 32, 2, harness, bare);

    [Fact]
    public void The_ratio_is_the_median_of_paired_ratios_so_a_host_that_drifts_between_pairs_does_not_move_it()
    {
        // The host slows by half between pairs; within each pair the harness runs at 0.9 of the bare loop.
        // Best-of-each (the old statistic) would say 900 / 1000 = 0.9 only by luck of which pair was fastest;
        // with the fast harness epoch in one pair and the fast bare one in another it would say 0.45 / 1.0.
        var m = Of([900, 450, 675], [1000, 500, 750]);
        m.Ratios.ShouldBe([0.9, 0.9, 0.9], tolerance: 1e-12);
        m.Ratio.ShouldBe(0.9, tolerance: 1e-12);
    }

    [Fact]
    public void An_even_number_of_pairs_takes_the_mean_of_the_middle_two()
    {
        var m = Of([80, 95, 100, 90], [100, 100, 100, 100]); // ratios 0.80, 0.95, 1.00, 0.90
        m.Ratio.ShouldBe((0.90 + 0.95) / 2, tolerance: 1e-12);
        m.Interval.ShouldBe((0.80, 1.00)); // four pairs: the min and max (87.5 %)
    }

    [Fact]
    public void The_interval_is_the_widest_order_statistic_pair_that_keeps_95_percent_coverage()
    {
        double[] Bare(int n) => Enumerable.Repeat(100.0, n).ToArray();

        var one = Of([90], Bare(1));
        one.Interval.ShouldBe((0.9, 0.9));
        one.Coverage.ShouldBe(0);                                  // one pair says nothing about the spread

        // Six pairs: only the min and max reach 95 % (1 − 2/64 = 0.969; the 2nd pair would give 1 − 2·7/64 = 0.78).
        var six = Of([80, 95, 100, 90, 85, 97], Bare(6));
        six.Interval.ShouldBe((0.80, 1.00));
        six.Coverage.ShouldBe(1 - 2 / 64.0, tolerance: 1e-12);

        // Ten pairs: the 2nd smallest and 2nd largest, 1 − 2·(1 + 10)/1024 = 0.979 (the 3rd: 1 − 2·56/1024 = 0.89).
        var ten = Of([84, 91, 80, 83, 96, 86, 78, 95, 83, 89], Bare(10));
        ten.Interval.ShouldBe((0.80, 0.95));
        ten.Coverage.ShouldBe(1 - 2 * 11 / 1024.0, tolerance: 1e-12);
        ten.Range.ShouldBe((0.78, 0.96));
    }
}
