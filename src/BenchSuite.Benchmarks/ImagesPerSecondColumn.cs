using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BenchSuite.Benchmarks;

/// <summary>"Images/s" = BatchSize / mean time of one operation, for benchmarks with a BatchSize parameter.</summary>
sealed class ImagesPerSecondColumn : IColumn
{
    public const string Parameter = "BatchSize";

    public string Id => nameof(ImagesPerSecondColumn);
    public string ColumnName => "Images/s";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 0;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => $"Images per second: {Parameter} / Mean";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => BatchSize(c) is not null);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        ImagesPerSecond(summary, benchmarkCase) is { } value ? value.ToString("N1", style.CultureInfo ?? CultureInfo.InvariantCulture) : "-";

    /// <summary>Images/s of a measured case, or null when it has no BatchSize or no result.</summary>
    public static double? ImagesPerSecond(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return BatchSize(benchmarkCase) is { } batch && stats is { Mean: > 0 } ? batch / (stats.Mean * 1e-9) : null;
    }

    static int? BatchSize(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == Parameter)?.Value is int batch ? batch : null;
}
