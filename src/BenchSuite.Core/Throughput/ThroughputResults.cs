namespace BenchSuite.Throughput;

/// <summary>One benchmark case's timing: the mean and the raw per-operation samples (ns), as BDN measured them.</summary>
/// <param name="Name">BDN's full name including parameters, e.g. <c>BenchSuite.Benchmarks.TrainingStepBenchmarks.Step(Architecture: "deep", ...)</c>: the pairing key.</param>
/// <param name="MeanNs">BDN's mean per operation (after its outlier removal).</param>
/// <param name="SamplesNs">Every workload result iteration, per operation (before outlier removal): what the statistical test ranks.</param>
/// <param name="AllocatedBytesPerOperation">Managed bytes per operation (MemoryDiagnoser), when measured.</param>
/// <param name="Job">BDN's job description, e.g. <c>DefaultJob</c> or <c>ShortRun(IterationCount=3, ...)</c>.</param>
public sealed record BenchmarkTiming(string Name, double MeanNs, IReadOnlyList<double> SamplesNs, double? AllocatedBytesPerOperation, string Job);

/// <summary>Where and with what the timings were measured. Fields are null when the source did not say.</summary>
public sealed record ThroughputProvenance
{
    public string? TorchSharpVersion { get; init; }
    public string? LibTorchVersion { get; init; }
    public string? Backend { get; init; }
    public string? Cpu { get; init; }
    public int? LogicalCores { get; init; }
    public int? Threads { get; init; }
    public string? Os { get; init; }
    public string? Runtime { get; init; }
    public string? BenchmarkDotNetVersion { get; init; }
    public string? Job { get; init; }
    /// <summary>When the benchmarks ran (UTC, ISO 8601).</summary>
    public string? Date { get; init; }
    /// <summary>The command or file the timings came from.</summary>
    public string? Source { get; init; }
    /// <summary>Set when the training step was slowed on purpose (BENCHSUITE_INJECT_SLOWDOWN) to show the gate fires: never a baseline.</summary>
    public double? InjectedSlowdownPercent { get; init; }
}

/// <summary>A set of benchmark timings keyed by full name, read from one file or folder (see <see cref="ThroughputResultsReader"/>).</summary>
public sealed record ThroughputResults(string Path, ThroughputProvenance Provenance, IReadOnlyDictionary<string, BenchmarkTiming> Benchmarks);
