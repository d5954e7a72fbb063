using System.Text.Json;
using System.Text.Json.Serialization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Runtime;
using BenchSuite.Training;

namespace BenchSuite.Results;

/// <summary>
/// Everything one run produced, as written by <c>benchsuite run --out FILE</c>: the resolved experiment, where and
/// on what it ran, and its epochs. The README documents the schema.
/// </summary>
public sealed record RunRecord
{
    public const string CurrentSchema = "benchsuite-run/1";

    public string Schema { get; init; } = CurrentSchema;
    public required string Experiment { get; init; }
    /// <summary>False when the run was stopped (Ctrl-C) before its last epoch; <see cref="StoppedAt"/> says where.</summary>
    public required bool Complete { get; init; }
    public string? StoppedAt { get; init; }
    public required Experiment Configuration { get; init; }
    public required long Seed { get; init; }
    public required string Device { get; init; }
    public required int Threads { get; init; }
    public required bool FlushDenormals { get; init; }
    public required Platform Platform { get; init; }
    public required DataDescription Data { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public required IReadOnlyList<EpochMetrics> Epochs { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // plain apostrophes and '+' in a file meant for review
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // a diverged run's NaN must still be written
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json) + Environment.NewLine;

    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    public static RunRecord Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<RunRecord>(File.ReadAllText(path), Json)
                   ?? throw new InvalidDataException($"{path}: empty run record.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a run record ({e.Message}).", e);
        }
    }
}
