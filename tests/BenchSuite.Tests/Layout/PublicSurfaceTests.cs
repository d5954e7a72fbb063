using BenchSuite.Configuration;
using Shouldly;

namespace BenchSuite.Tests.Layout;

/// <summary>
/// Core makes public only what the command line and the benchmarks use (and the types their signatures carry);
/// the rest is internal, seen by this test project alone (InternalsVisibleTo). The approved list next to this file
/// is that surface: a type that joins or leaves it shows up in review.
/// </summary>
[Trait("Category", "unit")]
public sealed class PublicSurfaceTests
{
    [Fact]
    public void Core_exports_the_approved_types()
    {
        var core = typeof(ExperimentLoader).Assembly;
        var exported = core.GetExportedTypes().Select(t => t.FullName!).Order(StringComparer.Ordinal);

        string.Join(Environment.NewLine, exported).ShouldMatchApproved(b => b.NoDiff().WithDiscriminator("core"));
    }

    [Fact]
    public void Only_the_test_project_sees_Core_internals()
    {
        var core = typeof(ExperimentLoader).Assembly;
        var friends = core.CustomAttributes
            .Where(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.InternalsVisibleToAttribute")
            .Select(a => (string)a.ConstructorArguments[0].Value!);

        friends.ShouldBe(["BenchSuite.Tests"]);
    }
}
