using System.Text.Json;
using BenchSuite.Runtime;

namespace BenchSuite.Throughput;

/// <summary>
/// What <c>benchsuite bench versions BASE DIFF --rounds N</c> ran, kept as <c>rounds.json</c> in its artifacts
/// folder and rewritten (whole, temp file then rename) after every round, so an interrupted session can still be
/// judged on the rounds it finished. Each round's exports are in <c>round-KK/base</c> and <c>round-KK/diff</c>.
/// </summary>
public sealed record RoundsManifest
{
    public const string FileName = "rounds.json";
    public const string CurrentFormat = "benchsuite-rounds/1";

    public string Format { get; init; } = CurrentFormat;
    /// <summary>TorchSharp=libtorch of the build judged against (first on the command line) and of the build judged.</summary>
    public required string Base { get; init; }
    public required string Diff { get; init; }
    /// <summary>BenchmarkDotNet's arguments, the same for every run.</summary>
    public IReadOnlyList<string> BenchmarkDotNetArguments { get; init; } = [];
    /// <summary>Set only when the diff's training step was slowed on purpose, to measure that the gate fires.</summary>
    public double? InjectedSlowdownPercent { get; init; }
    public List<RoundEntry> Rounds { get; init; } = [];

    /// <summary>One round: which build ran first, each run's folder (relative to the manifest) and exit code.</summary>
    public sealed record RoundEntry(int Number, bool BaseFirst, string BaseFolder, int BaseExit, string DiffFolder, int DiffExit, string Started);

    public static string RoundFolder(int number) => $"round-{number:00}";

    public void Write(string root)
    {
        Directory.CreateDirectory(root);
        AtomicFile.WriteAllText(Path.Combine(root, FileName), JsonSerializer.Serialize(this, ThroughputBaseline.Json) + Environment.NewLine);
    }

    public static RoundsManifest Read(string root)
    {
        string path = Path.Combine(root, FileName);
        if (!File.Exists(path))
            throw new ThroughputFormatException(root, $"no {FileName} here: not a folder written by 'benchsuite bench versions BASE DIFF --rounds N'.");
        RoundsManifest? manifest;
        try { manifest = JsonSerializer.Deserialize<RoundsManifest>(File.ReadAllText(path), ThroughputBaseline.Json); }
        catch (JsonException e) { throw new ThroughputFormatException(path, "not a valid rounds manifest: " + e.Message, e); }
        if (manifest is null || manifest.Format != CurrentFormat)
            throw new ThroughputFormatException(path, $"format '{manifest?.Format}' is not supported (this build reads {CurrentFormat}).");
        if (manifest.Base is null || manifest.Diff is null || manifest.Rounds is null)
            throw new ThroughputFormatException(path, "a rounds manifest needs 'base', 'diff' and 'rounds'.");
        return manifest;
    }

    /// <summary>The rounds in which both runs succeeded, their exports read; the rest are skipped (listed by the caller).</summary>
    public IReadOnlyList<Round> ReadRounds(string root) =>
        Rounds.Where(r => r.BaseExit == 0 && r.DiffExit == 0)
              .Select(r => new Round(r.Number,
                                     ThroughputResultsReader.Read(Path.Combine(root, r.BaseFolder)),
                                     ThroughputResultsReader.Read(Path.Combine(root, r.DiffFolder))))
              .ToList();
}
