using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Runtime;

namespace BenchSuite.Results;

/// <summary>
/// Everything one run produced, as written by <c>benchsuite run --out FILE</c>: the resolved experiment, where and
/// on what it ran, its epochs and (from schema 2 on) its per-step curve. The README documents the schema.
/// Schema 1 records (no curve) are still read.
/// </summary>
public sealed record RunRecord
{
    public const string CurrentSchema = "benchsuite-run/2";
    public const string SchemaPrefix = "benchsuite-run/";
    /// <summary>The schemas <see cref="Load"/> reads: 1 (no curve) and 2.</summary>
    public static readonly IReadOnlyList<string> ReadableSchemas = ["benchsuite-run/1", CurrentSchema];

    public string Schema { get; init; } = CurrentSchema;
    public required string Experiment { get; init; }
    /// <summary>False when the run was stopped (Ctrl-C) before its last epoch; <see cref="StoppedAt"/> says where.</summary>
    public required bool Complete { get; init; }
    public string? StoppedAt { get; init; }
    public required Experiment Configuration { get; init; }
    /// <summary>
    /// The code-level parts the run used that are not Keras' ("initializer torch-default", …: the parts a gate mutation
    /// hands the trainer), which the configuration cannot show; empty for Keras' own, and in records written before it
    /// was kept (every run then used Keras' parts).
    /// </summary>
    public IReadOnlyList<string> NonKerasParts { get; init; } = [];
    public required long Seed { get; init; }
    public required string Device { get; init; }
    public required int Threads { get; init; }
    public required bool FlushDenormals { get; init; }
    public required Platform Platform { get; init; }
    public required DataDescription Data { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required IReadOnlyList<EpochMetrics> Epochs { get; init; }
    /// <summary>Training metrics and kernel norms every few steps; null in schema 1 records.</summary>
    public TrainingCurve? Curve { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // plain apostrophes and '+' in a file meant for review
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a diverged run's NaN must still be written
        Converters = { new CompactDoubleArrayConverter(), new CompactIntArrayConverter() }, // curves: one line per series
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json) + Environment.NewLine;

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Reads a record of a readable schema; anything else (another tool's JSON, a baseline file, a newer schema) is an error naming the file.</summary>
    public static RunRecord Load(string path)
    {
        if (!File.Exists(path))
            throw new InvalidDataException($"{path}: no such run record. Pass a file written by 'benchsuite run' (or a folder of them).");
        string text = File.ReadAllText(path);
        try
        {
            string? schema = SchemaOf(text);
            if (schema is null || !schema.StartsWith(SchemaPrefix, StringComparison.Ordinal))
                throw new InvalidDataException($"{path}: not a BenchSuite run record (schema '{schema ?? "none"}'); pass a file written by 'benchsuite run'.");
            if (!ReadableSchemas.Contains(schema))
                throw new InvalidDataException($"{path}: run record schema '{schema}' is newer than this program reads ({string.Join(", ", ReadableSchemas)}); update BenchSuite.");
            var node = JsonNode.Parse(text);
            OlderRunRecords.Complete(node);
            return node.Deserialize<RunRecord>(Json) ?? throw new InvalidDataException($"{path}: empty run record.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a run record ({e.Message}).", e);
        }
    }

    /// <summary>The <c>schema</c> field of a JSON object, or null (not an object, or no such field).</summary>
    public static string? SchemaOf(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
               && document.RootElement.TryGetProperty("schema", out var schema) && schema.ValueKind == JsonValueKind.String
            ? schema.GetString() : null;
    }
}
