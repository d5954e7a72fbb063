using System.Text.Json.Nodes;

namespace BenchSuite.Results;

/// <summary>
/// Experiment keys added after the first run records were written, and what a record without one ran with: the
/// behaviour before the key existed (not today's default, which lives in <c>defaults.json</c> and may change). Filled
/// in before a record is read, since the option records have no defaults of their own.
/// </summary>
static class OlderRunRecords
{
    static readonly IReadOnlyList<(string Section, string Key, Func<JsonNode> Before)> AddedKeys =
    [
        ("training", "curve_every", () => 0),              // schema 2: a record of schema 1 has no curve
        ("optimizer", "weight_decay", () => 0),            // adamw came later: no decay before
        ("optimizer", "weight_decay_on", () => "all"),
        ("model", "bias_l2", () => new JsonObject()),      // only kernel regularizers before
        ("model", "batch_norm_l2", () => new JsonObject()),
        ("model", "activity_l2", () => new JsonObject()),
    ];

    /// <summary>Adds the keys <paramref name="record"/>'s configuration lacks; leaves anything else as it is.</summary>
    public static void Complete(JsonNode? record)
    {
        if (record?["configuration"] is not JsonObject configuration) return;
        foreach (var (section, key, before) in AddedKeys)
            if (configuration[section] is JsonObject settings && !settings.ContainsKey(key))
                settings[key] = before();
    }
}
