using BenchSuite.Runtime;
using System.Text.Json;

namespace BenchSuite.Throughput;

/// <summary>
/// BDN's JSON export says nothing about TorchSharp. The benchmarks program writes this small file beside its
/// exports (in BDN's results folder) with the build's TorchSharp/libtorch versions, backend and threads;
/// <see cref="ThroughputResultsReader"/> fills the provenance from it.
/// </summary>
public static class PlatformSidecar
{
    public const string FileName = "benchsuite-platform.json";

    public static void Write(string directory, ThroughputProvenance provenance)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(Path.Combine(directory, FileName), JsonSerializer.Serialize(provenance, ThroughputBaseline.Json));
    }

    /// <summary>The sidecar in this folder or (for a folder of exports) below it, or null.</summary>
    public static ThroughputProvenance? TryRead(string directory)
    {
        if (!Directory.Exists(directory)) return null;
        var path = Directory.GetFiles(directory, FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();
        if (path is null) return null;
        try { return JsonSerializer.Deserialize<ThroughputProvenance>(File.ReadAllText(path), ThroughputBaseline.Json); }
        catch (JsonException e) { throw new ThroughputFormatException(path, "unreadable platform sidecar: " + e.Message, e); }
    }

    /// <summary>The BDN provenance with what only the sidecar knows filled in.</summary>
    public static ThroughputProvenance Merge(ThroughputProvenance fromBdn, ThroughputProvenance? sidecar) => sidecar is null ? fromBdn : fromBdn with
    {
        TorchSharpVersion = fromBdn.TorchSharpVersion ?? sidecar.TorchSharpVersion,
        LibTorchVersion = fromBdn.LibTorchVersion ?? sidecar.LibTorchVersion,
        Backend = fromBdn.Backend ?? sidecar.Backend,
        Threads = fromBdn.Threads ?? sidecar.Threads,
        Date = fromBdn.Date ?? sidecar.Date,
        Cpu = fromBdn.Cpu ?? sidecar.Cpu,
        LogicalCores = fromBdn.LogicalCores ?? sidecar.LogicalCores,
        InjectedSlowdownPercent = fromBdn.InjectedSlowdownPercent ?? sidecar.InjectedSlowdownPercent,
    };
}
