using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace BenchSuite.Throughput;

/// <summary>Which difference the test looks for.</summary>
public enum Alternative
{
    /// <summary>The second sample differs from the first, in either direction.</summary>
    TwoSided,
    /// <summary>The second sample tends to be larger than the first (for timings: slower).</summary>
    Greater,
    /// <summary>The second sample tends to be smaller than the first (for timings: faster).</summary>
    Less,
}

/// <param name="U">U of the second sample: the number of (x, y) pairs with y &gt; x, ties counting ½.</param>
/// <param name="PValue">The p-value for the chosen alternative.</param>
internal readonly record struct MannWhitneyResult(double U, double PValue);

/// <summary>
/// The Mann–Whitney U (Wilcoxon rank-sum) test, as Perfolizer (BenchmarkDotNet's statistics library) computes it:
/// the exact distribution of U up to 65 samples in all (Löffler's recurrence), an Edgeworth approximation above.
/// Exact matters for BenchmarkDotNet's short job: with 3 samples a side the smallest one-sided p is 1/20 = 0.05,
/// which the normal approximation under-states (≈ 0.04) enough to flag "regressions" at α = 0.05 that no exact test
/// would. Ties (equal timings, rare in nanoseconds) get average ranks; the exact distribution does not correct
/// for them. Rank-based, so it does not assume normal timings and is robust to outliers.
/// </summary>
internal static class MannWhitneyU
{
    public static MannWhitneyResult Test(IReadOnlyList<double> x, IReadOnlyList<double> y, Alternative alternative)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || y.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        if (x.Concat(y).Any(v => !double.IsFinite(v))) throw new ArgumentException("Samples must be finite numbers.");

        // Perfolizer's alternatives are about its first sample: "Greater" = the first tends to be larger. Ours are
        // about the second (the diff), so it goes first.
        var hypothesis = alternative switch
        {
            Alternative.Greater => AlternativeHypothesis.Greater,
            Alternative.Less => AlternativeHypothesis.Less,
            _ => AlternativeHypothesis.TwoSides,
        };
        var result = MannWhitneyTest.Instance.Perform(new Sample(y.ToArray()), new Sample(x.ToArray()), hypothesis, Threshold.Zero);
        return new MannWhitneyResult(result.Ux, Math.Clamp(result.PValue.Value, 0, 1)); // Ux: U of Perfolizer's first sample, our y
    }
}
