using System.Globalization;
using System.Text.Json;

namespace BenchSuite.Throughput;

/// <summary>
/// The diff's timings in the format benchmark-action/github-action-benchmark reads with <c>tool: customSmallerIsBetter</c>:
/// a JSON array of <c>{ name, unit, value, extra }</c>. Value is the mean time per operation in milliseconds
/// (smaller is better); extra carries the comparison with the base so the action's charts and alerts explain themselves.
/// </summary>
public static class GithubBenchmarkJson
{
    public sealed record Entry(string Name, string Unit, double Value, string Extra);

    public static IReadOnlyList<Entry> Entries(ThroughputComparisonReport report) =>
        report.Rows.Where(r => r.Diff is not null).Select(r => new Entry(
            r.Name,
            "ms",
            Math.Round(r.Diff!.MeanNs / 1e6, 6),
            string.Create(CultureInfo.InvariantCulture,
                $"{r.Status}; base {(r.Base is null ? "-" : (r.Base.MeanNs / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " ms")}; " +
                $"ratio {(r.Ratio is { } q ? q.ToString("0.000", CultureInfo.InvariantCulture) : "-")}; " +
                $"p {(r.PValue is { } p ? p.ToString("0.0000", CultureInfo.InvariantCulture) : "-")}; n {r.Diff.SamplesNs.Count}; job {r.Diff.Job}")))
        .ToList();

    public static string Serialize(ThroughputComparisonReport report) =>
        JsonSerializer.Serialize(Entries(report), new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
        + Environment.NewLine;
}
