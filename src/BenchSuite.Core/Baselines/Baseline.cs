using System.Text.Json;
using BenchSuite.Results;

namespace BenchSuite.Baselines;

/// <summary>Statistics of one metric at one epoch over the recorded seeds, and the band a new run must stay in.</summary>
public sealed record MetricBand(double Mean, double Sd, double Min, double Max, double Band);

/// <summary>One epoch of a baseline: a band per metric.</summary>
public sealed record BaselineEpoch(int Epoch, IReadOnlyDictionary<string, MetricBand> Metrics);

/// <summary>The exact metrics of the reference seed, to be replayed bit for bit where the platform matches.</summary>
public sealed record ReplaySnapshot(long Seed, int Threads, string Backend, string TorchSharpVersion, string LibTorchVersion, string Cpu,
                                    IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs);

/// <summary>How a baseline was made.</summary>
public sealed record BaselineProvenance(IReadOnlyList<long> Seeds, int Threads, string Backend, string TorchSharpVersion, string LibTorchVersion,
                                        string Cpu, string Os, string DotNet, DateTimeOffset RecordedAt, string Command, string BandRule, string Note);

/// <summary>
/// A baseline file (<c>baselines/TIER/BACKEND/EXPERIMENT.DATA.verified.json</c>): per epoch and metric the expected
/// value with its band, how it was made, and the reference seed's exact metrics.
/// </summary>
public sealed record Baseline
{
    public const string CurrentSchema = "benchsuite-baseline/1";

    public string Schema { get; init; } = CurrentSchema;
    public required string Experiment { get; init; }
    public required string Tier { get; init; }
    public required string Backend { get; init; }
    public required string DataSource { get; init; }
    public required string DataFingerprint { get; init; }
    public required int TrainImages { get; init; }
    public required int ValidationImages { get; init; }
    public required BaselineProvenance Provenance { get; init; }
    public required IReadOnlyList<BaselineEpoch> Epochs { get; init; }
    public required ReplaySnapshot Replay { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, RunRecord.Json) + Environment.NewLine;

    /// <summary>Reads a baseline file; anything unusable is a <see cref="BaselineFormatException"/> naming the file.</summary>
    public static Baseline Load(string path)
    {
        Baseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize<Baseline>(File.ReadAllText(path), RunRecord.Json);
        }
        catch (JsonException e)
        {
            throw new BaselineFormatException(path, $"not a baseline file ({e.Message}).", e);
        }
        if (baseline is null) throw new BaselineFormatException(path, "empty baseline file (JSON null).");
        if (baseline.Schema != CurrentSchema)
            throw new BaselineFormatException(path, $"schema '{baseline.Schema}', expected '{CurrentSchema}'.");
        // 'required' only says a key is present; null values would surface later as a crash far from the file.
        string? missing = baseline.Provenance is null ? "provenance"
                        : baseline.Replay?.Epochs is null ? "replay.epochs"
                        : baseline.Epochs is null ? "epochs"
                        : baseline.Epochs.Select((e, i) => e?.Metrics is null ? $"epochs[{i}].metrics" : null).FirstOrDefault(m => m is not null);
        if (missing is not null) throw new BaselineFormatException(path, $"'{missing}' is missing or null.");
        return baseline;
    }
}
