using BenchSuite.Runtime;
using System.Globalization;
using System.Text;
using BenchSuite.Baselines;
using BenchSuite.Results;

namespace BenchSuite.Reports;

/// <param name="OutputDirectory">Where report.md and the PNG figures go.</param>
/// <param name="BaselineTier">A tier whose baselines (made on the same data) are drawn as the expected distribution; null: none.</param>
public sealed record ReportOptions(string OutputDirectory, Tier? BaselineTier, BaselineStore Baselines, DocumentedRuns Documented);

/// <summary>What a report wrote.</summary>
public sealed record ReportResult(string MarkdownPath, IReadOnlyList<string> Figures, IReadOnlyList<string> Notes);

/// <summary>
/// <c>benchsuite report</c>: the runs grouped by experiment (seeds overlaid), each group's epochs as mean ± sd over
/// seeds beside its baseline and the post's Keras numbers (with where the post's value falls among our seeds), and
/// its figures. Everything in report.md is computed from the records named, so rerunning the command regenerates it.
/// </summary>
public static class RunReport
{
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    static readonly string[] Metrics = ["loss", "accuracy", "val_loss", "val_accuracy"];

    public static ReportResult Write(IReadOnlyList<LoadedRecord> records, ReportOptions options)
    {
        Directory.CreateDirectory(options.OutputDirectory);
        var figures = new List<string>();
        var notes = new List<string>();
        if (ReportFonts.Ensure() is null) notes.Add(ReportFonts.Warning!);

        var md = new StringBuilder();
        md.AppendLine("# BenchSuite report").AppendLine();
        md.AppendLine($"{records.Count} run record(s): {string.Join(", ", records.Select(r => Path.GetFileName(r.Path)))}.");
        var platforms = records.Select(r => r.Record.Platform).Distinct().ToList();
        foreach (var p in platforms)
            md.AppendLine($"Platform: {p.Cpu} ({p.LogicalCores} logical cores), {p.Os}, {p.DotNet}, TorchSharp {p.TorchSharpVersion} / libtorch {p.LibTorchVersion} ({p.Backend}).");
        md.AppendLine();

        var groups = records.GroupBy(r => r.Record.Experiment).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        md.AppendLine(SummaryTable(groups.Select(g => (g.Key, g.Select(r => r.Record).ToList())).ToList()));

        foreach (var group in groups)
        {
            var runs = group.Select(r => r.Record).OrderBy(r => r.Seed).ToList();
            string experiment = group.Key;
            string stem = FileStem(experiment);
            var first = runs[0];
            md.AppendLine($"## {experiment}").AppendLine();
            if (first.Configuration.Description.Length > 0)
            {
                // A sweep cell ("deep-l2[kernelRegularizers=1e-3]") keeps its experiment's description: say what overrides it.
                int bracket = experiment.IndexOf('[');
                string overridden = bracket > 0 && experiment.EndsWith(']') ? $" (This cell overrides it: {experiment[(bracket + 1)..^1]}.)" : "";
                md.AppendLine(first.Configuration.Description + overridden).AppendLine();
            }
            md.AppendLine(string.Create(Invariant, $"Seeds {string.Join(", ", runs.Select(r => r.Seed))}; data {first.Data.Source} ({first.Data.TrainImages:N0} training / " +
                          $"{first.Data.ValidationImages:N0} validation images, `{first.Data.Fingerprint}`); {first.Threads} thread(s), {first.Device}."));
            foreach (var run in runs.Where(r => !r.Complete))
                md.AppendLine($"- **seed {run.Seed} is incomplete** ({run.StoppedAt}).");
            foreach (var run in runs.Where(r => r.Data.Fingerprint != first.Data.Fingerprint || r.Data.TrainImages != first.Data.TrainImages))
                md.AppendLine($"- seed {run.Seed} ran on other data ({run.Data.Fingerprint}, {run.Data.TrainImages} images): its seeds are not one distribution.");
            if (runs.Any(r => r.Curve is null))
                md.AppendLine($"- {runs.Count(r => r.Curve is null)} record(s) of schema 1 carry no per-step curve: only their epoch values are drawn.");

            var (baseline, baselineNote) = FindBaseline(options, first);
            var (keras, kerasNote) = first.Configuration.Documented is { } key ? options.Documented.Get(key) : ([], null);
            md.AppendLine($"Baseline: {baselineNote}.");
            if (first.Configuration.Documented is not null)
                md.AppendLine(kerasNote is null ? $"The post's Keras numbers: `{first.Configuration.Documented}`." : $"The post: {kerasNote}.");
            if (keras.Count > 0 && first.Data.Source != "cifar10")
                md.AppendLine($"(These runs used the {first.Data.Source} data; the post's numbers are from CIFAR-10 and are shown for the layout only.)");
            md.AppendLine();
            md.AppendLine(EpochTable(runs, baseline, keras));

            string lossFigure = RunFigures.Metric(options.OutputDirectory, $"{stem}-loss.png", experiment, runs, "loss", baseline, keras);
            string accuracyFigure = RunFigures.Metric(options.OutputDirectory, $"{stem}-accuracy.png", experiment, runs, "accuracy", baseline, keras);
            figures.AddRange([lossFigure, accuracyFigure]);
            md.AppendLine($"![{experiment}: loss]({lossFigure})").AppendLine();
            md.AppendLine($"![{experiment}: accuracy]({accuracyFigure})").AppendLine();
            if (runs.Any(r => r.Curve is { Count: > 0 }))
            {
                string split = RunFigures.LossSplit(options.OutputDirectory, $"{stem}-loss-split.png", experiment, runs);
                string norms = RunFigures.KernelNorms(options.OutputDirectory, $"{stem}-kernel-norms.png", experiment, runs);
                string step = RunFigures.EffectiveStep(options.OutputDirectory, $"{stem}-effective-step.png", experiment, runs);
                figures.AddRange([split, norms, step]);
                md.AppendLine($"![{experiment}: loss split]({split})").AppendLine();
                md.AppendLine($"![{experiment}: kernel norms]({norms})").AppendLine();
                md.AppendLine($"![{experiment}: effective step]({step})").AppendLine();
                md.AppendLine(KernelTable(runs));
            }
        }
        foreach (var note in notes) md.AppendLine($"> {note}").AppendLine();

        string markdownPath = Path.Combine(options.OutputDirectory, "report.md");
        AtomicFile.WriteAllText(markdownPath, md.ToString());
        return new ReportResult(markdownPath, figures, notes);
    }

    /// <summary>One line per experiment: the last epoch's metrics as mean ± sd over its seeds.</summary>
    static string SummaryTable(IReadOnlyList<(string Experiment, List<RunRecord> Runs)> groups)
    {
        var md = new StringBuilder();
        md.AppendLine("| experiment | seeds | epochs | loss | penalty | accuracy | val_loss | val_accuracy |");
        md.AppendLine("|---|---:|---:|---|---|---|---|---|");
        foreach (var (experiment, runs) in groups)
        {
            var last = runs.Select(r => r.Epochs[^1]).ToList();
            string Cell(string metric) => Statistics.MeanSd(last.Select(e => e.Get(metric)).ToList());
            md.AppendLine($"| {experiment} | {runs.Count} | {string.Join("/", last.Select(e => e.Epoch).Distinct())} | {Cell("loss")} | {Cell("penalty")} | " +
                          $"{Cell("accuracy")} | {Cell("val_loss")} | {Cell("val_accuracy")} |");
        }
        return md.ToString();
    }

    static string EpochTable(IReadOnlyList<RunRecord> runs, Baseline? baseline, IReadOnlyList<DocumentedEpoch> keras)
    {
        var md = new StringBuilder();
        md.AppendLine($"| epoch | metric | ours: mean ± sd ({runs.Count} seed(s)) | baseline {baseline?.Tier ?? ""}: median [min, max] | the post (Keras) | the post's percentile among our seeds |");
        md.AppendLine("|---:|---|---|---|---|---|");
        int epochs = runs.Max(r => r.Epochs.Count);
        for (int e = 1; e <= epochs; e++)
        {
            var ours = runs.Select(r => r.Epochs.FirstOrDefault(x => x.Epoch == e)).OfType<EpochMetrics>().ToList();
            var band = baseline is null ? null : BaselineDistribution.Epochs(baseline).FirstOrDefault(b => b.Epoch == e);
            var k = keras.FirstOrDefault(x => x.Epoch == e);
            foreach (var metric in Metrics)
            {
                var values = ours.Select(x => x.Get(metric)).ToList();
                string baselineCell = band is not null && band.Metrics.TryGetValue(metric, out var b)
                    ? string.Create(Invariant, $"{b.Median:F4} [{b.Min:F4}, {b.Max:F4}]") : "–";
                double? post = k is null ? null : metric switch
                {
                    "loss" => k.Loss, "accuracy" => k.Accuracy, "val_loss" => k.ValLoss, _ => k.ValAccuracy,
                };
                string postCell = post?.ToString("F4", Invariant) ?? "–";
                string rank = post is null ? "–" : Statistics.PercentileRank(values, post.Value).ToString("F0", Invariant) + " %";
                md.AppendLine($"| {e} | {metric} | {Statistics.MeanSd(values)} | {baselineCell} | {postCell} | {rank} |");
            }
        }
        return md.ToString();
    }

    /// <summary>Per kernel: initial and final norm, and the median effective step of the last epoch, mean over seeds.</summary>
    internal static string KernelTable(IReadOnlyList<RunRecord> runs)
    {
        var withCurve = runs.Where(r => r.Curve is { Count: > 0 }).ToList();
        var md = new StringBuilder();
        md.AppendLine("| kernel | L2 | ‖W‖ initial | ‖W‖ final | last epoch's median ‖ΔW‖/‖W‖ per interval |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var layer in withCurve.SelectMany(r => r.Curve!.KernelNorms.Keys).Distinct())
        {
            var curves = withCurve.Select(r => r.Curve!).Where(c => c.KernelNorms.ContainsKey(layer)).ToList();
            var initial = curves.Select(c => c.InitialKernelNorms[layer]).ToList();
            var final = curves.Select(c => c.KernelNorms[layer][^1]).ToList();
            var step = curves.Select(c =>
            {
                int lastEpoch = c.Epoch[^1];
                var values = c.Epoch.Select((e, i) => (e, i)).Where(p => p.e == lastEpoch).Select(p => c.KernelRelativeChange[layer][p.i]);
                return MathNet.Numerics.Statistics.Statistics.Median(values); // an even count: the mean of the middle two
            }).ToList();
            double l2 = runs[0].Configuration.Model.KernelL2.TryGetValue(layer, out var v) ? v : 0;
            md.AppendLine($"| {layer} | {(l2 > 0 ? l2.ToString("g3", Invariant) : "–")} | {Statistics.MeanSd(initial, "F3")} | {Statistics.MeanSd(final, "F3")} | {Statistics.MeanSd(step, "G3")} |");
        }
        return md.ToString();
    }

    static (Baseline? Baseline, string Note) FindBaseline(ReportOptions options, RunRecord run)
    {
        if (options.BaselineTier is not { } tier) return (null, "none asked for (--baseline TIER)");
        string path = options.Baselines.VerifiedPath(tier, run.Platform.Backend, run.Experiment, run.Data.Fingerprint);
        if (!File.Exists(path))
            return (null, $"none for this experiment on this data in tier {tier.Name} (looked for {Path.GetRelativePath(Environment.CurrentDirectory, path)})");
        var baseline = Baseline.Load(path);
        if (baseline.TrainImages != run.Data.TrainImages || baseline.ValidationImages != run.Data.ValidationImages)
            return (null, string.Create(Invariant, $"{Path.GetFileName(path)} was made on {baseline.TrainImages:N0} / {baseline.ValidationImages:N0} images, these runs on " +
                          $"{run.Data.TrainImages:N0} / {run.Data.ValidationImages:N0}: not drawn"));
        return (baseline, $"`{Path.GetFileName(path)}` (tier {tier.Name}, seeds {string.Join(", ", baseline.Provenance.Seeds)}; " +
                          "drawn as its mean and the min–max of its seeds)");
    }

    /// <summary>A file-name-safe stem of an experiment or sweep-cell name.</summary>
    public static string FileStem(string name) =>
        new string(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray()).Trim('_');
}
