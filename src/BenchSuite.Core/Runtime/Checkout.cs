namespace BenchSuite.Runtime;

/// <summary>The BenchSuite checkout a program runs from: the nearest folder above it that holds BenchSuite.sln.</summary>
public static class Checkout
{
    public const string SolutionFile = "BenchSuite.sln";

    /// <summary>
    /// Searches upwards from the current directory, then from the program's own folder (so that a build output inside
    /// the checkout finds it from anywhere); null when neither is inside a checkout.
    /// </summary>
    public static string? TryFindRoot(Func<string, bool>? alsoRequire = null)
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)) && (alsoRequire?.Invoke(dir.FullName) ?? true))
                    return dir.FullName;
        return null;
    }
}
