namespace BenchSuite.Baselines;

/// <summary>A baseline file that cannot be used: the message names the file, what is wrong and how to fix it.</summary>
public sealed class BaselineFormatException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem} Restore it with 'git checkout -- {path}' or re-record it with 'benchsuite baselines record'.", inner)
{
    public string Path { get; } = path;
}
