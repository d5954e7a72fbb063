namespace BenchSuite.Data;

/// <summary>Where a run's images come from, and why that source was chosen.</summary>
public sealed record DataLocation(string Source, string Directory, string ChosenBy)
{
    public const string Embedded = "embedded";
    public const string Cifar10 = "cifar10";
}

/// <summary>
/// Picks the data directory: <c>--data DIR</c>, else the <c>BENCHSUITE_CIFAR10</c> environment variable, else the
/// experiment's <c>data.directory</c>, else the synthetic CIFAR-format fixture that ships with the build (so a fresh
/// clone runs without downloading anything).
/// </summary>
public static class DataLocator
{
    public const string EnvironmentVariable = "BENCHSUITE_CIFAR10";
    public const string EmbeddedFolder = "cifar10-synthetic";

    /// <summary>The embedded fixture, copied next to the program from fixtures/cifar10-synthetic.</summary>
    public static string EmbeddedDirectory => Path.Combine(AppContext.BaseDirectory, "fixtures", EmbeddedFolder);

    public static DataLocation Resolve(string? commandLine, string? configured, string? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(commandLine)) return new(DataLocation.Cifar10, commandLine, "--data");
        if (!string.IsNullOrWhiteSpace(environment)) return new(DataLocation.Cifar10, environment, EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured)) return new(DataLocation.Cifar10, configured, "data.directory");
        return new(DataLocation.Embedded, EmbeddedDirectory, "default");
    }
}
