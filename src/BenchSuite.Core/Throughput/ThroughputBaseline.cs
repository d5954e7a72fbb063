using System.Text.Json;
using System.Text.Json.Serialization;

namespace BenchSuite.Throughput;

/// <summary>
/// Our stored throughput baseline (<c>baselines/throughput/cpu-MACHINE.json</c>): compact, reviewable in a diff,
/// and enough to rerun the statistical test: per benchmark full name its mean and raw samples (ns per operation),
/// plus where it was measured.
/// </summary>
public sealed record ThroughputBaseline
{
    public const string CurrentFormat = "benchsuite-throughput-baseline/1";

    public string Format { get; init; } = CurrentFormat;
    public required ThroughputProvenance Provenance { get; init; }
    public required SortedDictionary<string, BaselineEntry> Benchmarks { get; init; }

    public sealed record BaselineEntry(double MeanNs, IReadOnlyList<double> SamplesNs, double? AllocatedBytesPerOperation);

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>True when the document declares our format.</summary>
    public static bool Recognises(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String
        && f.GetString()!.StartsWith("benchsuite-throughput-baseline/", StringComparison.Ordinal);

    public static ThroughputBaseline From(ThroughputResults results, ThroughputProvenance provenance) => new()
    {
        Provenance = provenance,
        Benchmarks = new SortedDictionary<string, BaselineEntry>(
            results.Benchmarks.ToDictionary(b => b.Key, b => new BaselineEntry(b.Value.MeanNs, b.Value.SamplesNs, b.Value.AllocatedBytesPerOperation)),
            StringComparer.Ordinal),
    };

    public static ThroughputResults Read(string path, JsonElement root)
    {
        string format = root.GetProperty("format").GetString()!;
        if (format != CurrentFormat)
            throw new ThroughputFormatException(path, $"baseline format '{format}' is not supported (this build reads {CurrentFormat}).");
        ThroughputBaseline? baseline;
        try { baseline = root.Deserialize<ThroughputBaseline>(Json); }
        catch (JsonException e) { throw new ThroughputFormatException(path, "not a valid throughput baseline: " + e.Message, e); }
        if (baseline?.Benchmarks is null || baseline.Provenance is null)
            throw new ThroughputFormatException(path, "a throughput baseline needs 'provenance' and 'benchmarks'.");

        var timings = new Dictionary<string, BenchmarkTiming>(StringComparer.Ordinal);
        foreach (var (name, entry) in baseline.Benchmarks)
        {
            if (entry?.SamplesNs is not { Count: > 0 })
                throw new ThroughputFormatException(path, $"benchmark '{name}' needs meanNs and at least one sample in samplesNs; " +
                                                          "restore the file from git or write it again with 'benchsuite bench baseline'.");
            timings[name] = new BenchmarkTiming(name, entry.MeanNs, entry.SamplesNs, entry.AllocatedBytesPerOperation, baseline.Provenance.Job ?? "?");
        }
        return new ThroughputResults(path, baseline.Provenance, timings);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json) + Environment.NewLine;

    /// <summary>
    /// Writes the baseline whole or not at all (temp file, then rename). An existing file is replaced only with
    /// <paramref name="force"/>; returns false (and writes nothing) otherwise.
    /// </summary>
    public bool TryWrite(string path, bool force)
    {
        string full = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        string temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(temp, ToJson());
            // overwrite: false makes the existence check and the rename one step (no window for another writer).
            File.Move(temp, full, overwrite: force);
            return true;
        }
        catch (IOException) when (!force && File.Exists(full))
        {
            return false;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
