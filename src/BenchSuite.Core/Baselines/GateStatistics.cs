using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Pragmastat;

namespace BenchSuite.Baselines;

/// <summary>
/// The statistics the gate needs, on plain arrays: robust location and spread, the two-sample test (Perfolizer's
/// Mann–Whitney, exact for small samples), the paired test (Perfolizer's one-sample Student t on the per-seed
/// differences) and the Holm–Bonferroni step-down correction.
/// </summary>
public static class GateStatistics
{
    /// <summary>1/Φ⁻¹(3/4): makes the MAD estimate the standard deviation of a normal sample.</summary>
    public const double MadToSd = 1.482602218505602;

    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("The median of no values is undefined.", nameof(values));
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// The baseline's seed-to-seed spread: 1.4826·MAD, robust to a diverged seed; the standard deviation when more
    /// than half the seeds tie (MAD 0, e.g. discrete accuracies); 0 only when every seed gave the same value.
    /// </summary>
    public static double RobustSpread(IReadOnlyList<double> values)
    {
        double median = Median(values);
        double mad = MadToSd * Median(values.Select(v => Math.Abs(v - median)).ToList());
        if (mad > 0 || values.Count < 2) return mad;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>Two-sided p-value that <paramref name="candidate"/> and <paramref name="baseline"/> come from the same distribution.</summary>
    public static double MannWhitneyPValue(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate)
    {
        if (baseline.Count == 0 || candidate.Count == 0) throw new ArgumentException("Both samples need at least one value.");
        var result = MannWhitneyTest.Instance.Perform(new Sample(baseline.ToArray()), new Sample(candidate.ToArray()),
                                                      AlternativeHypothesis.TwoSides, Threshold.Zero);
        return Math.Clamp((double)result.PValue, 0, 1);
    }

    /// <summary>
    /// Two-sided p-value that the paired differences (candidate − baseline, seed by seed) have mean 0: Student's t
    /// with n − 1 degrees of freedom (Perfolizer). All differences 0 (a bit-identical replay) gives 1; all equal and
    /// non-zero (no spread to test against) gives 0; fewer than two differences cannot be tested (NaN).
    /// </summary>
    public static double PairedTPValue(IReadOnlyList<double> differences)
    {
        if (differences.Count < 2) return double.NaN;
        if (differences.All(d => d == differences[0])) return differences[0] == 0 ? 1 : 0;
        var result = StudentTest.Instance.Run(new Sample(differences.ToArray()), 0, AlternativeHypothesis.TwoSides);
        return Math.Clamp((double)result.PValue, 0, 1);
    }

    /// <summary>
    /// Holm's step-down procedure: which hypotheses are rejected at family-wise error rate <paramref name="alpha"/>,
    /// and the Holm-adjusted p-values (comparable with alpha directly). Valid under any dependence between the tests.
    /// </summary>
    public static (bool[] Rejected, double[] Adjusted) Holm(IReadOnlyList<double> pValues, double alpha)
    {
        int m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var rejected = new bool[m];
        var adjusted = new double[m];
        double running = 0;
        bool stillRejecting = true;
        for (int rank = 0; rank < m; rank++)
        {
            int i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
            if (stillRejecting && pValues[i] <= alpha / (m - rank)) rejected[i] = true;
            else stillRejecting = false;
        }
        return (rejected, adjusted);
    }
}
