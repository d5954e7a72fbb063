using BenchSuite.Baselines;
using BenchSuite.Reports;
using BenchSuite.Results;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite report RUN.json|DIR… [--baseline TIER] --out DIR</c>: report.md and PNG figures from run records
/// (the work is in <see cref="RunReport"/>). A missing or foreign record is exit 2 with one line naming it.
/// </summary>
static class ReportCommand
{
    public const string Usage = "benchsuite report <run.json|dir>... [--baseline fixture|cifar10-quick|cifar10-full] --out DIR";

    public static int Run(IEnumerable<string> args)
    {
        var line = new CommandLine("report", args, ["baseline", "out"]);
        if (line.Positional.Count == 0) throw new UsageException($"report: name at least one run record or folder. Usage: {Usage}");
        string output = line.Get("out") ?? throw new UsageException($"report: --out DIR is required. Usage: {Usage}");
        Tier? tier;
        try { tier = line.Get("baseline") is { } name ? Tier.Parse(name) : null; }
        catch (ArgumentException e) { throw new UsageException("report: --baseline: " + e.Message); }

        ReportResult result;
        try
        {
            var records = RecordSet.Load(line.Positional);
            result = RunReport.Write(records, new ReportOptions(output, tier, BaselineStore.Default(), DocumentedRuns.Load()));
        }
        catch (InvalidDataException e)
        {
            throw new UsageException("report: " + e.Message);
        }
        foreach (var note in result.Notes) Console.Error.WriteLine("warning: " + note);
        Console.WriteLine($"report: {result.MarkdownPath} ({result.Figures.Count} figures)");
        return 0;
    }
}
