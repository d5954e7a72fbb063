namespace BenchSuite.Throughput;

/// <summary>What a comparison concluded for one benchmark.</summary>
public enum ThroughputStatus
{
    /// <summary>Within the threshold, or not statistically different.</summary>
    Same,
    /// <summary>Slower by more than the threshold, and the test says it is not noise.</summary>
    Regression,
    /// <summary>Faster by more than the threshold, and the test says it is not noise.</summary>
    Improvement,
    /// <summary>In the base but not in the diff (filtered out, renamed, or it failed).</summary>
    MissingInDiff,
    /// <summary>In the diff only: new, nothing to compare with.</summary>
    New,
}

/// <param name="Threshold">Relative change that matters, as a fraction: 0.10 flags a step more than 10% slower.</param>
/// <param name="Alpha">Significance level of the Mann–Whitney test.</param>
/// <param name="Alternative">Greater ("slower", the default: regressions are what we gate on) or TwoSided.</param>
public sealed record ComparisonSettings(double Threshold = 0.10, double Alpha = 0.05, Alternative Alternative = Alternative.Greater);

/// <summary>One row of a comparison; timings null on the side where the benchmark is missing.</summary>
public sealed record BenchmarkComparison(string Name, BenchmarkTiming? Base, BenchmarkTiming? Diff, double? Ratio, double? PValue, ThroughputStatus Status);

public sealed record ThroughputComparisonReport(ThroughputResults Base, ThroughputResults Diff, ComparisonSettings Settings, IReadOnlyList<BenchmarkComparison> Rows)
{
    public IEnumerable<BenchmarkComparison> Regressions => Rows.Where(r => r.Status == ThroughputStatus.Regression);
    public IEnumerable<BenchmarkComparison> Missing => Rows.Where(r => r.Status == ThroughputStatus.MissingInDiff);
    public bool HasRegression => Regressions.Any();
}
