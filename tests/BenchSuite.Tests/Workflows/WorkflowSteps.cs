using YamlDotNet.RepresentationModel;

namespace BenchSuite.Tests.Workflows;

/// <summary>
/// One step of a GitHub workflow's job: its name (or the first line of its script), its <c>run:</c> script if it has
/// one, and the environment it runs with (workflow, job and step <c>env:</c> merged, the step's winning).
/// </summary>
sealed record WorkflowStep(string Workflow, string Job, string Name, string? Run, IReadOnlyDictionary<string, string> Environment)
{
    public static string Directory => Path.Combine(RepoPaths.Root, ".github", "workflows");

    public static IReadOnlyList<WorkflowStep> All() =>
        System.IO.Directory.GetFiles(Directory, "*.yml").Order(StringComparer.Ordinal).SelectMany(Read).ToList();

    public static IEnumerable<WorkflowStep> Read(string file)
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
                var env = new Dictionary<string, string>(workflowEnv);
                foreach (var (k, v) in jobEnv) env[k] = v;
                foreach (var (k, v) in Env(stepNode)) env[k] = v;
                string? run = (Child(stepNode, "run") as YamlScalarNode)?.Value;
                string name = (Child(stepNode, "name") as YamlScalarNode)?.Value
                              ?? run?.Split('\n')[0]
                              ?? (Child(stepNode, "uses") as YamlScalarNode)?.Value
                              ?? "(unnamed step)";
                yield return new(Path.GetFileName(file), ((YamlScalarNode)jobKey).Value!, name, run, env);
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
