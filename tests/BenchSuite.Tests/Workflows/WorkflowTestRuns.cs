using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace BenchSuite.Tests.Workflows;

/// <summary>
/// Every <c>dotnet test</c> a GitHub workflow runs: which workflow, job and step, its <c>--filter</c> expression and
/// the environment it runs with (workflow, job and step <c>env:</c> merged, the step's winning).
/// </summary>
sealed record WorkflowTestRun(string Workflow, string Job, string Step, string? Filter, IReadOnlyDictionary<string, string> Environment)
{
    public static string Directory => Path.Combine(RepoPaths.Root, ".github", "workflows");

    static readonly Regex FilterOption = new("""--filter(?:\s+|=)(?:"(?<f>[^"]*)"|'(?<f>[^']*)'|(?<f>[^\s"']+))""");

    public static IReadOnlyList<WorkflowTestRun> All() =>
        System.IO.Directory.GetFiles(Directory, "*.yml").Order(StringComparer.Ordinal).SelectMany(Read).ToList();

    public static IEnumerable<WorkflowTestRun> Read(string file)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(file)) stream.Load(reader);
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var workflowEnv = Env(root);
        if (Child(root, "jobs") is not YamlMappingNode jobs) yield break;

        foreach (var (jobKey, jobNode) in jobs.Children)
        {
            var job = (YamlMappingNode)jobNode;
            var jobEnv = Env(job);
            if (Child(job, "steps") is not YamlSequenceNode steps) continue;
            foreach (var stepNode in steps.Children.OfType<YamlMappingNode>())
            {
                if (Child(stepNode, "run") is not YamlScalarNode { Value: { } run } || !run.Contains("dotnet test")) continue;
                var env = new Dictionary<string, string>(workflowEnv);
                foreach (var (k, v) in jobEnv) env[k] = v;
                foreach (var (k, v) in Env(stepNode)) env[k] = v;
                string step = (Child(stepNode, "name") as YamlScalarNode)?.Value ?? run.Split('\n')[0];
                var match = FilterOption.Match(run);
                yield return new(Path.GetFileName(file), ((YamlScalarNode)jobKey).Value!, step, match.Success ? match.Groups["f"].Value : null, env);
            }
        }
    }

    static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    static Dictionary<string, string> Env(YamlMappingNode node) =>
        Child(node, "env") is YamlMappingNode env
            ? env.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => (e.Value as YamlScalarNode)?.Value ?? "")
            : [];
}
