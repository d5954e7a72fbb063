using System.CommandLine;
using BenchSuite.Baselines;
using BenchSuite.Reports;
using BenchSuite.Results;
using BenchSuite.Runtime;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite report RUN.json|DIR… [--baseline TIER] --out DIR</c>: report.md and PNG figures from run records
/// (the work is in <see cref="RunReport"/>). A missing or foreign record is exit 2 with one line naming it.
/// </summary>
static class ReportCommand
{
    public static Command Create()
    {
        var records = new Argument<string[]>("records")
        {
            Description = "Run records (JSON) or folders of them",
            HelpName = "run.json|dir",
            Arity = ArgumentArity.ZeroOrMore, // a missing one is our one-line error, not the parser's
        };
        Arguments.NoOptionLikeValues(records);
        var baseline = new Option<string?>("--baseline") { Description = "Draw this tier's baseline beside the runs", HelpName = "fixture|cifar10-quick|cifar10-full" };
        var output = new Option<string?>("--out") { Description = "Folder for report.md and the figures (required)", HelpName = "DIR" };
        var command = new Command("report", "report.md and PNG figures from run records: curves per seed against the baseline, loss split, kernel norms, effective step")
        {
            records, baseline, output,
        };
        command.SetAction(result => Run(result.GetValue(records) ?? [], result.GetValue(baseline), result.GetValue(output)));
        return command;
    }

    static int Run(IReadOnlyList<string> paths, string? baselineTier, string? output)
    {
        if (paths.Count == 0) throw new UsageException("name at least one run record or folder.");
        if (output is null) throw new UsageException("--out DIR is required.");
        Tier? tier;
        try { tier = baselineTier is not null ? Tier.Parse(baselineTier) : null; }
        catch (ArgumentException e) { throw new UsageException("--baseline: " + e.Message.Split(" (Parameter")[0]); }

        var set = RecordSet.Load(paths); // a missing or foreign record: InvalidDataException, exit 2
        TorchNative.EnsureLoaded(); // as before the port: TorchSharp's native libraries before SkiaSharp's (README, Reports and sweeps)
        var result = RunReport.Write(set, new ReportOptions(output, tier, BaselineStore.Default(), DocumentedRuns.Load()));
        foreach (var note in result.Notes) Console.Error.WriteLine("warning: " + note);
        Console.WriteLine($"report: {result.MarkdownPath} ({result.Figures.Count} figures)");
        return ExitCodes.Success;
    }
}
