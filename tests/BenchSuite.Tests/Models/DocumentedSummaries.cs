using System.Text.Json;

namespace BenchSuite.Tests.Models;

/// <summary>The post's Keras model summaries (fixtures/reference/documented-runs.json, "models"), the reference the model tests check against.</summary>
static class DocumentedSummaries
{
    static readonly JsonElement Models = JsonDocument.Parse(File.ReadAllText(RepoPaths.Fixture("reference", "documented-runs.json"))).RootElement.GetProperty("models");

    /// <summary>One architecture's summary: its "layers" (name, type, output, params) and parameter counts.</summary>
    public static JsonElement Of(string architecture) => Models.GetProperty(architecture);
}
