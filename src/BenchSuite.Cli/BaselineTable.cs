using System.Globalization;
using System.Text;
using BenchSuite.Baselines;
using BenchSuite.Results;

namespace BenchSuite.Cli;

/// <summary>A baseline as a markdown table: per epoch, the post's Keras value beside our median ± robust spread over the seeds.</summary>
static class BaselineTable
{
    static readonly string[] Metrics = ["loss", "accuracy", "val_loss", "val_accuracy"];

    public static string Render(Baseline baseline, (IReadOnlyList<DocumentedEpoch> Epochs, string? Note) keras)
    {
        var p = baseline.Provenance;
        var text = new StringBuilder();
        text.AppendLine(I($"**{baseline.Experiment}** — {baseline.Tier}, {baseline.Backend}, data {baseline.DataFingerprint[..19]}… ({baseline.TrainImages:N0} train / {baseline.ValidationImages:N0} validation), {p.Seeds.Count} seeds ({SeedList.Format(p.Seeds)}), {p.Threads} threads, {string.Join(" + ", p.Cpus)}, TorchSharp {p.TorchSharpVersion}"));
        text.AppendLine();
        text.AppendLine("| epoch | " + string.Join(" | ", Metrics.Select(m => $"{m}: Keras / ours")) + " |");
        text.AppendLine("|---|" + string.Concat(Metrics.Select(_ => "---|")));
        var samples = baseline.Samples();
        var epochs = baseline.Quantities.Select(q => q.Split('/')[0]).Distinct().Select(e => int.Parse(e[1..], CultureInfo.InvariantCulture));
        foreach (var epoch in epochs)
        {
            var k = keras.Epochs.FirstOrDefault(e => e.Epoch == epoch);
            double?[] documented = [k?.Loss, k?.Accuracy, k?.ValLoss, k?.ValAccuracy];
            var cells = Metrics.Select((m, i) =>
            {
                var column = samples.Column(baseline.Quantities.ToList().IndexOf(GateQuantities.Name(epoch, m)));
                return I($"{(documented[i] is { } d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "—")} / {GateStatistics.Median(column):0.0000} ± {GateStatistics.RobustSpread(column):0.0000}");
            });
            text.AppendLine($"| {epoch} | {string.Join(" | ", cells)} |");
        }
        if (keras.Note is not null) text.AppendLine().AppendLine($"Keras: {keras.Note}.");
        return text.ToString();
    }

    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
