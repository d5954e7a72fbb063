using System.Text.Json;

namespace BenchSuite.Results;

/// <summary>One epoch as the seed post's Keras log shows it.</summary>
public sealed record DocumentedEpoch(int Epoch, double Loss, double Accuracy, double ValLoss, double ValAccuracy);

/// <summary>
/// The post's numbers (fixtures/reference/documented-runs.json, copied next to the program): per experiment either
/// its epochs or, where the post only describes the outcome, that sentence.
/// </summary>
public sealed class DocumentedRuns
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "fixtures", "reference", "documented-runs.json");

    readonly JsonElement epochs;

    DocumentedRuns(JsonElement root) => epochs = root.GetProperty("documented_epochs");

    public static DocumentedRuns Load(string? path = null)
    {
        path ??= DefaultPath;
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return new DocumentedRuns(document.RootElement.Clone());
    }

    /// <summary>The documented epochs of <paramref name="key"/> (e.g. "shallow/none"); empty with a note when the post gives none.</summary>
    public (IReadOnlyList<DocumentedEpoch> Epochs, string? Note) Get(string key)
    {
        if (!epochs.TryGetProperty(key, out var entry))
            return ([], $"the post documents no run '{key}'");
        if (entry.ValueKind == JsonValueKind.String)
            return ([], entry.GetString());
        return (entry.EnumerateArray().Select(e => new DocumentedEpoch(
            e.GetProperty("epoch").GetInt32(), e.GetProperty("loss").GetDouble(), e.GetProperty("accuracy").GetDouble(),
            e.GetProperty("val_loss").GetDouble(), e.GetProperty("val_accuracy").GetDouble())).ToList(), null);
    }
}
