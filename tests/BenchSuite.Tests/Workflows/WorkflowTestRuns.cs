using System.Text.RegularExpressions;

namespace BenchSuite.Tests.Workflows;

/// <summary>
/// Every <c>dotnet test</c> a GitHub workflow runs: which workflow, job and step, its <c>--filter</c> expression and
/// the environment it runs with (workflow, job and step <c>env:</c> merged, the step's winning).
/// </summary>
sealed record WorkflowTestRun(string Workflow, string Job, string Step, string? Filter, IReadOnlyDictionary<string, string> Environment)
{
    public static string Directory => WorkflowStep.Directory;

    static readonly Regex FilterOption = new("""--filter(?:\s+|=)(?:"(?<f>[^"]*)"|'(?<f>[^']*)'|(?<f>[^\s"']+))""");

    public static IReadOnlyList<WorkflowTestRun> All() =>
        WorkflowStep.All().SelectMany(FromStep).ToList();

    public static IEnumerable<WorkflowTestRun> Read(string file) => WorkflowStep.Read(file).SelectMany(FromStep);

    static IEnumerable<WorkflowTestRun> FromStep(WorkflowStep step)
    {
        if (step.Run is not { } run || !run.Contains("dotnet test")) yield break;
        var match = FilterOption.Match(run);
        yield return new(step.Workflow, step.Job, step.Name, match.Success ? match.Groups["f"].Value : null, step.Environment);
    }
}
