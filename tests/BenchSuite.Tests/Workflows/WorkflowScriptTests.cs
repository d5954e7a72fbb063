using System.Text.RegularExpressions;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace BenchSuite.Tests.Workflows;

/// <summary>
/// The workflows' shell scripts: no expression pasted into one (inputs reach the shell through <c>env:</c>), and
/// answer.yml runs the README's "Answering the post's question" commands, not a copy that drifts from them.
/// </summary>
[Trait("Category", "unit")]
public sealed class WorkflowScriptTests
{
    static string AnswerWorkflow => Path.Combine(WorkflowStep.Directory, "answer.yml");

    [Fact]
    public void No_run_script_expands_an_expression()
    {
        // ${{ … }} inside run: is pasted into the script before bash reads it: an input or event field could inject code.
        var steps = WorkflowStep.All().Where(s => s.Run is not null).ToList();
        var pasting = steps.Where(s => s.Run!.Contains("${{")).Select(s => $"{s.Workflow} / {s.Job} / {s.Name}").ToList();

        steps.Select(s => s.Workflow).Distinct().Count().ShouldBeGreaterThanOrEqualTo(5);
        pasting.ShouldBeEmpty("pass the value through the step's env: and use \"$NAME\" in the script");
    }

    [Fact]
    public void The_answer_workflow_runs_the_READMEs_sweep_and_report_commands()
    {
        var readme = ReadmeCommands().Commands;
        var workflow = WorkflowCommands();

        readme.Count.ShouldBe(8); // four blocks, each a sweep and a report
        workflow.ShouldBe(readme, "answer.yml's blocks should be the README's commands, with the size, seeds and device left to the workflow");
    }

    [Fact]
    public void On_cpu_the_answer_workflow_uses_the_READMEs_size_and_by_default_its_seeds()
    {
        var (size, seeds, _) = ReadmeCommands();
        string check = WorkflowStep.Read(AnswerWorkflow).Single(s => s.Name == "Check the inputs").Run!;
        string cpuSize = Regex.Match(check, @"cpu\) size='(?<s>[^']*)'").Groups["s"].Value;
        string cudaSize = Regex.Match(check, @"cuda\) size='(?<s>[^']*)'").Groups["s"].Value;

        cpuSize.ShouldBe(size);
        cudaSize.ShouldBeEmpty(); // on the GPU runner: the post's size, no limits
        seeds.ShouldBe(string.Join(",", Enumerable.Range(42, DefaultSeedCount()))); // the workflow's SEED_LIST: 42 upwards
    }

    /// <summary>
    /// The README's code block in "Answering the post's question": its SIZE (without --seeds), the seeds, and each
    /// <c>$B sweep|report</c> command with <c>$SIZE</c>, <c>--seeds</c> and trailing comments removed.
    /// </summary>
    static (string Size, string Seeds, List<string> Commands) ReadmeCommands()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        int section = readme.IndexOf("## Answering the post's question", StringComparison.Ordinal);
        section.ShouldBeGreaterThan(0, "README.md has no section \"Answering the post's question\"");
        int start = readme.IndexOf("```sh\n", section, StringComparison.Ordinal) + "```sh\n".Length;
        string block = readme[start..readme.IndexOf("\n```", start, StringComparison.Ordinal)];

        string size = Regex.Match(block, "^SIZE=\"(?<s>[^\"]*)\"", RegexOptions.Multiline).Groups["s"].Value;
        string seeds = Regex.Match(size, @"--seeds (?<s>\S+)").Groups["s"].Value;
        var commands = JoinContinuations(block)
            .Where(line => line.StartsWith("$B ", StringComparison.Ordinal))
            .Select(line => Normalize(Regex.Replace(line["$B ".Length..], @"\s+#.*$", ""), "$SIZE"))
            .ToList();
        return (Normalize(size), seeds, commands);
    }

    /// <summary>answer.yml's <c>dotnet "$CLI" sweep|report</c> commands with what the workflow sets itself removed.</summary>
    static List<string> WorkflowCommands() =>
        WorkflowStep.Read(AnswerWorkflow)
            .Where(s => s.Run is not null)
            .SelectMany(s => JoinContinuations(s.Run!))
            .Where(line => line.StartsWith("dotnet \"$CLI\" ", StringComparison.Ordinal))
            .Select(line => Normalize(line["dotnet \"$CLI\" ".Length..], "\"${size_options[@]}\"", "--set training:device=\"$DEVICE\""))
            .ToList();

    static int DefaultSeedCount()
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(AnswerWorkflow)) stream.Load(reader);
        var node = stream.Documents[0].RootNode;
        // on → workflow_dispatch → inputs → seeds → default
        foreach (string key in new[] { "on", "workflow_dispatch", "inputs", "seeds", "default" })
            node = ((YamlMappingNode)node).Children[new YamlScalarNode(key)];
        return int.Parse(((YamlScalarNode)node).Value!, System.Globalization.CultureInfo.InvariantCulture);
    }

    static IEnumerable<string> JoinContinuations(string script) =>
        Regex.Replace(script, @"\\\n\s*", " ").Split('\n').Select(l => l.Trim());

    /// <summary>Without the given tokens and any --seeds option, whitespace collapsed.</summary>
    static string Normalize(string command, params string[] remove)
    {
        foreach (string token in remove) command = command.Replace(token, " ", StringComparison.Ordinal);
        command = Regex.Replace(command, @"--seeds\s+\S+", " ");
        return Regex.Replace(command, @"\s+", " ").Trim();
    }
}
