using System.Globalization;
using System.Text;
using BenchSuite.Results;

namespace BenchSuite.Cli;

/// <summary>A run's epochs beside the post's Keras numbers, one row per epoch.</summary>
static class ComparisonTable
{
    public static string Render(RunRecord record, DocumentedRuns documented)
    {
        var (keras, note) = record.Configuration.Documented is { } key ? documented.Get(key) : ([], "the post documents no run for this experiment");
        var text = new StringBuilder();
        text.AppendLine($"{"epoch",5}  {"loss",15}  {"accuracy",15}  {"val_loss",15}  {"val_accuracy",15}");
        text.AppendLine($"{"",5}  {"ours / Keras",15}  {"ours / Keras",15}  {"ours / Keras",15}  {"ours / Keras",15}");
        foreach (var epoch in record.Epochs)
        {
            var k = keras.FirstOrDefault(e => e.Epoch == epoch.Epoch);
            text.AppendLine($"{epoch.Epoch,5}  {Pair(epoch.Loss, k?.Loss),15}  {Pair(epoch.Accuracy, k?.Accuracy),15}  " +
                            $"{Pair(epoch.ValLoss, k?.ValLoss),15}  {Pair(epoch.ValAccuracy, k?.ValAccuracy),15}");
        }
        if (note is not null) text.AppendLine($"Keras: {note}");
        if (record.Data.Source != "cifar10")
            text.AppendLine($"(trained on the {record.Data.Source} data set; the Keras numbers are from CIFAR-10, so they are not comparable)");
        return text.ToString();
    }

    static string Pair(double ours, double? keras) =>
        string.Create(CultureInfo.InvariantCulture, $"{ours:0.0000} / {(keras is null ? "   -  " : keras.Value.ToString("0.0000", CultureInfo.InvariantCulture))}");
}
