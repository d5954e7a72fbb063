using System.Globalization;
using System.Text;
using BenchSuite.Throughput;

namespace BenchSuite.Cli;

/// <summary>A throughput comparison as a text table, one row per benchmark, then what it means.</summary>
static class ThroughputTable
{
    public static string Render(ThroughputComparisonReport report)
    {
        var s = report.Settings;
        var text = new StringBuilder();
        text.AppendLine($"base: {report.Base.Path}  ({Describe(report.Base.Provenance)})");
        text.AppendLine($"diff: {report.Diff.Path}  ({Describe(report.Diff.Provenance)})");
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"regression = ratio > {1 + s.Threshold:0.###} and Mann-Whitney U ({(s.Alternative == Alternative.TwoSided ? "two-sided" : "one-sided, slower")}) p < {s.Alpha}"));

        var names = report.Rows.Select(r => Shorten(r.Name)).ToList();
        int width = Math.Max(9, names.Max(n => n.Length));
        text.AppendLine($"{"benchmark".PadRight(width)}  {"base mean",12}  {"diff mean",12}  {"ratio",7}  {"p",7}  {"n",7}  status");
        foreach (var (row, name) in report.Rows.Zip(names))
        {
            string n = $"{row.Base?.SamplesNs.Count.ToString() ?? "-"}/{row.Diff?.SamplesNs.Count.ToString() ?? "-"}";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{name.PadRight(width)}  {Time(row.Base),12}  {Time(row.Diff),12}  {(row.Ratio is { } q ? q.ToString("0.000") : "-"),7}  " +
                $"{(row.PValue is { } p ? p.ToString("0.0000") : "-"),7}  {n,7}  {Status(row.Status)}"));
        }

        int regressions = report.Regressions.Count(), missing = report.Missing.Count();
        text.AppendLine(regressions == 0 ? "no regression." : $"{regressions} regression(s).");
        if (missing > 0) text.AppendLine($"{missing} benchmark(s) of the base are missing from the diff (filtered out, renamed or failed).");
        if (report.Rows.Any(r => r.Base is not null && r.Diff is not null && Math.Min(r.Base.SamplesNs.Count, r.Diff.SamplesNs.Count) < 5))
            text.AppendLine("note: fewer than 5 samples on a side (e.g. --job short): the test has little power; prefer the default job for gating.");
        return text.ToString();
    }

    /// <summary>Where a result set was measured, as both throughput tables print it.</summary>
    public static string Describe(ThroughputProvenance p) =>
        $"TorchSharp {p.TorchSharpVersion ?? "?"}, libtorch {p.LibTorchVersion ?? "?"}, {p.Backend ?? "?"}, {p.Cpu ?? "?"}, " +
        $"{p.LogicalCores?.ToString(CultureInfo.InvariantCulture) ?? "?"} cores, {p.Threads?.ToString(CultureInfo.InvariantCulture) ?? "?"} threads, job {p.Job ?? "?"}";

    /// <summary>A benchmark's full name without our namespace: what both throughput tables print.</summary>
    public static string Shorten(string name) => name.StartsWith("BenchSuite.Benchmarks.", StringComparison.Ordinal) ? name["BenchSuite.Benchmarks.".Length..] : name;

    static string Time(BenchmarkTiming? t) =>
        t is null ? "-"
        : t.MeanNs >= 1e6 ? (t.MeanNs / 1e6).ToString("0.000", CultureInfo.InvariantCulture) + " ms"
        : (t.MeanNs / 1e3).ToString("0.000", CultureInfo.InvariantCulture) + " us";

    /// <summary>A verdict as both throughput tables print it.</summary>
    public static string Status(ThroughputStatus status) => status switch
    {
        ThroughputStatus.Regression => "REGRESSION",
        ThroughputStatus.Improvement => "faster",
        ThroughputStatus.MissingInDiff => "MISSING in diff",
        ThroughputStatus.New => "new (not in base)",
        _ => "same",
    };
}
