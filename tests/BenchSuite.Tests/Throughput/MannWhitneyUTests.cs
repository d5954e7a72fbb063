using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// Against exact p-values from real scipy 1.10.1 (Debian 12): scipy.stats.mannwhitneyu(y, x, alternative=...,
/// method="exact"), x the base and y the diff — fixtures/mann-whitney/reference.py, its output beside it.
/// </summary>
[Trait("Category", "unit")]
public sealed class MannWhitneyUTests
{
    [Theory]
    [InlineData(Alternative.Greater, 0.05)]
    [InlineData(Alternative.Less, 1.0)]
    [InlineData(Alternative.TwoSided, 0.1)]
    public void Three_against_three_fully_separated_is_the_exact_tests_smallest_p(Alternative alternative, double scipy)
    {
        var result = MannWhitneyU.Test([1, 2, 3], [4, 5, 6], alternative);

        result.U.ShouldBe(9);
        result.PValue.ShouldBe(scipy, 1e-12);
    }

    [Fact]
    public void Three_against_three_can_never_be_significant_at_the_default_alpha()
    {
        // The whole reason for an exact test: BDN's short job gives 3 samples a side, and no ordering of them
        // reaches p < 0.05 (the normal approximation said 0.04 for the fully separated case).
        MannWhitneyU.Test([10, 11, 12], [20, 21, 22], Alternative.Greater).PValue.ShouldBeGreaterThanOrEqualTo(0.05 - 1e-12);
        MannWhitneyU.Test([1, 2, 4], [3, 5, 6], Alternative.Greater).PValue.ShouldBe(0.1, 1e-12);
    }

    [Theory]
    [InlineData(Alternative.Greater, 0.025974025974025976)]
    [InlineData(Alternative.Less, 0.984848484848485)]
    [InlineData(Alternative.TwoSided, 0.05194805194805195)]
    public void Six_against_five_matches_scipy(Alternative alternative, double scipy)
    {
        double[] x = [1.1, 2.3, 3.0, 4.8, 5.2, 6.1];
        double[] y = [3.5, 5.9, 7.2, 8.4, 9.9];

        var result = MannWhitneyU.Test(x, y, alternative);

        result.U.ShouldBe(26);
        result.PValue.ShouldBe(scipy, 1e-12);
    }

    [Theory]
    [InlineData(Alternative.Greater, 2.202201272944539e-05)]
    [InlineData(Alternative.Less, 0.9999828388179487)]
    [InlineData(Alternative.TwoSided, 4.404402545889078e-05)]
    public void Fifteen_against_fifteen_matches_scipy(Alternative alternative, double scipy)
    {
        double[] x = [40.1, 39.7, 40.9, 41.3, 39.2, 40.0, 40.4, 41.8, 39.9, 40.6, 40.2, 39.5, 41.0, 40.7, 40.3];
        double[] y = [41.2, 40.8, 42.1, 41.9, 40.5, 42.6, 41.4, 41.1, 42.3, 40.95, 41.6, 42.0, 41.7, 41.35, 42.8];

        var result = MannWhitneyU.Test(x, y, alternative);

        result.U.ShouldBe(204);
        result.PValue.ShouldBe(scipy, 1e-9);
    }

    [Theory]
    [InlineData(Alternative.Greater, 0.008331241791267152)]
    [InlineData(Alternative.Less, 0.9918908385055866)]
    [InlineData(Alternative.TwoSided, 0.016662483582534304)]
    public void Forty_against_forty_uses_an_approximation_close_to_the_exact_p(Alternative alternative, double scipy)
    {
        // 80 samples in all: past Perfolizer's exact range (65), its Edgeworth approximation takes over.
        var x = Enumerable.Range(0, 40).Select(i => 100 + 0.1 * (i * 37 % 41)).ToArray();
        var y = Enumerable.Range(0, 40).Select(i => 100.713 + 0.1 * (i * 17 % 41)).ToArray();

        var result = MannWhitneyU.Test(x, y, alternative);

        result.U.ShouldBe(1048);
        result.PValue.ShouldBe(scipy, 0.0005);
    }

    [Fact]
    public void Identical_samples_give_no_evidence()
    {
        MannWhitneyU.Test([5, 5, 5], [5, 5, 5], Alternative.Greater).PValue.ShouldBeGreaterThan(0.5);
        MannWhitneyU.Test([5, 5, 5], [5, 5, 5], Alternative.TwoSided).PValue.ShouldBe(1);
    }

    [Fact]
    public void Empty_or_non_finite_samples_are_rejected()
    {
        Should.Throw<ArgumentException>(() => MannWhitneyU.Test([], [1.0], Alternative.TwoSided));
        Should.Throw<ArgumentException>(() => MannWhitneyU.Test([double.NaN], [1.0], Alternative.TwoSided));
    }
}
