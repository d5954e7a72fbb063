using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BenchSuite.Benchmarks;

/// <summary>
/// A column "so much per second" for the cases that say how much one operation does (images, GFLOP): that amount
/// over the case's mean time; "-" for the others and for cases without a result.
/// </summary>
abstract class RateColumn : IColumn
{
    public abstract string Id { get; }
    public abstract string ColumnName { get; }
    public abstract string Legend { get; }
    public abstract int PriorityInCategory { get; }
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;

    /// <summary>What one operation of the case does, in the unit the column counts per second (images; GFLOP), or null.</summary>
    public abstract double? AmountPerOperation(BenchmarkCase benchmarkCase);

    /// <summary>The amount per second of a measured case, from its mean time, or null.</summary>
    public double? Rate(Summary summary, BenchmarkCase benchmarkCase)
    {
        var stats = summary[benchmarkCase]?.ResultStatistics;
        return AmountPerOperation(benchmarkCase) is { } amount && stats is { Mean: > 0 } ? amount / (stats.Mean * 1e-9) : null;
    }

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => summary.BenchmarksCases.Any(c => AmountPerOperation(c) is not null);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
        Rate(summary, benchmarkCase) is { } value ? value.ToString("N1", style.CultureInfo ?? CultureInfo.InvariantCulture) : "-";
}
