using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BenchSuite.Benchmarks;

/// <summary>
/// "Peak RSS Δ": how far the benchmark process' resident set grew from before GlobalSetup to its peak (see
/// <see cref="NativeMemory"/> for what that does and does not cover). "?" when the child wrote nothing (e.g. a failed case).
/// </summary>
sealed class PeakRssColumn(string directory) : IColumn
{
    public string Id => nameof(PeakRssColumn);
    public string ColumnName => "Peak RSS Δ";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 1;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Size;
    public string Legend => "Process peak resident set (VmHWM) minus RSS before GlobalSetup: model, optimizer, inputs and the measured op's " +
                            "largest native+managed working set. CPU libtorch offers no allocator statistics; this is the closest honest number.";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var key = NativeMemory.CaseKey(benchmarkCase.Descriptor.Type.Name,
            benchmarkCase.Parameters.Items.Select(p => (p.Name, (object?)p.Value)));
        var sample = NativeMemory.Read(directory, key);
        return sample is null ? "?" : (sample.PeakDeltaBytes / (1024.0 * 1024.0)).ToString("N1", CultureInfo.InvariantCulture) + " MB";
    }
}
