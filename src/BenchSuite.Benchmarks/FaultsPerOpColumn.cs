using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace BenchSuite.Benchmarks;

/// <summary>
/// "Faults/op": minor page faults per invocation, counted in the benchmark's own process (see <see cref="NativeMemory"/>).
/// A steady training step that recycles its buffers shows tens; one whose buffers are mapped and unmapped every step
/// shows tens of thousands. "?" when the case does not count them.
/// </summary>
sealed class FaultsPerOpColumn(string directory) : IColumn
{
    public string Id => nameof(FaultsPerOpColumn);
    public string ColumnName => "Faults/op";
    public bool AlwaysShow => true;
    public ColumnCategory Category => ColumnCategory.Custom;
    public int PriorityInCategory => 2;
    public bool IsNumeric => true;
    public UnitType UnitType => UnitType.Dimensionless;
    public string Legend => "Minor page faults per invocation after GlobalSetup (pilot and warm-up included), from /proc/self/stat.";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var key = NativeMemory.CaseKey(benchmarkCase.Descriptor.Type.Name,
            benchmarkCase.Parameters.Items.Select(p => (p.Name, (object?)p.Value)));
        var sample = NativeMemory.Read(directory, key);
        return sample is null || sample.MinorFaultsPerOp < 0 ? "?" : sample.MinorFaultsPerOp.ToString("N0", CultureInfo.InvariantCulture);
    }
}
