using System.Reflection;

namespace BenchSuite.Tests.Workflows;

/// <summary>
/// The test classes of this assembly and their <c>[Trait("Category", …)]</c>, found by reflection the way the xunit
/// adapter finds them, so a workflow's <c>--filter</c> can be evaluated against them.
/// </summary>
static class TestCategories
{
    public const string Trait = "Category";

    /// <summary>unit: fast, no baselines · snapshot: trains and compares with committed baselines (fixture tier, cpu) ·
    /// slow: opt-in real-data tiers · gpu: needs cuda.</summary>
    public static readonly IReadOnlyList<string> Known = ["unit", "snapshot", "slow", "gpu"];

    public sealed record TestClass(Type Type, IReadOnlyList<string> Categories)
    {
        public string Name => Type.FullName!;
    }

    public static IReadOnlyList<TestClass> All { get; } = typeof(TestCategories).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetMethods().Any(IsTest))
        .Select(t => new TestClass(t, CategoriesOf(t)))
        .OrderBy(c => c.Name, StringComparer.Ordinal)
        .ToList();

    /// <summary>Fact, Theory and the Skippable variants all derive from FactAttribute.</summary>
    static bool IsTest(MethodInfo method) => method.GetCustomAttributes<FactAttribute>(inherit: true).Any();

    /// <summary>xunit's TraitAttribute keeps its arguments only in the attribute data, as its discoverer reads them.</summary>
    public static IReadOnlyList<string> CategoriesOf(MemberInfo member) => member.CustomAttributes
        .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == Trait)
        .Select(a => (string)a.ConstructorArguments[1].Value!)
        .ToList();
}
