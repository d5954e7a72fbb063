using BenchSuite.Reports;
using Shouldly;

namespace BenchSuite.Tests.Reports;

/// <summary>
/// The sweep report's cell-against-control test: Perfolizer's Welch t-test against the two-sided p-values scipy 1.10.1
/// computes with <c>ttest_ind(control, other, equal_var=False)</c> — fixtures/welch/reference.py, its output beside it.
/// </summary>
[Trait("Category", "unit")]
public class WelchTests
{
    [Theory]
    [InlineData(new[] { 0.41, 0.43, 0.39 }, new[] { 0.31, 0.35, 0.29 }, 0.01590216499574142)]
    [InlineData(new[] { 0.4125, 0.39, 0.44, 0.401 }, new[] { 0.3135, 0.35, 0.29 }, 0.014535630169117705)]
    [InlineData(new[] { 2.1, 2.0, 2.2 }, new[] { 2.9, 1.1, 3.6, 0.7, 2.5 }, 0.9183339205424905)]
    [InlineData(new[] { 1.0, 2.0, 3.0 }, new[] { 1.0, 2.0, 3.0 }, 1.0)]
    public void Matches_scipys_two_sided_Welch_test(double[] control, double[] other, double scipy) =>
        Statistics.WelchPValue(control, other).ShouldBe(scipy, tolerance: 1e-6 * Math.Max(scipy, 1e-3));

    [Fact]
    public void Has_no_p_value_without_two_values_a_side_or_without_any_spread()
    {
        double.IsNaN(Statistics.WelchPValue([0.4], [0.3, 0.2])).ShouldBeTrue();
        double.IsNaN(Statistics.WelchPValue([0, 0, 0], [0, 0, 0])).ShouldBeTrue(); // e.g. the penalty of L2 = 0 cells
    }

    [Fact]
    public void The_delta_column_is_the_difference_of_the_means_with_its_p()
    {
        SweepReport.DeltaText([0.41, 0.43, 0.39], [0.31, 0.35, 0.29]).ShouldBe("−0.0933 (p 0.016)");
        SweepReport.DeltaText([0.3, 0.3], [0.3]).ShouldBe("0.0000");
        SweepReport.DeltaText([], [0.3]).ShouldBe("–");
    }
}
