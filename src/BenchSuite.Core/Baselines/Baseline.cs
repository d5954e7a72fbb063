using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchSuite.Results;

namespace BenchSuite.Baselines;

/// <summary>The exact metrics of the reference seed, to be replayed bit for bit where the platform matches.</summary>
public sealed record ReplaySnapshot(long Seed, int Threads, string Backend, string TorchSharpVersion, string LibTorchVersion, string Cpu,
                                    IReadOnlyList<IReadOnlyDictionary<string, double>> Epochs);

/// <summary>How a baseline was made. <see cref="Cpus"/> lists every CPU model that ran a seed (shards may run on several runners).</summary>
public sealed record BaselineProvenance(IReadOnlyList<long> Seeds, int Threads, string Backend, string TorchSharpVersion, string LibTorchVersion,
                                        IReadOnlyList<string> Cpus, string Os, string DotNet, DateTimeOffset RecordedAt, string Command, string Gate, string Note);

/// <summary>
/// A baseline as a distribution (<c>baselines/TIER/BACKEND/EXPERIMENT.DATA.verified.json</c>, schema 2): the
/// value of every gate quantity (<see cref="GateQuantities"/>) for each of many seeds, one seed per line so that a
/// diff shows which seeds moved; how it was made; and the exact metrics of the reference seed for the replay test.
/// A shard (<c>baselines record --shard i/n</c>) has the same shape with <see cref="Shard"/> set and only its seeds.
/// </summary>
public sealed record Baseline
{
    public const string CurrentSchema = "benchsuite-baseline/2";
    public const string BandSchema = "benchsuite-baseline/1";

    public string Schema { get; init; } = CurrentSchema;
    public required string Experiment { get; init; }
    public required string Tier { get; init; }
    public required string Backend { get; init; }
    public required string DataSource { get; init; }
    public required string DataFingerprint { get; init; }
    public required int TrainImages { get; init; }
    public required int ValidationImages { get; init; }
    public required BaselineProvenance Provenance { get; init; }
    /// <summary>"i/n" for a shard file, null for a whole baseline.</summary>
    public string? Shard { get; init; }
    /// <summary>The reference seed's exact metrics; null in a shard that did not run the reference seed.</summary>
    public ReplaySnapshot? Replay { get; init; }
    public required IReadOnlyList<string> Quantities { get; init; }
    public required IReadOnlyList<SeedValues> Seeds { get; init; }

    public SeedSamples Samples() => new(Experiment, Quantities, Seeds);

    /// <summary>Indented JSON, except the seeds: one compact line each.</summary>
    public string ToJson()
    {
        var head = (JsonObject)JsonSerializer.SerializeToNode(this with { Seeds = [] }, RunRecord.Json)!;
        head.Remove("seeds");
        string text = head.ToJsonString(RunRecord.Json);
        var compact = new JsonSerializerOptions(RunRecord.Json) { WriteIndented = false };
        var seeds = new StringBuilder();
        seeds.Append(",\n  \"seeds\": [\n");
        for (int i = 0; i < Seeds.Count; i++)
            seeds.Append("    ").Append(JsonSerializer.Serialize(Seeds[i], compact)).Append(i + 1 < Seeds.Count ? ",\n" : "\n");
        seeds.Append("  ]\n}");
        int close = text.LastIndexOf('}');
        return text[..close].TrimEnd() + seeds + Environment.NewLine;
    }

    /// <summary>Reads a baseline file (schema 2).</summary>
    /// <exception cref="BaselineFormatException">Not JSON, another schema, a missing key or a seed without a value per quantity: one line naming the file and the fix.</exception>
    /// <exception cref="LegacyBaselineException">A schema-1 (band) baseline: it has no per-seed values and must be re-recorded.</exception>
    public static Baseline Load(string path)
    {
        string text = File.ReadAllText(path);
        Baseline? baseline;
        try
        {
            string? schema = JsonNode.Parse(text) is JsonObject root && root["schema"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
            if (schema == BandSchema)
                throw new LegacyBaselineException(path);
            if (schema != CurrentSchema)
                throw new BaselineFormatException(path, $"schema '{schema}', expected '{CurrentSchema}'.");
            baseline = JsonSerializer.Deserialize<Baseline>(text, RunRecord.Json);
        }
        catch (JsonException e)
        {
            throw new BaselineFormatException(path, $"not a baseline file ({e.Message}).", e);
        }
        if (baseline is null) throw new BaselineFormatException(path, "empty baseline file (JSON null).");
        // 'required' only says a key is present; null values would surface later as a crash far from the file.
        if (baseline.Provenance is null || baseline.Quantities is null || baseline.Seeds is null)
            throw new BaselineFormatException(path, $"'{(baseline.Provenance is null ? "provenance" : baseline.Quantities is null ? "quantities" : "seeds")}' is missing or null.");
        for (int i = 0; i < baseline.Seeds.Count; i++)
        {
            var seed = baseline.Seeds[i];
            if (seed?.Values is null) throw new BaselineFormatException(path, $"'seeds[{i}].values' is missing or null.");
            if (seed.Values.Count != baseline.Quantities.Count)
                throw new BaselineFormatException(path, $"seed {seed.Seed} has {seed.Values.Count} values for {baseline.Quantities.Count} quantities.");
        }
        return baseline;
    }
}

/// <summary>A baseline in the old band format (schema 1: mean ± band from a few seeds), which the gate cannot use.</summary>
public sealed class LegacyBaselineException(string path)
    : Exception($"{path}: a band baseline (schema '{Baseline.BandSchema}') without per-seed values; the gate needs schema '{Baseline.CurrentSchema}'. Re-record it with 'benchsuite baselines record'.")
{
    public string Path { get; } = path;
}
