using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

[Trait("Category", "unit")]
public sealed class MannWhitneyUTests
{
    // Reference values from Debian 12's scipy 1.10.1 (/usr/bin/python3):
    //   scipy.stats.mannwhitneyu(y, x, alternative=..., method="asymptotic", use_continuity=True)
    // with x the first (base) and y the second (diff) sample, so U and "greater" are about y.
    [Fact]
    public void Matches_scipy_without_ties()
    {
        double[] x = [1.1, 2.3, 3.0, 4.8, 5.2, 6.1];
        double[] y = [3.5, 5.9, 7.2, 8.4, 9.9];

        var greater = MannWhitneyU.Test(x, y, Alternative.Greater);
        greater.U.ShouldBe(26);
        greater.PValue.ShouldBe(0.027617, 1e-5);
        MannWhitneyU.Test(x, y, Alternative.TwoSided).PValue.ShouldBe(0.055234, 1e-5);
        MannWhitneyU.Test(x, y, Alternative.Less).PValue.ShouldBe(0.982118, 1e-5);
    }

    [Fact]
    public void Matches_scipy_with_ties()
    {
        double[] x = [1, 2, 2, 3, 3, 3, 4];
        double[] y = [3, 3, 4, 4, 5, 5];

        var result = MannWhitneyU.Test(x, y, Alternative.TwoSided);
        result.U.ShouldBe(36);
        result.PValue.ShouldBe(0.031585, 1e-5);
        MannWhitneyU.Test(x, y, Alternative.Greater).PValue.ShouldBe(0.015793, 1e-5);
        MannWhitneyU.Test(x, y, Alternative.Less).PValue.ShouldBe(0.989215, 1e-5);
    }

    [Fact]
    public void Identical_samples_give_no_evidence()
    {
        MannWhitneyU.Test([5, 5, 5], [5, 5, 5], Alternative.Greater).PValue.ShouldBe(1);
    }

    [Fact]
    public void Empty_or_non_finite_samples_are_rejected()
    {
        Should.Throw<ArgumentException>(() => MannWhitneyU.Test([], [1.0], Alternative.TwoSided));
        Should.Throw<ArgumentException>(() => MannWhitneyU.Test([double.NaN], [1.0], Alternative.TwoSided));
    }
}
