using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// The signed-rank p-values against scipy's exact Wilcoxon test, and the median's interval against exact binomial
/// sums worked out by hand (C(n, i) / 2ⁿ), written as fractions so the arithmetic can be checked on paper; not
/// against the class's own output.
/// </summary>
[Trait("Category", "unit")]
public sealed class PairedRatiosTests
{
    /// <summary>
    /// p-values from Debian's python3-scipy 1.10.1: <c>wilcoxon(numpy.log(ratios), alternative='greater', mode='exact')</c>
    /// and <c>alternative='less'</c> for PFaster.
    /// </summary>
    [Theory]
    [InlineData(new[] { 1.21, 1.18, 1.25, 1.19, 1.22, 1.17 }, 0.015625, 1.0)]                              // all six slower: 1/64
    [InlineData(new[] { 1.30, 1.25, 0.97, 1.22, 1.35, 1.28, 1.19, 1.24 }, 0.0078125, 0.99609375)]          // 7 of 8, the faster one smallest
    [InlineData(new[] { 1.05, 1.08, 1.10, 1.04, 1.06, 1.07, 1.09, 0.70 }, 0.09765625, 0.92578125)]         // 7 of 8, the faster one largest
    [InlineData(new[] { 1.31, 0.89, 1.40, 1.25, 0.92, 1.33, 1.28, 1.36 }, 0.01953125, 0.98828125)]         // 6 of 8, like the injected shallow (no L2) trial
    [InlineData(new[] { 1.03, 0.97, 1.10, 0.92, 1.01, 0.99 }, 0.578125, 0.5)]                               // unchanged-like
    [InlineData(new[] { 1.00001, 0.90, 1.05, 1.20, 0.95, 1.02, 0.99, 1.08, 0.97, 1.01 }, 0.384765625, 0.65234375)]
    public void The_one_sided_p_values_are_scipy_s_exact_signed_rank_test_on_the_log_ratios(double[] ratios, double pSlower, double pFaster)
    {
        var r = new PairedRatios(ratios);

        r.PSlower.ShouldBe(pSlower, 1e-14);
        r.PFaster.ShouldBe(pFaster, 1e-14);
    }

    [Fact]
    public void Seven_of_eight_slower_depends_on_how_far_the_eighth_went()
    {
        // The sign test it replaced gave both 9/256 = 0.035. Here W⁺ = 36 − rank of the faster round:
        // smallest |log r| → W⁺ = 35, p = P(W⁺ ≥ 35) = 2/256 (sign patterns {} and {1} negative);
        // largest → W⁺ = 28, p = 25/256 (the subsets of 1..8 summing to at most 8: counted by hand, 25).
        new PairedRatios([1.30, 1.25, 0.97, 1.22, 1.35, 1.28, 1.19, 1.24]).PSlower.ShouldBe(2.0 / 256, 1e-15);
        new PairedRatios([1.05, 1.08, 1.10, 1.04, 1.06, 1.07, 1.09, 0.70]).PSlower.ShouldBe(25.0 / 256, 1e-15);
    }

    [Fact]
    public void A_round_that_did_not_move_counts_for_neither_side()
    {
        var r = new PairedRatios([1.0, 1.2, 1.2, 1.2, 1.2, 1.2]);

        (r.Slower, r.Faster).ShouldBe((5, 0));
        r.PSlower.ShouldBe(1.0 / 32, 1e-15); // the 5 rounds that moved, all slower (ties among them: mid-ranks, W⁺ the maximum)
    }

    [Fact]
    public void Tied_magnitudes_take_their_mid_rank()
    {
        // |log| of 0.5 and 2 tie (exact powers of two): mid-rank 1.5 each; 3 has rank 3. W⁺ = 1.5 + 3 = 4.5. Over the 8
        // sign patterns the positive-rank sums are 0, 1.5, 1.5, 3, 3, 4.5, 4.5, 6: P(W⁺ ≥ 4.5) = 3/8. (Ranked 1 and 2 in
        // input order instead, 2 would have rank 2: W⁺ = 5, p = 2/8.)
        new PairedRatios([0.5, 2.0, 3.0]).PSlower.ShouldBe(3.0 / 8, 1e-15);
    }

    [Fact]
    public void Median_of_an_even_count_is_the_mean_of_the_middle_two()
    {
        new PairedRatios([1.4, 1.0, 1.2, 1.1]).Median.ShouldBe(1.15, 1e-15);
        new PairedRatios([1.4, 1.0, 1.2]).Median.ShouldBe(1.2, 1e-15);
    }

    [Fact]
    public void Six_rounds_give_the_min_and_max_at_one_minus_two_in_64()
    {
        var (low, high, coverage) = new PairedRatios([1.03, 0.97, 1.10, 0.92, 1.01, 0.99]).Interval;

        (low, high).ShouldBe((0.92, 1.10));
        coverage.ShouldBe(1 - 2.0 / 64, 1e-15);
    }

    [Fact]
    public void Ten_rounds_give_the_second_smallest_and_largest()
    {
        // k = 2: 1 − 2·P(X ≤ 1) = 1 − 2·11/1024 = 0.9785 ≥ 0.95; k = 3 would give 1 − 2·56/1024 = 0.89.
        var ratios = new[] { 1.00, 0.90, 1.05, 1.20, 0.95, 1.02, 0.99, 1.08, 0.97, 1.01 };

        var (low, high, coverage) = new PairedRatios(ratios).Interval;

        (low, high).ShouldBe((0.95, 1.08));
        coverage.ShouldBe(1 - 2 * 11.0 / 1024, 1e-15);
    }

    [Fact]
    public void Twenty_rounds_give_the_sixth_from_each_end()
    {
        // P(X ≤ 5) = (1 + 20 + 190 + 1140 + 4845 + 15504) / 2²⁰ = 21700/1048576 ≤ 0.025 < P(X ≤ 6) = 60460/1048576.
        var ratios = Enumerable.Range(1, 20).Select(i => 1 + i / 100.0).Reverse().ToList();

        var (low, high, coverage) = new PairedRatios(ratios).Interval;

        low.ShouldBe(1.06, 1e-12);
        high.ShouldBe(1.15, 1e-12);
        coverage.ShouldBe(1 - 2 * 21700.0 / 1048576, 1e-14);
    }

    [Fact]
    public void Five_rounds_are_the_fewest_that_can_reach_alpha_five_percent()
    {
        PairedRatios.SmallestP(4).ShouldBe(1.0 / 16);
        PairedRatios.SmallestP(5).ShouldBe(1.0 / 32);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_ratio_that_is_not_a_positive_number_is_refused(double bad) =>
        Should.Throw<ArgumentOutOfRangeException>(() => new PairedRatios([1.0, bad]));

    [Fact]
    public void No_ratio_is_refused() => Should.Throw<ArgumentException>(() => new PairedRatios([]));
}
