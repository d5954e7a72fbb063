using BenchSuite.Tests.Baselines;
using Microsoft.VisualStudio.TestPlatform.Common.Filtering;
using Shouldly;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Workflows;

/// <summary>
/// Which tests each workflow runs, by construction: every test class has one category, and each workflow's
/// <c>dotnet test --filter</c> is evaluated here with vstest's own filter evaluator against the categories found by
/// reflection. A workflow that would send the cpu tests to the GPU runner (or the reverse), or a test class without
/// a category, fails here.
/// </summary>
[Trait("Category", "unit")]
public sealed class WorkflowTestSelectionTests(ITestOutputHelper output)
{
    /// <summary>What each workflow's test step is for, as categories.</summary>
    public static TheoryData<string, string[]> Intended => new()
    {
        { "ci.yml", ["unit", "snapshot"] }, // the cpu runner: everything fast, and the fixture tier on cpu
        { "gpu.yml", ["gpu"] },             // the GPU runner: only what needs cuda
    };

    [Fact]
    public void Every_test_class_has_exactly_one_known_category()
    {
        var wrong = TestCategories.All
            .Where(c => c.Categories.Count != 1 || !TestCategories.Known.Contains(c.Categories[0]))
            .Select(c => $"{c.Name}: [{string.Join(", ", c.Categories)}]")
            .ToList();

        TestCategories.All.Count.ShouldBeGreaterThan(20);
        wrong.ShouldBeEmpty($"add [Trait(\"Category\", \"unit\" | \"snapshot\" | \"slow\" | \"gpu\")] to the class (one, on the class): {string.Join("; ", wrong)}");
    }

    [Fact]
    public void No_test_method_carries_its_own_category()
    {
        // A method-level category would be added to the class's, and a filter would select it by either.
        var methods = TestCategories.All
            .SelectMany(c => c.Type.GetMethods().Where(m => TestCategories.CategoriesOf(m).Count > 0).Select(m => $"{c.Name}.{m.Name}"))
            .ToList();

        methods.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Intended))]
    public void A_workflows_filter_selects_exactly_the_tests_meant_for_its_runner(string workflow, string[] categories)
    {
        var runs = WorkflowTestRun.Read(Path.Combine(WorkflowTestRun.Directory, workflow)).ToList();
        runs.ShouldNotBeEmpty($"{workflow} runs no dotnet test");

        foreach (var run in runs)
        {
            run.Filter.ShouldNotBeNull($"{workflow} / {run.Job} / {run.Step}: dotnet test without --filter would run every category on this runner");
            var selected = Select(run.Filter!);
            output.WriteLine($"{workflow} / {run.Job} / {run.Step}: --filter \"{run.Filter}\" selects {selected.Count} of {TestCategories.All.Count} classes:");
            foreach (var c in selected) output.WriteLine($"  [{c.Categories[0]}] {c.Name}");

            var expected = TestCategories.All.Where(c => c.Categories.Any(categories.Contains)).Select(c => c.Name).ToList();
            selected.Select(c => c.Name).ShouldBe(expected, $"{workflow}: --filter \"{run.Filter}\" should select exactly the {string.Join(" + ", categories)} tests");
        }
    }

    [Fact]
    public void Every_workflow_that_runs_dotnet_test_is_checked_here()
    {
        // answer.yml, record-baselines.yml and throughput.yml train and measure through the CLI, not through tests: a
        // dotnet test added to one of them, or a new workflow's, must name its categories in Intended.
        var running = WorkflowTestRun.All().Select(r => r.Workflow).Distinct().Order(StringComparer.Ordinal).ToList();
        var checkedHere = Intended.Select(row => (string)row[0]).Order(StringComparer.Ordinal).ToList();

        running.ShouldBe(checkedHere);
        WorkflowStep.All().Select(s => s.Workflow).Distinct().ShouldContain("answer.yml"); // read, and runs no test
    }

    [Fact]
    public void The_cpu_runner_checks_the_fixture_tier_and_the_GPU_runner_only_the_cuda_tier()
    {
        var ci = WorkflowTestRun.Read(Path.Combine(WorkflowTestRun.Directory, "ci.yml")).Single();
        var gpu = WorkflowTestRun.Read(Path.Combine(WorkflowTestRun.Directory, "gpu.yml")).Single();

        var onCpu = Select(ci.Filter!).Select(c => c.Type).ToList();
        var onGpu = Select(gpu.Filter!).Select(c => c.Type).ToList();

        onCpu.ShouldContain(typeof(SnapshotTests));
        onCpu.ShouldContain(typeof(SnapshotCanFailTests));
        onCpu.ShouldNotContain(typeof(GpuSnapshotTests));
        onCpu.ShouldNotContain(typeof(RealDataSnapshotTests));
        onGpu.ShouldBe([typeof(GpuSnapshotTests)]);
    }

    [Fact]
    public void No_workflow_changes_experiments_through_BENCHSUITE_variables_around_dotnet_test()
    {
        foreach (var run in WorkflowTestRun.All())
        {
            run.Environment.Keys.Where(k => k.StartsWith("BENCHSUITE__", StringComparison.Ordinal))
                .ShouldBeEmpty($"{run.Workflow} / {run.Job} / {run.Step}: the tier and device are chosen by the test classes' categories, not by BENCHSUITE__* variables");
        }
        WorkflowTestRun.Read(Path.Combine(WorkflowTestRun.Directory, "gpu.yml")).Single().Environment.Keys.ShouldContain("BENCHSUITE_CIFAR10");
    }

    [Theory]
    [InlineData("Category!=slow&Category!=gpu", new[] { "unit", "snapshot" })]
    [InlineData("Category=gpu", new[] { "gpu" })]
    [InlineData("Category=unit|Category=slow", new[] { "unit", "slow" })]
    public void The_filter_evaluator_reads_categories_as_vstest_does(string filter, string[] categories)
    {
        // The evaluator itself, on the known categories: guards against a property-name or multi-value mistake above.
        foreach (var category in TestCategories.Known)
            Matches(filter, [category]).ShouldBe(categories.Contains(category), $"{filter} on {category}");
    }

    static List<TestCategories.TestClass> Select(string filter) =>
        TestCategories.All.Where(c => Matches(filter, c.Categories, c.Name)).ToList();

    /// <summary>vstest's evaluator (the one dotnet test applies through the xunit adapter): traits are multi-valued string properties.</summary>
    static bool Matches(string filter, IReadOnlyList<string> categories, string fullyQualifiedName = "")
    {
        var expression = new FilterExpressionWrapper(filter);
        if (expression.ParseError is { } error) throw new ArgumentException($"--filter \"{filter}\": {error}");
        return expression.Evaluate(property => property switch
        {
            TestCategories.Trait => categories.ToArray(),
            "FullyQualifiedName" => fullyQualifiedName,
            _ => null,
        });
    }
}
