using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BenchSuite.Tests.Throughput;

/// <summary>
/// Writes BDN-shaped full JSON exports with chosen timings: the comparison is tested on files, as the CLI reads
/// them, without timing anything. Samples are deterministic "noise" around a mean (a fixed pseudo-random walk).
/// </summary>
static class SyntheticResults
{
    public const string StepShallow = "BenchSuite.Benchmarks.TrainingStepBenchmarks.Step(Architecture: \"shallow\", L2: False, BatchSize: 32, Device: \"cpu\")";
    public const string StepDeep = "BenchSuite.Benchmarks.TrainingStepBenchmarks.Step(Architecture: \"deep\", L2: True, BatchSize: 32, Device: \"cpu\")";

    /// <summary>n samples spread ±spread around mean (relative), in an order and shape fixed by the seed.</summary>
    public static double[] Samples(double mean, int n, double spread, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => mean * (1 + spread * (2 * random.NextDouble() - 1))).ToArray();
    }

    public static string WriteBdnExport(string directory, string fileName, params (string Name, double[] Samples)[] benchmarks)
    {
        var list = new JsonArray();
        foreach (var (name, samples) in benchmarks)
        {
            var measurements = new JsonArray();
            for (int i = 0; i < samples.Length; i++)
                measurements.Add(new JsonObject
                {
                    ["IterationMode"] = "Workload", ["IterationStage"] = "Result", ["LaunchIndex"] = 1,
                    ["IterationIndex"] = i + 1, ["Operations"] = 4, ["Nanoseconds"] = samples[i] * 4,
                });
            list.Add(new JsonObject
            {
                ["DisplayInfo"] = $"{name.Split('(')[0]}: DefaultJob [params]",
                ["FullName"] = name,
                ["Statistics"] = new JsonObject
                {
                    ["OriginalValues"] = new JsonArray(samples.Select(s => (JsonNode)s).ToArray()),
                    ["N"] = samples.Length,
                    ["Mean"] = samples.Average(),
                },
                ["Memory"] = new JsonObject { ["BytesAllocatedPerOperation"] = 13048 },
                ["Measurements"] = measurements,
            });
        }
        var root = new JsonObject
        {
            ["Title"] = "synthetic",
            ["HostEnvironmentInfo"] = new JsonObject { ["ProcessorName"] = "Test CPU", ["LogicalCoreCount"] = 2, ["BenchmarkDotNetVersion"] = "0.15.8" },
            ["Benchmarks"] = list,
        };
        Directory.CreateDirectory(directory);
        string path = Path.Combine(directory, fileName);
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static string Mean(double ns) => ns.ToString("R", CultureInfo.InvariantCulture);
}
