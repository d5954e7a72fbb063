using System.Globalization;
using BenchmarkDotNet.Columns;

namespace BenchSuite.Benchmarks;

/// <summary>
/// "Peak RSS Δ": how far the benchmark process' resident set grew from before GlobalSetup to its peak (see
/// <see cref="NativeMemory"/> for what that does and does not cover).
/// </summary>
sealed class PeakRssColumn(string directory) : NativeMemoryColumn(directory)
{
    public override string Id => nameof(PeakRssColumn);
    public override string ColumnName => "Peak RSS Δ";
    public override int PriorityInCategory => 1;
    public override UnitType UnitType => UnitType.Size;
    public override string Legend => "Process peak resident set (VmHWM) minus RSS before GlobalSetup: model, optimizer, inputs and the measured op's " +
                                     "largest native+managed working set. CPU libtorch offers no allocator statistics; this is the closest honest number.";

    protected override string Format(NativeMemory.Sample sample) =>
        (sample.PeakDeltaBytes / (1024.0 * 1024.0)).ToString("N1", CultureInfo.InvariantCulture) + " MB";
}
