using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>The gate's statistics on hand-computed examples (expected values worked out by hand or from scipy).</summary>
[Trait("Category", "unit")]
public class GateStatisticsTests
{
    [Fact]
    public void Holm_rejects_step_down_and_adjusts_the_p_values()
    {
        // Sorted: 0.005 ≤ 0.05/4 ✓, 0.01 ≤ 0.05/3 ✓, 0.03 ≤ 0.05/2 ✗ → stop; 0.04 is not rejected although 0.04 ≤ 0.05/1.
        var (rejected, adjusted) = GateStatistics.Holm([0.01, 0.04, 0.03, 0.005], 0.05);

        rejected.ShouldBe([true, false, false, true]);
        // 4·0.005 = 0.02; max(0.02, 3·0.01) = 0.03; max(0.03, 2·0.03) = 0.06; max(0.06, 1·0.04) = 0.06
        adjusted.ShouldBe([0.03, 0.06, 0.06, 0.02], tolerance: 1e-12);
    }

    [Fact]
    public void Mann_Whitney_matches_the_exact_distribution_on_complete_separation()
    {
        // Two-sided exact p for 5 vs 3 values, the 3 above all 5: 2 / C(8,3) = 2/56 (scipy.stats.mannwhitneyu(method="exact")).
        GateStatistics.MannWhitneyPValue([1, 2, 3, 4, 5], [6, 7, 8]).ShouldBe(2.0 / 56, tolerance: 1e-9);
        // One candidate value inside the baseline: U = 1 of the 15 pairs → P(U ≤ 1) = 2/56 each side → 4/56.
        GateStatistics.MannWhitneyPValue([1, 2, 3, 4, 5.5], [5, 7, 8]).ShouldBe(4.0 / 56, tolerance: 1e-9);
    }

    [Fact]
    public void Mann_Whitney_sees_no_difference_in_identical_samples()
    {
        GateStatistics.MannWhitneyPValue([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).ShouldBeGreaterThan(0.5);
    }

    [Fact]
    public void Robust_spread_ignores_one_diverged_seed_and_falls_back_to_sd_on_ties()
    {
        // Median 3, |deviations| 2,1,0,1,97 → MAD 1 → 1.4826.
        GateStatistics.RobustSpread([1, 2, 3, 4, 100]).ShouldBe(GateStatistics.MadToSd, tolerance: 1e-12);
        // More than half tie: MAD 0, the sd of (0.5, 0.5, 0.5, 0.5, 0.6) is 0.0447.
        GateStatistics.RobustSpread([0.5, 0.5, 0.5, 0.5, 0.6]).ShouldBe(Math.Sqrt(0.008 / 4), tolerance: 1e-12);
        GateStatistics.RobustSpread([0, 0, 0]).ShouldBe(0);
        GateStatistics.Median([4, 1, 3, 2]).ShouldBe(2.5);
    }

    [Fact]
    public void Rates_carry_Clopper_Pearson_intervals()
    {
        // Known values: 0 of 20 → upper 1 − 0.025^(1/20) = 0.1684; 10 of 20 → 0.2720–0.7280.
        var none = new RateEstimate(0, 20).Interval();
        none.Lower.ShouldBe(0);
        none.Upper.ShouldBe(1 - Math.Pow(0.025, 1.0 / 20), tolerance: 1e-6);
        var half = new RateEstimate(10, 20).Interval();
        half.Lower.ShouldBe(0.2720, tolerance: 1e-4);
        half.Upper.ShouldBe(0.7280, tolerance: 1e-4);
    }
}
