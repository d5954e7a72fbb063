using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.Base;
using Perfolizer.Metrology;
using Pragmastat;

namespace BenchSuite.Reports;

/// <summary>Summaries over a handful of seeds: mean, sample standard deviation, and where a value falls among them.</summary>
internal static class Statistics
{
    public static double Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? double.NaN : values.Average();

    /// <summary>Sample standard deviation (n − 1); 0 for a single value.</summary>
    public static double Sd(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2) return 0;
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// The percentile rank of <paramref name="value"/> among <paramref name="values"/>: 100 · (below + ½·equal) / n.
    /// With three seeds it can only say "below all", "among" or "above all"; read it as such.
    /// </summary>
    public static double PercentileRank(IReadOnlyCollection<double> values, double value) =>
        values.Count == 0 ? double.NaN : 100.0 * (values.Count(v => v < value) + 0.5 * values.Count(v => v == value)) / values.Count;

    /// <summary>
    /// Two-sided p-value of Welch's t-test (Perfolizer's) that the two samples' means differ; NaN when either has
    /// fewer than two values or neither varies. With three seeds a side this is the only test that can say anything:
    /// the smallest two-sided Mann–Whitney p at 3 against 3 is 0.1.
    /// </summary>
    public static double WelchPValue(IReadOnlyList<double> control, IReadOnlyList<double> other)
    {
        if (control.Count < 2 || other.Count < 2 || (Sd(control) == 0 && Sd(other) == 0)) return double.NaN;
        var result = WelchTest.Instance.Perform(new Sample(control.ToArray()), new Sample(other.ToArray()), AlternativeHypothesis.TwoSides, Threshold.Zero);
        return Math.Clamp((double)result.PValue, 0, 1);
    }

    public static string MeanSd(IReadOnlyCollection<double> values, string format = "F4") =>
        values.Count == 0 ? "–" : values.Count == 1 ? values.First().ToString(format, System.Globalization.CultureInfo.InvariantCulture)
        : $"{Mean(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ± {Sd(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
}
