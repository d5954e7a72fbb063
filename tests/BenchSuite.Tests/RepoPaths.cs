using BenchSuite.Runtime;

namespace BenchSuite.Tests;

/// <summary>Locates files of this repository from the test's build output.</summary>
static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixture(params string[] parts) => Path.Combine([Root, "fixtures", .. parts]);

    static string FindRoot() =>
        Checkout.TryFindRoot()
        ?? throw new InvalidOperationException($"No BenchSuite.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository.");
}
