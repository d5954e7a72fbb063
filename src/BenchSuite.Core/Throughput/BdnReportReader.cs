using System.Text.Json;

namespace BenchSuite.Throughput;

/// <summary>
/// Reads BenchmarkDotNet's full JSON export (<c>*-report-full.json</c>, from <c>JsonExporter.Full</c>): per benchmark
/// its FullName, Statistics (Mean, OriginalValues) and Memory. BDN writes one file per benchmark class, so a folder
/// of them is read as one result set.
/// </summary>
internal static class BdnReportReader
{
    public const string FilePattern = "*-report-full.json";

    /// <summary>True when the document looks like a BDN export (a <c>Benchmarks</c> array and <c>HostEnvironmentInfo</c>).</summary>
    public static bool Recognises(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Benchmarks", out var b) && b.ValueKind == JsonValueKind.Array
        && root.TryGetProperty("HostEnvironmentInfo", out _);

    public static ThroughputResults Read(string path, JsonElement root)
    {
        var host = root.GetProperty("HostEnvironmentInfo");
        var benchmarks = new Dictionary<string, BenchmarkTiming>(StringComparer.Ordinal);
        int index = 0;
        foreach (var b in root.GetProperty("Benchmarks").EnumerateArray())
        {
            var timing = ReadBenchmark(path, b, index++);
            if (timing is null) continue; // BDN lists failed cases without Statistics: they have no timing to compare
            if (!benchmarks.TryAdd(timing.Name, timing))
                throw new ThroughputFormatException(path, $"benchmark '{timing.Name}' appears twice (several jobs in one export?); compare one job at a time.");
        }
        var provenance = new ThroughputProvenance
        {
            Cpu = String(host, "ProcessorName"),
            LogicalCores = host.TryGetProperty("LogicalCoreCount", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetInt32() : null,
            Os = String(host, "OsVersion"),
            Runtime = String(host, "RuntimeVersion"),
            BenchmarkDotNetVersion = String(host, "BenchmarkDotNetVersion"),
            Job = benchmarks.Count == 0 ? null : string.Join("; ", benchmarks.Values.Select(t => t.Job).Distinct()),
            Source = path,
        };
        return new ThroughputResults(path, provenance, benchmarks);
    }

    static BenchmarkTiming? ReadBenchmark(string path, JsonElement b, int index)
    {
        string name = String(b, "FullName") ?? throw new ThroughputFormatException(path, $"Benchmarks[{index}] has no FullName.");
        if (!b.TryGetProperty("Statistics", out var stats) || stats.ValueKind != JsonValueKind.Object) return null;
        if (!stats.TryGetProperty("Mean", out var mean) || mean.ValueKind != JsonValueKind.Number)
            throw new ThroughputFormatException(path, $"benchmark '{name}' has Statistics without a numeric Mean.");

        // OriginalValues: every Workload/Result iteration per operation, before outlier removal. Older exports lack it:
        // then rebuild it from the raw Measurements.
        var samples = stats.TryGetProperty("OriginalValues", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray().Select(v => v.GetDouble()).ToList()
            : FromMeasurements(b);
        if (samples.Count == 0)
            throw new ThroughputFormatException(path, $"benchmark '{name}' has no raw measurements (Statistics.OriginalValues or Workload/Result Measurements).");

        double? allocated = b.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                            && memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes) && bytes.ValueKind == JsonValueKind.Number
            ? bytes.GetDouble() : null;
        return new BenchmarkTiming(name, mean.GetDouble(), samples, allocated, JobOf(String(b, "DisplayInfo")));
    }

    static List<double> FromMeasurements(JsonElement b) =>
        !b.TryGetProperty("Measurements", out var ms) || ms.ValueKind != JsonValueKind.Array ? []
        : ms.EnumerateArray()
            .Where(m => String(m, "IterationMode") == "Workload" && String(m, "IterationStage") == "Result")
            .Select(m => m.GetProperty("Nanoseconds").GetDouble() / m.GetProperty("Operations").GetDouble())
            .ToList();

    /// <summary>"Type.Method: ShortRun(IterationCount=3, ...) [Params]" → "ShortRun(IterationCount=3, ...)".</summary>
    static string JobOf(string? displayInfo)
    {
        if (displayInfo is null) return "?";
        int start = displayInfo.IndexOf(": ", StringComparison.Ordinal);
        int end = displayInfo.LastIndexOf(" [", StringComparison.Ordinal);
        if (start < 0) return "?";
        start += 2;
        return end > start ? displayInfo[start..end] : displayInfo[start..];
    }

    static string? String(JsonElement e, string property) =>
        e.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
