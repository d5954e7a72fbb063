using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// The sign test and the median's interval against exact binomial sums worked out by hand (C(n, i) / 2ⁿ), written
/// as fractions so the arithmetic can be checked on paper; not against the class's own output.
/// </summary>
[Trait("Category", "unit")]
public sealed class PairedRatiosTests
{
    [Fact]
    public void All_six_rounds_slower_gives_one_in_64()
    {
        var r = new PairedRatios([1.21, 1.18, 1.25, 1.19, 1.22, 1.17]);

        r.Slower.ShouldBe(6);
        r.PSlower.ShouldBe(1.0 / 64, 1e-15);
        r.PFaster.ShouldBe(1.0, 1e-15); // P(X >= 0)
    }

    [Theory]
    [InlineData(6, 5, 7.0 / 64)]        // C(6,5) + C(6,6) = 6 + 1
    [InlineData(6, 4, 22.0 / 64)]       // 15 + 6 + 1
    [InlineData(8, 7, 9.0 / 256)]       // 8 + 1
    [InlineData(5, 5, 1.0 / 32)]
    [InlineData(10, 9, 11.0 / 1024)]    // 10 + 1
    public void The_one_sided_p_is_the_binomial_upper_tail(int rounds, int slower, double expected)
    {
        var ratios = Enumerable.Range(0, rounds).Select(i => i < slower ? 1.1 + 0.01 * i : 0.95 - 0.01 * i).ToList();

        new PairedRatios(ratios).PSlower.ShouldBe(expected, 1e-14);
    }

    [Fact]
    public void A_round_that_did_not_move_counts_for_neither_side()
    {
        var r = new PairedRatios([1.0, 1.2, 1.2, 1.2, 1.2, 1.2]);

        (r.Slower, r.Faster).ShouldBe((5, 0));
        r.PSlower.ShouldBe(1.0 / 32, 1e-15); // a sign test over the 5 rounds that moved
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
