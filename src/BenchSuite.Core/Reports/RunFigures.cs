using BenchSuite.Baselines;
using BenchSuite.Results;
using BenchSuite.Training;
using ScottPlot;

namespace BenchSuite.Reports;

/// <summary>
/// The figures of one experiment's runs (one line per seed): a metric's per-step training curve with the epoch-end
/// training and validation values against the baseline's spread and the post's Keras numbers; the loss split into
/// data loss and penalty; the kernel norms; the kernels' effective step.
/// </summary>
internal static class RunFigures
{
    static readonly Color TrainBand = Colors.Gray, ValidationBand = Colors.Orange;

    /// <param name="metric"><c>loss</c> or <c>accuracy</c>: the training metric; its <c>val_</c> twin is drawn too.</param>
    public static string Metric(string directory, string fileName, string experiment, IReadOnlyList<RunRecord> runs, string metric,
                                Baseline? baseline, IReadOnlyList<DocumentedEpoch> keras)
    {
        string unit = metric == "loss" ? "loss (cross-entropy + L2 penalty, nats)" : "accuracy (fraction correct)";
        var plot = FigureFile.NewPlot($"{experiment}: {metric} and val_{metric}", "epoch (training curve: mean over each interval of steps)", unit);

        if (baseline is not null)
        {
            AddBand(plot, baseline, metric, TrainBand, $"baseline {baseline.Tier}: {metric}, median and min–max of {baseline.Seeds.Count} seeds");
            AddBand(plot, baseline, "val_" + metric, ValidationBand, $"baseline {baseline.Tier}: val_{metric}, median and min–max");
        }

        for (int i = 0; i < runs.Count; i++)
        {
            var run = runs[i];
            var color = FigureFile.SeriesColor(i);
            if (run.Curve is { Count: > 0 } curve)
            {
                double[] x = Enumerable.Range(0, curve.Count).Select(curve.EpochPosition).ToArray();
                var line = plot.Add.ScatterLine(x, metric == "loss" ? curve.Loss : curve.Accuracy, color);
                line.LineWidth = 1;
                line.LegendText = $"seed {run.Seed}: {metric}, every {curve.EverySteps} steps";
            }
            double[] epochs = run.Epochs.Select(e => (double)e.Epoch).ToArray();
            var train = plot.Add.Scatter(epochs, run.Epochs.Select(e => e.Get(metric)).ToArray(), color);
            train.LineWidth = 0;
            train.MarkerShape = MarkerShape.FilledCircle;
            train.MarkerSize = 8;
            train.LegendText = $"seed {run.Seed}: {metric} (epoch mean, as Keras)";
            var validation = plot.Add.Scatter(epochs, run.Epochs.Select(e => e.Get("val_" + metric)).ToArray(), color);
            validation.LinePattern = LinePattern.Dashed;
            validation.LineWidth = 2;
            validation.MarkerShape = MarkerShape.FilledSquare;
            validation.MarkerSize = 8;
            validation.LegendText = $"seed {run.Seed}: val_{metric}";
        }

        if (keras.Count > 0)
        {
            double[] epochs = keras.Select(e => (double)e.Epoch).ToArray();
            var train = plot.Add.Markers(epochs, keras.Select(e => metric == "loss" ? e.Loss : e.Accuracy).ToArray(), MarkerShape.Cross, 14, Colors.Black);
            train.LegendText = $"the post (Keras): {metric}";
            var validation = plot.Add.Markers(epochs, keras.Select(e => metric == "loss" ? e.ValLoss : e.ValAccuracy).ToArray(), MarkerShape.OpenTriangleUp, 12, Colors.Black);
            validation.LegendText = $"the post (Keras): val_{metric}";
        }
        return FigureFile.Save(plot, directory, fileName);
    }

    static void AddBand(Plot plot, Baseline baseline, string metric, Color color, string label)
    {
        var epochs = BaselineDistribution.Epochs(baseline).Where(e => e.Metrics.ContainsKey(metric)).ToList();
        double[] x = epochs.Select(e => (double)e.Epoch).ToArray();
        var bands = epochs.Select(e => e.Metrics[metric]).ToList();
        var fill = plot.Add.FillY(x, bands.Select(b => b.Min).ToArray(), bands.Select(b => b.Max).ToArray());
        fill.FillColor = color.WithAlpha(0.25);
        fill.LineColor = color.WithAlpha(0.5);
        fill.LegendText = label;
        var mean = plot.Add.ScatterLine(x, bands.Select(b => b.Median).ToArray(), color);
        mean.LinePattern = LinePattern.Dotted;
        mean.LineWidth = 2;
    }

    public static string LossSplit(string directory, string fileName, string experiment, IReadOnlyList<RunRecord> runs)
    {
        var plot = FigureFile.NewPlot($"{experiment}: loss = data loss + L2 penalty", "epoch", "nats (mean over each interval of steps)");
        for (int i = 0; i < runs.Count; i++)
        {
            if (runs[i].Curve is not { Count: > 0 } curve) continue;
            var color = FigureFile.SeriesColor(i);
            double[] x = Enumerable.Range(0, curve.Count).Select(curve.EpochPosition).ToArray();
            var data = plot.Add.ScatterLine(x, curve.DataLoss, color);
            data.LegendText = $"seed {runs[i].Seed}: data loss (cross-entropy)";
            var penalty = plot.Add.ScatterLine(x, curve.Penalty, color);
            penalty.LinePattern = LinePattern.Dashed;
            penalty.LineWidth = 2;
            penalty.LegendText = $"seed {runs[i].Seed}: penalty (Σ l2·‖W‖²)";
        }
        return FigureFile.Save(plot, directory, fileName);
    }

    public static string KernelNorms(string directory, string fileName, string experiment, IReadOnlyList<RunRecord> runs)
    {
        var plot = FigureFile.NewPlot($"{experiment}: kernel norms ‖W‖₂ per layer (all seeds; colour = layer)", "epoch (0 = initial weights)", "‖W‖₂ (Frobenius norm, log scale)");
        var layers = LayerOrder(runs);
        foreach (var run in runs)
        {
            if (run.Curve is not { Count: > 0 } curve) continue;
            double[] x = [0, .. Enumerable.Range(0, curve.Count).Select(curve.EpochPosition)];
            foreach (var (layer, li) in layers.Select((l, i) => (l, i)))
            {
                if (!curve.KernelNorms.TryGetValue(layer, out var norms)) continue;
                double[] y = [curve.InitialKernelNorms[layer], .. norms];
                var line = plot.Add.ScatterLine(x, y.Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray(), FigureFile.SeriesColor(li));
                if (run == runs[0]) line.LegendText = Regularization(run, layer);
            }
        }
        plot.Axes.Left.TickGenerator = LogTicks(runs.SelectMany(r => r.Curve is null ? [] : r.Curve.KernelNorms.Values.SelectMany(v => v).Concat(r.Curve.InitialKernelNorms.Values)));
        return FigureFile.Save(plot, directory, fileName);
    }

    public static string EffectiveStep(string directory, string fileName, string experiment, IReadOnlyList<RunRecord> runs)
    {
        var first = runs.FirstOrDefault(r => r.Curve is { Count: > 0 });
        int every = first?.Curve?.EverySteps ?? 1;
        var plot = FigureFile.NewPlot($"{experiment}: effective step ‖ΔW‖/‖W‖ per {every} step(s) (all seeds; colour = layer)", "epoch", "‖ΔW‖₂ / ‖W‖₂ (log scale)");
        var layers = LayerOrder(runs);
        foreach (var run in runs)
        {
            if (run.Curve is not { Count: > 0 } curve) continue;
            double[] x = Enumerable.Range(0, curve.Count).Select(curve.EpochPosition).ToArray();
            foreach (var (layer, li) in layers.Select((l, i) => (l, i)))
            {
                if (!curve.KernelRelativeChange.TryGetValue(layer, out var change)) continue;
                var line = plot.Add.ScatterLine(x, change.Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray(), FigureFile.SeriesColor(li));
                if (run == runs[0]) line.LegendText = Regularization(run, layer);
            }
        }
        plot.Axes.Left.TickGenerator = LogTicks(runs.SelectMany(r => r.Curve?.KernelRelativeChange.Values.SelectMany(v => v) ?? []));
        return FigureFile.Save(plot, directory, fileName);
    }

    /// <summary>Ticks at 1, 2 and 5 times each power of ten the values span, for data plotted as log10.</summary>
    static ScottPlot.TickGenerators.NumericManual LogTicks(IEnumerable<double> values)
    {
        var positive = values.Where(v => v > 0 && double.IsFinite(v)).ToList();
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        if (positive.Count == 0) return ticks;
        int low = (int)Math.Floor(Math.Log10(positive.Min())), high = (int)Math.Ceiling(Math.Log10(positive.Max()));
        for (int decade = low; decade <= high; decade++)
            foreach (int m in new[] { 1, 2, 5 })
                ticks.AddMajor(Math.Log10(m) + decade, (m * Math.Pow(10, decade)).ToString("G2", System.Globalization.CultureInfo.InvariantCulture));
        return ticks;
    }

    static List<string> LayerOrder(IReadOnlyList<RunRecord> runs) =>
        runs.SelectMany(r => r.Curve?.KernelNorms.Keys ?? []).Distinct().ToList();

    static string Regularization(RunRecord run, string layer) =>
        run.Configuration.Model.KernelL2.TryGetValue(layer, out double l2) && l2 > 0 ? $"{layer} (L2 {l2:g3})" : $"{layer} (no L2)";
}
