using BenchSuite.Configuration;
using Shouldly;

namespace BenchSuite.Tests.Layout;

/// <summary>
/// Core's namespaces (one per folder) depend on each other one way only, in the order the README's "Repository
/// layout" section gives: each may use the ones before it in <see cref="BottomUp"/> and none after it.
/// </summary>
[Trait("Category", "unit")]
public sealed class LayeringTests
{
    /// <summary>Core's namespaces below <c>BenchSuite</c>, lowest first (the README lists the same order).</summary>
    static readonly List<string> BottomUp =
        ["Runtime", "Throughput", "Data", "Data.Synthetic", "Models", "Configuration", "Results", "Training", "Baselines", "Reports"];

    static readonly Lazy<NamespaceDependencies> Core = new(() =>
    {
        var dependencies = new NamespaceDependencies(typeof(ExperimentLoader).Assembly, "BenchSuite");
        dependencies.AddUsings(Path.Combine(RepoPaths.Root, "src", "BenchSuite.Core"));
        return dependencies;
    });

    [Fact]
    public void No_namespace_of_Core_uses_one_that_uses_it_back()
    {
        var core = Core.Value;
        var cycles = core.Cycles().Select(group => string.Join("; ", group.SelectMany(from =>
            group.Where(to => core.Edges.GetValueOrDefault(from)?.ContainsKey(to) == true)
                .Select(to => $"{from} → {to} ({core.Edges[from][to]})"))));
        cycles.ShouldBeEmpty("namespaces that use each other (directly or through others)");
    }

    [Fact]
    public void Every_namespace_of_Core_uses_only_those_below_it_in_the_documented_order()
    {
        var core = Core.Value;
        core.Namespaces.ShouldBe(BottomUp.Order(StringComparer.Ordinal), ignoreOrder: false, customMessage: "Core's namespaces (add a new one to BottomUp and to the README's layout)");
        var upward = core.Edges.SelectMany(e => e.Value
                .Where(to => BottomUp.IndexOf(to.Key) > BottomUp.IndexOf(e.Key))
                .Select(to => $"{e.Key} → {to.Key} ({to.Value})"));
        upward.ShouldBeEmpty("uses of a namespace above the user in the layer order");
    }

    [Fact]
    public void The_scan_finds_uses_in_signatures_and_in_method_bodies()
    {
        var samples = new NamespaceDependencies(typeof(LayeringTests).Assembly, "BenchSuite.Tests.Layout.Samples");

        samples.Edges["Lower"].Keys.ShouldBe(["Upper"]);
        samples.Edges["Lower"]["Upper"].ShouldContain("Body"); // only its IL names Upper
        samples.Edges["Upper"].Keys.ShouldBe(["Lower"]);
        samples.Edges.ContainsKey("Apart").ShouldBeFalse();
        samples.Cycles().ShouldBe([["Lower", "Upper"]]);
    }
}
