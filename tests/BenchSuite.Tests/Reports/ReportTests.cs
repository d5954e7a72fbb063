using BenchSuite.Baselines;
using BenchSuite.Data;
using BenchSuite.Reports;
using BenchSuite.Results;
using BenchSuite.Tests.Cli;
using BenchSuite.Tests.Training;
using BenchSuite.Training;
using Shouldly;
using SkiaSharp;

namespace BenchSuite.Tests.Reports;

/// <summary>The report on real runs of the embedded data, and its errors as a user meets them.</summary>
[Trait("Category", "unit")]
public sealed class ReportTests : IDisposable
{
    static readonly DataLocation Embedded = DataLocator.Resolve(null, null, environment: "");
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void Report_writes_markdown_and_PNG_figures_against_the_fixture_baseline()
    {
        // The fixture tier's data and sizes (1,024 / 256 images), one epoch, two seeds: the baseline applies.
        var records = new[] { 42L, 43L }.Select(seed =>
        {
            var record = ExperimentRunner.Run(TrainerTests.Quick("shallow-l2", epochs: 1, trainLimit: 0, ("training:seed", seed.ToString()), ("training:validationLimit", "0")), Embedded);
            string path = Path.Combine(temp.Path, "runs", $"seed{seed}.json");
            record.Save(path);
            return path;
        }).ToList();
        string output = Path.Combine(temp.Path, "report");

        var result = RunReport.Write(RecordSet.Load([Path.Combine(temp.Path, "runs")]),
            new ReportOptions(output, Tier.Fixture, BaselineStore.Default(), DocumentedRuns.Load()));

        result.Figures.ShouldBe(["shallow-l2-loss.png", "shallow-l2-accuracy.png", "shallow-l2-loss-split.png", "shallow-l2-kernel-norms.png", "shallow-l2-effective-step.png"]);
        foreach (var figure in result.Figures)
        {
            byte[] png = File.ReadAllBytes(Path.Combine(output, figure));
            png.Take(8).ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, figure);
            png.Length.ShouldBeGreaterThan(20_000, figure); // axes, text and lines, not an empty canvas
            using var bitmap = SKBitmap.Decode(png);
            (bitmap.Width, bitmap.Height).ShouldBe((FigureFile.Width, FigureFile.Height), figure);
        }
        string markdown = File.ReadAllText(result.MarkdownPath);
        markdown.ShouldContain("## shallow-l2");
        markdown.ShouldContain("Seeds 42, 43");
        markdown.ShouldContain("shallow-l2.cb19082d8298.verified.json"); // the baseline was found and drawn
        markdown.ShouldContain("| 1 | loss |");
        markdown.ShouldContain("3.4165"); // the post's epoch-1 loss with L2
        foreach (var figure in result.Figures) markdown.ShouldContain($"]({figure})");
        result.Notes.ShouldBeEmpty(); // a font was found
    }

    [Fact]
    public void A_sweep_cells_section_says_what_the_cell_overrides_in_its_experiments_description()
    {
        var record = SampleRecords.Run(42, 2.0, 1.9) with { Experiment = "deep-l2[kernelRegularizers=1e-3]" };
        record = record with { Configuration = record.Configuration with { Description = "The deeper model with L2(0.01)." } };
        var plain = SampleRecords.Run(42, 2.0, 1.9) with { Experiment = "shallow-none" };
        plain = plain with { Configuration = plain.Configuration with { Description = "The post's model." } };

        var result = RunReport.Write([new LoadedRecord("a.json", record), new LoadedRecord("b.json", plain)],
            new ReportOptions(Path.Combine(temp.Path, "cells"), null, BaselineStore.Default(), DocumentedRuns.Load()));

        var lines = File.ReadAllLines(result.MarkdownPath);
        lines.ShouldContain("The deeper model with L2(0.01). (This cell overrides it: kernelRegularizers=1e-3.)");
        lines.ShouldContain("The post's model.");
    }

    [Fact]
    public void Report_fails_with_one_line_and_exit_2_on_a_missing_or_foreign_record()
    {
        string missing = Path.Combine(temp.Path, "nope.json");
        var noFile = BenchsuiteProcess.Run("report", missing, "--out", Path.Combine(temp.Path, "out"));
        noFile.ExitCode.ShouldBe(2);
        noFile.Error.Trim().ShouldBe($"benchsuite report: {missing}: no such run record. Pass a file written by 'benchsuite run' (or a folder of them).");

        string baseline = Directory.GetFiles(Path.Combine(RepoPaths.Root, "baselines", "fixture", "cpu"), "*.verified.json")[0];
        var foreign = BenchsuiteProcess.Run("report", baseline, "--out", Path.Combine(temp.Path, "out"));
        foreign.ExitCode.ShouldBe(2);
        foreign.Error.Trim().Split('\n').Length.ShouldBe(1);
        foreign.Error.ShouldContain($"{baseline}: not a BenchSuite run record (schema '{BenchSuite.Baselines.Baseline.CurrentSchema}')");

        var emptyFolder = BenchsuiteProcess.Run("report", temp.Path, "--out", Path.Combine(temp.Path, "out"));
        emptyFolder.ExitCode.ShouldBe(2);
        emptyFolder.Error.ShouldContain("no run records in this folder");

        var noOut = BenchsuiteProcess.Run("report", baseline);
        noOut.ExitCode.ShouldBe(2);
        noOut.Error.ShouldContain("--out DIR is required");
        Directory.Exists(Path.Combine(temp.Path, "out")).ShouldBeFalse(); // nothing written on error
    }

    [Fact]
    public void Run_then_report_from_the_command_line()
    {
        string record = Path.Combine(temp.Path, "run.json");
        var run = BenchsuiteProcess.Run("run", "shallow-none", "--epochs", "1", "--train-limit", "128", "--out", record);
        run.ExitCode.ShouldBe(0, run.Error);

        var report = BenchsuiteProcess.Run("report", record, "--baseline", "fixture", "--out", Path.Combine(temp.Path, "report"));

        report.ExitCode.ShouldBe(0, report.Error);
        report.Output.ShouldContain("(5 figures)");
        File.ReadAllText(Path.Combine(temp.Path, "report", "report.md")).ShouldContain("made on 1,024 / 256 images, these runs on 128 / 256: not drawn");
        File.Exists(Path.Combine(temp.Path, "report", "shallow-none-kernel-norms.png")).ShouldBeTrue();
    }
}
