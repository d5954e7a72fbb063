using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BenchSuite.Benchmarks;

/// <summary>
/// A column read from the <see cref="NativeMemory"/> sample that each benchmark process leaves for its case: the
/// host finds it by the case's class and parameters. "?" when the child wrote nothing (e.g. a failed case).
/// </summary>
abstract class NativeMemoryColumn(string directory) : IColumn
{
    public abstract string Id { get; }
    public abstract string ColumnName { get; }
    public abstract int PriorityInCategory { get; }
    public abstract UnitType UnitType { get; }
    public abstract string Legend { get; }

    /// <summary>The cell for a case's sample, or null when the sample does not hold this column's number.</summary>
    protected abstract string? Format(NativeMemory.Sample sample);

    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public bool IsNumeric => true;
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var key = NativeMemory.CaseKey(benchmarkCase.Descriptor.Type.Name,
            benchmarkCase.Parameters.Items.Select(p => (p.Name, (object?)p.Value)));
        var sample = NativeMemory.Read(directory, key);
        return (sample is null ? null : Format(sample)) ?? "?";
    }
}
