namespace BenchSuite.Tests;

static class RepoRoot
{
    /// <summary>The checkout the tests were built from: the nearest folder above the test binaries that holds BenchSuite.sln.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BenchSuite.sln"))) return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No BenchSuite.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}
