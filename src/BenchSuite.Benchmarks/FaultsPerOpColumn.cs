using System.Globalization;
using BenchmarkDotNet.Columns;

namespace BenchSuite.Benchmarks;

/// <summary>
/// "Faults/op": minor page faults per invocation, counted in the benchmark's own process (see <see cref="NativeMemory"/>).
/// A steady training step that recycles its buffers shows tens; one whose buffers are mapped and unmapped every step
/// shows tens of thousands. "?" when the case does not count them.
/// </summary>
sealed class FaultsPerOpColumn(string directory) : NativeMemoryColumn(directory)
{
    public override string Id => nameof(FaultsPerOpColumn);
    public override string ColumnName => "Faults/op";
    public override int PriorityInCategory => 2;
    public override UnitType UnitType => UnitType.Dimensionless;
    public override string Legend => "Minor page faults per invocation after GlobalSetup (pilot and warm-up included), from /proc/self/stat.";

    protected override string? Format(NativeMemory.Sample sample) =>
        sample.MinorFaultsPerOp < 0 ? null : sample.MinorFaultsPerOp.ToString("N0", CultureInfo.InvariantCulture);
}
