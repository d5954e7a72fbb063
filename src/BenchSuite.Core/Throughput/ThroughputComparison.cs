namespace BenchSuite.Throughput;

/// <summary>
/// Pairs two result sets by benchmark full name (parameters included) and decides, per benchmark, whether the diff
/// is a regression: its mean is more than <see cref="ComparisonSettings.Threshold"/> above the base's AND the
/// Mann–Whitney test on the raw samples rejects "same distribution" at <see cref="ComparisonSettings.Alpha"/>.
/// Both conditions, because a large but noisy ratio is not evidence, and a tiny but consistent one does not matter.
/// </summary>
public static class ThroughputComparison
{
    public static ThroughputComparisonReport Compare(ThroughputResults @base, ThroughputResults diff, ComparisonSettings settings)
    {
        if (!(settings.Threshold >= 0) || !double.IsFinite(settings.Threshold))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Threshold, "Threshold must be a finite fraction >= 0.");
        if (!(settings.Alpha is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Alpha, "Alpha must be in (0, 1).");

        var rows = new List<BenchmarkComparison>();
        foreach (var name in @base.Benchmarks.Keys.Union(diff.Benchmarks.Keys).Order(StringComparer.Ordinal))
        {
            @base.Benchmarks.TryGetValue(name, out var b);
            diff.Benchmarks.TryGetValue(name, out var d);
            rows.Add(b is null ? new(name, null, d, null, null, ThroughputStatus.New)
                   : d is null ? new(name, b, null, null, null, ThroughputStatus.MissingInDiff)
                   : Pair(name, b, d, settings));
        }
        return new ThroughputComparisonReport(@base, diff, settings, rows);
    }

    static BenchmarkComparison Pair(string name, BenchmarkTiming b, BenchmarkTiming d, ComparisonSettings settings)
    {
        double ratio = d.MeanNs / b.MeanNs;
        bool twoSided = settings.Alternative == Alternative.TwoSided;
        double pSlower = MannWhitneyU.Test(b.SamplesNs, d.SamplesNs, twoSided ? Alternative.TwoSided : Alternative.Greater).PValue;
        double pFaster = MannWhitneyU.Test(b.SamplesNs, d.SamplesNs, twoSided ? Alternative.TwoSided : Alternative.Less).PValue;

        var status = ratio > 1 + settings.Threshold && pSlower < settings.Alpha ? ThroughputStatus.Regression
                   : ratio < 1 / (1 + settings.Threshold) && pFaster < settings.Alpha ? ThroughputStatus.Improvement
                   : ThroughputStatus.Same;
        // Report the p-value of the direction the means moved in (the one that could flag something).
        return new BenchmarkComparison(name, b, d, ratio, ratio >= 1 ? pSlower : pFaster, status);
    }
}
