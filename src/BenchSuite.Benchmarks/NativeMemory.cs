using BenchSuite.Runtime;
using System.Globalization;
using System.Text.Json;

namespace BenchSuite.Benchmarks;

/// <summary>
/// Native memory as far as it can be seen from outside libtorch. CPU libtorch exposes no allocator statistics
/// through TorchSharp (torch.cuda.memory_* exist only for CUDA), and BDN's MemoryDiagnoser counts managed
/// allocations only. So each benchmark process records its resident set: RSS after TorchSharp loaded (before
/// setup) and the peak (VmHWM) at cleanup. Their difference covers the model, optimizer state, inputs and the
/// largest working set of the measured op, native and managed together, for this one benchmark case (BDN runs every
/// case in its own process). The host's <see cref="PeakRssColumn"/> shows it; files travel through
/// <see cref="DirectoryVariable"/>, which the host sets and the child inherits.
/// </summary>
static class NativeMemory
{
    public const string DirectoryVariable = "BENCHSUITE_RSS_DIR";

    /// <param name="MinorFaultsPerOp">minor page faults per benchmark invocation after setup (warm-up included): memory
    /// the allocator gave back to the kernel and took again, each page mapped and zeroed anew; -1 when not counted.</param>
    public sealed record Sample(long RssBeforeSetupBytes, long PeakRssBytes, double MinorFaultsPerOp = -1)
    {
        public long PeakDeltaBytes => PeakRssBytes - RssBeforeSetupBytes;
    }

    /// <summary>Called by the benchmark at cleanup: stores this case's numbers for the host's column.</summary>
    public static void Record(string caseKey, long rssBeforeSetup, double minorFaultsPerOp = -1)
    {
        string? directory = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (string.IsNullOrEmpty(directory)) return; // run outside our Program: nothing collects it
        Directory.CreateDirectory(directory);
        var sample = new Sample(rssBeforeSetup, ProcessCounters.PeakResidentBytes(), minorFaultsPerOp);
        File.WriteAllText(Path.Combine(directory, FileName(caseKey)), JsonSerializer.Serialize(sample));
    }

    public static Sample? Read(string directory, string caseKey)
    {
        string path = Path.Combine(directory, FileName(caseKey));
        return File.Exists(path) ? JsonSerializer.Deserialize<Sample>(File.ReadAllText(path)) : null;
    }

    /// <summary>A case's key: its class and parameter values (sorted by name), which both processes can compute.</summary>
    public static string CaseKey(string typeName, IEnumerable<(string Name, object? Value)> parameters) =>
        typeName + "(" + string.Join(",", parameters.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Name + "=" + Convert.ToString(p.Value, CultureInfo.InvariantCulture))) + ")";

    static string FileName(string caseKey) =>
        string.Concat(caseKey.Select(c => char.IsLetterOrDigit(c) || c is '=' or ',' or '.' or '-' or '_' ? c : '_')) + ".json";
}
