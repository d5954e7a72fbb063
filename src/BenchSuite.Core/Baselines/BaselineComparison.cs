using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

/// <summary>One metric at one epoch against its band.</summary>
public sealed record MetricCheck(string Experiment, int Epoch, string Metric, double Expected, double Band, double Actual)
{
    public double Delta => Actual - Expected;
    public double BandsOff => Band > 0 ? Math.Abs(Delta) / Band : double.PositiveInfinity;
    /// <summary>NaN or infinity never passes, whatever the band.</summary>
    public bool Passed => double.IsFinite(Actual) && Math.Abs(Delta) <= Band;
}

/// <summary>One metric whose replay of the reference seed did not come back bit-identical.</summary>
public sealed record ReplayMismatch(int Epoch, string Metric, double Expected, double Actual);

/// <summary>The exact-replay part: whether it applied (same seed and platform), and what differed.</summary>
public sealed record ReplayCheck(bool Applied, string Reason, IReadOnlyList<ReplayMismatch> Mismatches)
{
    public bool Passed => !Applied || Mismatches.Count == 0;
}

/// <summary>A run against its baseline: every band check, the exact replay, and problems of shape (missing epochs, an incomplete run).</summary>
public sealed record BaselineComparison(string Experiment, IReadOnlyList<MetricCheck> Checks, ReplayCheck Replay, IReadOnlyList<string> Problems)
{
    public bool Passed => Problems.Count == 0 && Replay.Passed && Checks.All(c => c.Passed);

    public static BaselineComparison Compare(Baseline baseline, RunRecord run)
    {
        var problems = new List<string>();
        if (!run.Complete) problems.Add($"the run is incomplete ({run.StoppedAt})");
        if (run.Data.Fingerprint != baseline.DataFingerprint)
            problems.Add($"the run used data {run.Data.Fingerprint}, the baseline {baseline.DataFingerprint}");

        var checks = new List<MetricCheck>();
        foreach (var expected in baseline.Epochs)
        {
            var actual = run.Epochs.FirstOrDefault(e => e.Epoch == expected.Epoch);
            if (actual is null)
            {
                problems.Add($"epoch {expected.Epoch} is in the baseline but missing from the run");
                continue;
            }
            foreach (var (metric, band) in expected.Metrics)
                checks.Add(new MetricCheck(run.Experiment, expected.Epoch, metric, band.Mean, band.Band, actual.Get(metric)));
        }
        foreach (var extra in run.Epochs.Where(e => baseline.Epochs.All(b => b.Epoch != e.Epoch)))
            problems.Add($"epoch {extra.Epoch} is in the run but not in the baseline");

        return new BaselineComparison(run.Experiment, checks, CompareReplay(baseline.Replay, run), problems);
    }

    static ReplayCheck CompareReplay(ReplaySnapshot replay, RunRecord run)
    {
        var p = run.Platform;
        var differences = new List<string>();
        if (run.Seed != replay.Seed) differences.Add($"seed {run.Seed} (baseline {replay.Seed})");
        if (run.Threads != replay.Threads) differences.Add($"{run.Threads} threads (baseline {replay.Threads})");
        if (p.Backend != replay.Backend) differences.Add($"backend {p.Backend} (baseline {replay.Backend})");
        if (p.TorchSharpVersion != replay.TorchSharpVersion) differences.Add($"TorchSharp {p.TorchSharpVersion} (baseline {replay.TorchSharpVersion})");
        if (p.LibTorchVersion != replay.LibTorchVersion) differences.Add($"libtorch {p.LibTorchVersion} (baseline {replay.LibTorchVersion})");
        if (p.Cpu != replay.Cpu) differences.Add($"CPU '{p.Cpu}' (baseline '{replay.Cpu}')");
        if (differences.Count > 0)
            return new ReplayCheck(false, "exact replay not applicable: " + string.Join(", ", differences), []);

        var mismatches = new List<ReplayMismatch>();
        for (int i = 0; i < replay.Epochs.Count; i++)
        {
            var actual = run.Epochs.FirstOrDefault(e => e.Epoch == i + 1);
            if (actual is null) continue; // reported as a missing epoch
            foreach (var (metric, expected) in replay.Epochs[i])
                if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual.Get(metric)))
                    mismatches.Add(new ReplayMismatch(i + 1, metric, expected, actual.Get(metric)));
        }
        return new ReplayCheck(true, $"exact replay of seed {replay.Seed} on the same platform", mismatches);
    }
}
