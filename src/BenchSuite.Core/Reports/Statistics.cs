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

    public static string MeanSd(IReadOnlyCollection<double> values, string format = "F4") =>
        values.Count == 0 ? "–" : values.Count == 1 ? values.First().ToString(format, System.Globalization.CultureInfo.InvariantCulture)
        : $"{Mean(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ± {Sd(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture)}";
}
