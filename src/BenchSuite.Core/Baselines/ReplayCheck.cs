using BenchSuite.Results;

namespace BenchSuite.Baselines;

/// <summary>One metric whose replay of the reference seed did not come back bit-identical.</summary>
internal sealed record ReplayMismatch(int Epoch, string Metric, double Expected, double Actual);

/// <summary>
/// The exact-replay part of a check: whether it applied (same seed, threads, backend, TorchSharp, libtorch and CPU
/// model as the snapshot), why not when it did not, and what differed when it did.
/// </summary>
internal sealed record ReplayCheck(bool Applied, string Reason, IReadOnlyList<ReplayMismatch> Mismatches)
{
    public bool Passed => !Applied || Mismatches.Count == 0;

    public static ReplaySnapshot Snapshot(RunRecord run) => new(run.Seed, run.Threads, run.Platform.Backend, run.Platform.TorchSharpVersion,
        run.Platform.LibTorchVersion, run.Platform.Cpu,
        run.Epochs.Select(e => (IReadOnlyDictionary<string, double>)EpochMetrics.ReplayedMetrics.ToDictionary(m => m, e.Get)).ToList());

    /// <summary>Why the replay cannot apply on this platform with these threads, or null when it can.</summary>
    public static string? NotApplicable(ReplaySnapshot? replay, Runtime.Platform platform, int threads)
    {
        if (replay is null) return "the baseline has no replay snapshot";
        var differences = new List<string>();
        if (threads != replay.Threads) differences.Add($"{threads} threads (baseline {replay.Threads})");
        if (platform.Backend != replay.Backend) differences.Add($"backend {platform.Backend} (baseline {replay.Backend})");
        if (platform.TorchSharpVersion != replay.TorchSharpVersion) differences.Add($"TorchSharp {platform.TorchSharpVersion} (baseline {replay.TorchSharpVersion})");
        if (platform.LibTorchVersion != replay.LibTorchVersion) differences.Add($"libtorch {platform.LibTorchVersion} (baseline {replay.LibTorchVersion})");
        if (platform.Cpu != replay.Cpu) differences.Add($"CPU '{platform.Cpu}' (baseline '{replay.Cpu}')");
        return differences.Count == 0 ? null : "exact replay not applicable: " + string.Join(", ", differences);
    }

    public static ReplayCheck Skipped(string reason) => new(false, reason, []);

    public static ReplayCheck Compare(ReplaySnapshot replay, RunRecord run)
    {
        if (run.Seed != replay.Seed) return Skipped($"exact replay not applicable: seed {run.Seed} (baseline {replay.Seed})");
        if (NotApplicable(replay, run.Platform, run.Threads) is { } reason) return Skipped(reason);
        var mismatches = new List<ReplayMismatch>();
        for (int i = 0; i < replay.Epochs.Count; i++)
        {
            var actual = run.Epochs.FirstOrDefault(e => e.Epoch == i + 1);
            if (actual is null) { mismatches.Add(new ReplayMismatch(i + 1, "(epoch missing)", double.NaN, double.NaN)); continue; }
            foreach (var (metric, expected) in replay.Epochs[i])
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual.Get(metric)))
                    mismatches.Add(new ReplayMismatch(i + 1, metric, expected, actual.Get(metric)));
        }
        return new ReplayCheck(true, $"exact replay of seed {replay.Seed} on the same platform", mismatches);
    }
}
