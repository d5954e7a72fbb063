using System.Globalization;
using System.Text;
using BenchSuite.Throughput;

namespace BenchSuite.Cli;

/// <summary>Interleaved rounds judged: one row per benchmark with its paired ratios, their median and interval, the signed-rank test and the verdict.</summary>
static class RoundsTable
{
    public static string Render(RoundsManifest manifest, RoundsComparisonReport report)
    {
        var s = report.Settings;
        var text = new StringBuilder();
        var first = report.Rounds[0];
        text.AppendLine($"base: {manifest.Base}  ({ThroughputTable.Describe(first.Base.Provenance)})");
        text.AppendLine($"diff: {manifest.Diff}  ({ThroughputTable.Describe(first.Diff.Provenance)})");
        if (manifest.InjectedSlowdownPercent is { } injected)
            text.AppendLine(Invariant($"diff's training step slowed {injected}% ON PURPOSE (--inject-slowdown): a test of the gate, not a measurement"));
        text.AppendLine(Invariant($"{report.Rounds.Count} rounds (order alternating); ratio = median(diff iterations) / median(base iterations) within a round"));
        text.AppendLine(Invariant($"regression = median ratio > {1 + s.Threshold:0.###} and one-sided Wilcoxon signed-rank test over the rounds' log ratios p < {s.Alpha}"));

        var names = report.Rows.Select(r => ThroughputTable.Shorten(r.Name)).ToList();
        int width = Math.Max(9, names.Max(n => n.Length));
        text.AppendLine($"{"benchmark".PadRight(width)}  {"median",7}  {"interval",15}  {"slower",7}  {"p",7}  status   ratios by round");
        foreach (var (row, name) in report.Rows.Zip(names))
        {
            if (row.Ratios is not { } r)
            {
                text.AppendLine($"{name.PadRight(width)}  {"-",7}  {"-",15}  {"-",7}  {"-",7}  {ThroughputTable.Status(row.Status)}");
                continue;
            }
            var (low, high, coverage) = r.Interval;
            string interval = Invariant($"{low:0.000}-{high:0.000} {coverage * 100:0}%");
            string ratios = string.Join(" ", r.Ratios.Select(x => x.ToString("0.000", CultureInfo.InvariantCulture)));
            text.AppendLine(Invariant(
                $"{name.PadRight(width)}  {r.Median,7:0.000}  {interval,15}  {r.Slower + "/" + r.Count,7}  {(r.Median >= 1 ? r.PSlower : r.PFaster),7:0.0000}  {ThroughputTable.Status(row.Status),-7}  {ratios}"));
        }

        int regressions = report.Regressions.Count(), missing = report.Missing.Count();
        text.AppendLine(regressions == 0 ? "no regression." : $"{regressions} regression(s).");
        if (missing > 0) text.AppendLine($"{missing} benchmark(s) of the base are missing from the diff (filtered out, renamed or failed).");
        if (report.CannotFlag)
            text.AppendLine(Invariant($"note: with {report.Rounds.Count} rounds the smallest possible p is {PairedRatios.SmallestP(report.Rounds.Count):0.###} >= alpha: nothing can be flagged; run at least 5 rounds."));
        return text.ToString();
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
