namespace BenchSuite.Throughput;

/// <summary>A results file that cannot be read as a BDN full JSON export or a throughput baseline; the message names the file.</summary>
public sealed class ThroughputFormatException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string Path { get; } = path;
}
