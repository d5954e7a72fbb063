using BenchSuite.Runtime;
using System.Globalization;
using System.Text;
using BenchSuite.Results;
using ScottPlot;

namespace BenchSuite.Reports;

/// <summary>
/// The sweep's answer: per cell the last epoch's metrics as mean ± sd over seeds, and a figure of final accuracy
/// (validation and training) against the first swept key, one series per combination of the other keys.
/// </summary>
public static class SweepReport
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static ReportResult Write(SweepPlan plan, IReadOnlyList<(SweepCell Cell, RunRecord Record)> results, string outputDirectory, string command)
    {
        Directory.CreateDirectory(outputDirectory);
        var notes = new List<string>();
        if (ReportFonts.Ensure() is null) notes.Add(ReportFonts.Warning!);
        var byCell = results.GroupBy(r => r.Cell.Name).ToDictionary(g => g.Key, g => g.Select(r => r.Record).Where(r => r.Complete).OrderBy(r => r.Seed).ToList());
        var cellNames = plan.Cells.Select(c => c.Name).Distinct().ToList();
        var settings = plan.Cells.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Setting);

        var md = new StringBuilder();
        md.AppendLine($"# Sweep over {plan.Title}").AppendLine();
        md.AppendLine($"Regenerate (cells already recorded are not run again): `{command}`").AppendLine();
        var any = results.FirstOrDefault().Record;
        if (any is not null)
            md.AppendLine(string.Create(Invariant, $"Data {any.Data.Source} ({any.Data.TrainImages:N0} training / {any.Data.ValidationImages:N0} validation images, `{any.Data.Fingerprint}`), " +
                          $"{any.Configuration.Training.Epochs} epoch(s), seeds {string.Join(", ", plan.Seeds)}; {any.Platform.Cpu}, {any.Threads} thread(s), " +
                          $"TorchSharp {any.Platform.TorchSharpVersion} / libtorch {any.Platform.LibTorchVersion}.")).AppendLine();

        var keys = plan.SettingKeys.Count > 0 ? plan.SettingKeys : [SweepPlan.ExperimentKey];
        var controls = Controls(plan, cellNames, settings);
        string controlValue = Display((plan.XAxis.Key, plan.XAxis.Values[0]));
        md.Append("| ").Append(string.Join(" | ", keys)).AppendLine($" | seeds | val_accuracy | Δ val_accuracy vs {controlValue} (Welch p) | accuracy | Δ accuracy vs {controlValue} (Welch p) | val_loss | loss | penalty |");
        md.Append("|").Append(string.Concat(keys.Select(_ => "---|"))).AppendLine("---:|---|---|---|---|---|---|---|");
        List<double> LastValues(string cell, string metric) => (byCell.GetValueOrDefault(cell) ?? []).Select(r => r.Epochs[^1].Get(metric)).ToList();
        foreach (var name in cellNames)
        {
            var runs = byCell.GetValueOrDefault(name) ?? [];
            string Cell(string metric) => Statistics.MeanSd(LastValues(name, metric));
            string Delta(string metric) => controls.GetValueOrDefault(name) is not { } control ? "–"
                : control == name ? "(control)"
                : DeltaText(LastValues(control, metric), LastValues(name, metric));
            md.Append("| ").Append(string.Join(" | ", settings[name].Count > 0 ? settings[name].Select(Display) : [Path.GetFileNameWithoutExtension(plan.Experiments[0])]))
              .AppendLine($" | {runs.Count} | {Cell("val_accuracy")} | {Delta("val_accuracy")} | {Cell("accuracy")} | {Delta("accuracy")} | {Cell("val_loss")} | {Cell("loss")} | {Cell("penalty")} |");
        }
        md.AppendLine().AppendLine("Each value: the last epoch's metric, mean ± sd over the seeds (sd with n − 1). Δ: the cell's mean minus the " +
                                   $"mean of its control (the cell with {plan.XAxis.Key} = {controlValue} and the same other settings), with the two-sided " +
                                   "p-value of Welch's t-test over the seeds (Perfolizer); one p per row and metric, not corrected for the number of rows, " +
                                   "so read p < 0.05 among many rows as a lead, not a finding.").AppendLine();

        string figure = Figure(plan, byCell, settings, outputDirectory);
        md.AppendLine($"![final accuracy against {plan.XAxis.Key}]({figure})").AppendLine();
        md.AppendLine($"Per-cell curves: `benchsuite report {Path.Combine(outputDirectory, "runs")} --out {Path.Combine(outputDirectory, "cells")}`.").AppendLine();
        foreach (var note in notes) md.AppendLine($"> {note}").AppendLine();

        string path = Path.Combine(outputDirectory, "report.md");
        AtomicFile.WriteAllText(path, md.ToString());
        return new ReportResult(path, [figure], notes);
    }

    static string Figure(SweepPlan plan, Dictionary<string, List<RunRecord>> byCell, Dictionary<string, IReadOnlyList<(string Key, string Value)>> settings, string directory)
    {
        var axis = plan.XAxis;
        // The experiments are in the legend; a title longer than the data area is cut at both ends.
        var plot = FigureFile.NewPlot($"Final accuracy against {axis.Key}, mean ± sd over {plan.Seeds.Count} seed(s)",
                                      axis.Key, "accuracy at the last epoch (fraction correct)");
        // The x value of a cell, and the rest of its setting (which names its series).
        string XValue(IReadOnlyList<(string Key, string Value)> setting) => setting.Count == 0 ? plan.Experiments[0] : AxisValue(axis, setting)!;
        var series = settings.GroupBy(p => string.Join(", ", p.Value.Where(s => s.Key != axis.Key).Select(s => s.Key == SweepPlan.ExperimentKey ? Path.GetFileNameWithoutExtension(s.Value) : $"{s.Key}={s.Value}"))).ToList();
        for (int si = 0; si < series.Count; si++)
        {
            var color = FigureFile.SeriesColor(si);
            string label = series[si].Key.Length == 0 ? "" : series[si].Key + ": ";
            foreach (var (metric, dashed) in new[] { ("val_accuracy", false), ("accuracy", true) })
            {
                var xs = new List<double>(); var means = new List<double>(); var sds = new List<double>();
                foreach (var (name, setting) in series[si])
                {
                    var values = (byCell.GetValueOrDefault(name) ?? []).Select(r => r.Epochs[^1].Get(metric)).ToList();
                    if (values.Count == 0) continue;
                    double x = IndexOf(axis, XValue(setting)) + (dashed ? 0.06 : 0) + 0.02 * si; // side by side, not on top
                    xs.Add(x); means.Add(Statistics.Mean(values)); sds.Add(Statistics.Sd(values));
                    var seeds = plot.Add.Markers(values.Select(_ => x).ToArray(), values.ToArray(), dashed ? MarkerShape.OpenCircle : MarkerShape.FilledCircle, 4, color.WithAlpha(0.5));
                }
                if (xs.Count == 0) continue;
                var line = plot.Add.Scatter(xs.ToArray(), means.ToArray(), color);
                line.LinePattern = dashed ? LinePattern.Dashed : LinePattern.Solid;
                line.LineWidth = 2;
                line.MarkerSize = 9;
                line.MarkerShape = dashed ? MarkerShape.OpenSquare : MarkerShape.FilledSquare;
                line.LegendText = label + (dashed ? "training accuracy (epoch mean)" : "validation accuracy");
                var bars = plot.Add.ErrorBar(xs.ToArray(), means.ToArray(), sds.ToArray());
                bars.Color = color;
            }
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            axis.Values.Select((_, i) => (double)i).ToArray(), axis.Values.Select(v => axis.Key == SweepPlan.ExperimentKey ? Path.GetFileNameWithoutExtension(v) : v).ToArray());
        plot.Axes.SetLimitsX(-0.5, axis.Values.Count - 0.5);
        if (axis.Key == SweepPlan.ExperimentKey) // experiment names overlap side by side: slant them, and give them room
        {
            plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
            plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
            plot.Axes.Bottom.MinimumSize = 140;
        }
        return FigureFile.Save(plot, directory, "sweep-accuracy.png");
    }

    /// <summary>
    /// Each cell's control: the cell of the same series (the same settings apart from the x axis) whose x value is the
    /// axis' first; none for a sweep of one cell.
    /// </summary>
    static Dictionary<string, string> Controls(SweepPlan plan, IReadOnlyList<string> cellNames, Dictionary<string, IReadOnlyList<(string Key, string Value)>> settings)
    {
        var axis = plan.XAxis;
        string SeriesOf(IReadOnlyList<(string Key, string Value)> s) => string.Join("\n", s.Where(p => p.Key != axis.Key).Select(p => $"{p.Key}={p.Value}"));
        var controls = new Dictionary<string, string>();
        foreach (var name in cellNames)
        {
            if (AxisValue(axis, settings[name]) is null) continue;
            var control = cellNames.FirstOrDefault(c => SeriesOf(settings[c]) == SeriesOf(settings[name]) && AxisValue(axis, settings[c]) == axis.Values[0]);
            if (control is not null) controls[name] = control;
        }
        return controls;
    }

    /// <summary>A cell's value on the x axis; null for a cell without settings (a sweep of one experiment, no grid).</summary>
    static string? AxisValue(SweepAxis axis, IReadOnlyList<(string Key, string Value)> setting) =>
        setting.Where(s => s.Key == axis.Key).Select(s => s.Value).FirstOrDefault();

    /// <summary>"+0.0123 (p 0.045)": the difference of the means and Welch's p; the p is left out when it cannot be computed.</summary>
    internal static string DeltaText(IReadOnlyList<double> control, IReadOnlyList<double> cell)
    {
        if (control.Count == 0 || cell.Count == 0) return "–";
        double delta = Statistics.Mean(cell) - Statistics.Mean(control);
        double p = Statistics.WelchPValue(control, cell);
        string text = delta.ToString("+0.0000;−0.0000;0.0000", Invariant);
        return double.IsNaN(p) ? text : $"{text} (p {p.ToString(p < 0.001 ? "0.0e0" : "0.000", Invariant)})";
    }

    /// <summary>A setting's value as shown: an experiment file by its name.</summary>
    static string Display((string Key, string Value) setting) =>
        setting.Key == SweepPlan.ExperimentKey ? Path.GetFileNameWithoutExtension(setting.Value) : setting.Value;

    static int IndexOf(SweepAxis axis, string value) => axis.Values.ToList().IndexOf(value);
}
