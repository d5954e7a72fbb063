using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace BenchSuite.Throughput;

/// <summary>
/// Paired ratios diff / base, one per round (the two builds measured back to back, the order alternating), and what a
/// one-sided Wilcoxon signed-rank test on their logarithms says about them (<see cref="SignedRankTest"/>). Pairing
/// cancels the host's drift between rounds; the test needs the rounds independent of each other and, under "no
/// change", each log ratio as likely to be +x as −x (the alternating order is what makes that plausible). It weighs
/// how far each round moved, not only to which side: one round that went the other way by a little no longer hides a
/// regression, as it did with the sign test this replaced (README, <i>Across TorchSharp versions</i>: on the measured
/// trials 4 of 4 injected slowdowns flagged instead of 3, and no unchanged benchmark).
/// </summary>
public sealed record PairedRatios
{
    public PairedRatios(IReadOnlyList<double> ratios)
    {
        if (ratios.Count == 0) throw new ArgumentException("at least one paired ratio is needed.", nameof(ratios));
        if (ratios.Any(r => !double.IsFinite(r) || r <= 0))
            throw new ArgumentOutOfRangeException(nameof(ratios), "paired ratios must be positive finite numbers.");
        Ratios = ratios;
    }

    /// <summary>Each round's diff / base, in round order.</summary>
    public IReadOnlyList<double> Ratios { get; }

    public int Count => Ratios.Count;

    /// <summary>The median ratio (the mean of the middle two for an even count).</summary>
    public double Median => Ratios.Median();

    /// <summary>Rounds in which the diff was slower (ratio above 1) and faster (below 1); a ratio of exactly 1 is neither.</summary>
    public int Slower => Ratios.Count(r => r > 1);
    public int Faster => Ratios.Count(r => r < 1);

    /// <summary>"The diff is slower": the one-sided signed-rank p-value P(W⁺ ≥ w⁺) of the log ratios (rounds with a ratio of exactly 1 dropped).</summary>
    public double PSlower => SignedRankTest.PGreater(LogRatios);

    /// <summary>"The diff is faster": P(W⁺ ≤ w⁺) of the log ratios.</summary>
    public double PFaster => SignedRankTest.PLess(LogRatios);

    /// <summary>The smallest p-value any n rounds can give (all on one side): 0.5ⁿ. At or above α nothing can be flagged.</summary>
    public static double SmallestP(int rounds) => Math.Pow(0.5, rounds);

    IReadOnlyList<double> LogRatios => Ratios.Select(r => Math.Log(r)).ToList();

    /// <summary>
    /// A distribution-free interval for the median ratio: the k-th smallest and k-th largest ratio, k the largest with
    /// coverage ≥ 95 % (or 1, the min and max, when even that falls short), coverage = 1 − 2·P(X ≤ k − 1).
    /// </summary>
    public (double Low, double High, double Coverage) Interval
    {
        get
        {
            var sorted = Ratios.Order().ToList();
            int n = sorted.Count, k = 1;
            while (k + 1 <= n / 2 && IntervalCoverage(n, k + 1) >= 0.95) k++;
            return (sorted[k - 1], sorted[n - k], IntervalCoverage(n, k));
        }
    }

    /// <summary>How often [x₍ₖ₎, x₍ₙ₊₁₋ₖ₎] holds the median of a continuous distribution: 1 − 2·P(Binomial(n, ½) ≤ k − 1).</summary>
    public static double IntervalCoverage(int n, int k) => n < 2 * k ? 0 : 1 - 2 * Binomial.CDF(0.5, n, k - 1);
}
