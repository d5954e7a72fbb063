namespace BenchSuite.Throughput;

/// <summary>
/// The exact one-sided Wilcoxon signed-rank test on paired differences (here the log of each round's ratio): under
/// "no change" every |difference| is as likely positive as negative, so W⁺ (the sum of the ranks of the positive
/// ones) is distributed as the sum over ranks of independent fair coin flips. The p-value P(W⁺ ≥ w⁺) is counted over
/// all 2ⁿ sign patterns. Zero differences are dropped (as <c>scipy.stats.wilcoxon</c>'s default <c>zero_method</c>
/// does); tied |differences| take their mid-rank, and the count is then over those ranks (exact given the ties).
/// Written here because neither Perfolizer nor MathNet.Numerics has it; a subset-sum count, checked against scipy's
/// exact test where that is exact (no zeros, no ties) and against hand counts for zeros and ties.
/// </summary>
internal static class SignedRankTest
{
    /// <summary>P(W⁺ ≥ observed) for the differences <paramref name="differences"/>; 1 when none is non-zero.</summary>
    public static double PGreater(IReadOnlyList<double> differences)
    {
        var nonZero = differences.Where(d => d != 0).ToList();
        if (nonZero.Count == 0) return 1;
        int[] doubledRanks = DoubledMidRanks(nonZero.Select(Math.Abs).ToList());
        int observed = nonZero.Select((d, i) => d > 0 ? doubledRanks[i] : 0).Sum();

        // ways[s] = number of sign patterns whose positive doubled ranks sum to s (doubles: 2ⁿ overflows long past n = 62)
        var ways = new double[doubledRanks.Sum() + 1];
        ways[0] = 1;
        int reach = 0;
        foreach (int rank in doubledRanks)
        {
            for (int s = reach; s >= 0; s--) ways[s + rank] += ways[s];
            reach += rank;
        }
        double atLeast = 0;
        for (int s = observed; s < ways.Length; s++) atLeast += ways[s];
        return atLeast / Math.Pow(2, nonZero.Count);
    }

    /// <summary>P(W⁺ ≤ observed), i.e. the test for negative differences: <see cref="PGreater"/> of the negated ones.</summary>
    public static double PLess(IReadOnlyList<double> differences) => PGreater(differences.Select(d => -d).ToList());

    /// <summary>Twice each value's rank among <paramref name="magnitudes"/> (1-based, ties at their mean), so mid-ranks stay integers.</summary>
    static int[] DoubledMidRanks(IReadOnlyList<double> magnitudes)
    {
        var order = Enumerable.Range(0, magnitudes.Count).OrderBy(i => magnitudes[i]).ToArray();
        var doubled = new int[magnitudes.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && magnitudes[order[end + 1]] == magnitudes[order[start]]) end++;
            int doubledMidRank = start + end + 2; // 2 · ((start + 1) + (end + 1)) / 2
            for (int k = start; k <= end; k++) doubled[order[k]] = doubledMidRank;
            start = end + 1;
        }
        return doubled;
    }
}
