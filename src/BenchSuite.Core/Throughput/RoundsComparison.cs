using MathNet.Numerics.Statistics;

namespace BenchSuite.Throughput;

/// <summary>One round: both builds' results, measured back to back.</summary>
public sealed record Round(int Number, ThroughputResults Base, ThroughputResults Diff);

/// <summary>One benchmark across the rounds: its paired ratios (null when it is on one side only) and the verdict.</summary>
public sealed record RoundsRow(string Name, PairedRatios? Ratios, ThroughputStatus Status);

public sealed record RoundsComparisonReport(IReadOnlyList<Round> Rounds, ComparisonSettings Settings, IReadOnlyList<RoundsRow> Rows)
{
    public IEnumerable<RoundsRow> Regressions => Rows.Where(r => r.Status == ThroughputStatus.Regression);
    public IEnumerable<RoundsRow> Missing => Rows.Where(r => r.Status == ThroughputStatus.MissingInDiff);
    public bool HasRegression => Regressions.Any();

    /// <summary>True when no benchmark could be flagged whatever it measured: too few rounds for α (0.5ⁿ ≥ α).</summary>
    public bool CannotFlag => Rows.Where(r => r.Ratios is not null).All(r => PairedRatios.SmallestP(r.Ratios!.Count) >= Settings.Alpha);
}

/// <summary>
/// Judges two builds measured in interleaved rounds (A B, B A, A B, …). Per benchmark and round the ratio is
/// median(diff's iterations) / median(base's iterations); a regression is a median ratio above 1 + threshold AND a
/// one-sided Wilcoxon signed-rank test over the rounds' log ratios at α (<see cref="PairedRatios.PSlower"/>).
/// <para>
/// Why not Mann–Whitney on the pooled iterations, as <see cref="ThroughputComparison"/> does for two single runs: on
/// a shared host the speed drifts over minutes, so the iterations of one run are not independent samples and the
/// test's p-value is far too small (measured: 3 of 8 comparisons of unchanged code flagged; README, Throughput). The
/// rounds are the independent units here; within a round the drift mostly cancels, and alternating the order
/// cancels what a steady drift would add to one side.
/// </para>
/// </summary>
public static class RoundsComparison
{
    public static RoundsComparisonReport Compare(IReadOnlyList<Round> rounds, ComparisonSettings settings)
    {
        if (rounds.Count == 0) throw new ArgumentException("no round to compare.", nameof(rounds));
        if (!(settings.Threshold >= 0) || !double.IsFinite(settings.Threshold))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Threshold, "Threshold must be a finite fraction >= 0.");
        if (!(settings.Alpha is > 0 and < 1))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.Alpha, "Alpha must be in (0, 1).");

        var names = rounds.SelectMany(r => r.Base.Benchmarks.Keys.Concat(r.Diff.Benchmarks.Keys)).Distinct().Order(StringComparer.Ordinal);
        var rows = new List<RoundsRow>();
        foreach (var name in names)
        {
            var ratios = new List<double>();
            bool inBase = false, inDiff = false;
            foreach (var round in rounds)
            {
                bool b = round.Base.Benchmarks.TryGetValue(name, out var @base), d = round.Diff.Benchmarks.TryGetValue(name, out var diff);
                inBase |= b;
                inDiff |= d;
                if (b && d) ratios.Add(Center(diff!) / Center(@base!));
            }
            if (ratios.Count == 0)
            {
                rows.Add(new RoundsRow(name, null, inBase ? ThroughputStatus.MissingInDiff : ThroughputStatus.New));
                continue;
            }
            var paired = new PairedRatios(ratios);
            rows.Add(new RoundsRow(name, paired, Verdict(paired, settings)));
        }
        return new RoundsComparisonReport(rounds, settings, rows);
    }

    /// <summary>A run's typical time per operation: the median of its iterations (a stray slow iteration does not move it).</summary>
    public static double Center(BenchmarkTiming timing) => timing.SamplesNs.Median();

    static ThroughputStatus Verdict(PairedRatios ratios, ComparisonSettings settings) =>
        ratios.Median > 1 + settings.Threshold && ratios.PSlower < settings.Alpha ? ThroughputStatus.Regression
        : ratios.Median < 1 / (1 + settings.Threshold) && ratios.PFaster < settings.Alpha ? ThroughputStatus.Improvement
        : ThroughputStatus.Same;
}
