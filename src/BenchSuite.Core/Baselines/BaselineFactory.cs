using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

/// <summary>Makes baselines from runs.</summary>
public static class BaselineFactory
{
    /// <summary>A baseline from K runs of one experiment (different seeds); the first run is the reference seed for exact replay.</summary>
    public static Baseline FromRuns(IReadOnlyList<RunRecord> runs, Tier tier, string command)
    {
        if (runs.Count == 0) throw new ArgumentException("A baseline needs at least one run.", nameof(runs));
        var reference = runs[0];
        if (runs.Any(r => !r.Complete)) throw new ArgumentException("A baseline cannot be made from an incomplete run.", nameof(runs));
        if (runs.Select(r => r.Data.Fingerprint).Distinct().Count() > 1) throw new ArgumentException("All runs of a baseline must use the same data.", nameof(runs));

        var epochs = reference.Epochs.Select(e => new BaselineEpoch(e.Epoch,
            EpochMetrics.ReplayedMetrics.ToDictionary(m => m, m => BandRule.From(m, runs.Select(r => r.Epochs[e.Epoch - 1].Get(m)).ToList())))).ToList();
        var p = reference.Platform;
        return new Baseline
        {
            Experiment = reference.Experiment,
            Tier = tier.Name,
            Backend = p.Backend,
            DataSource = reference.Data.Source,
            DataFingerprint = reference.Data.Fingerprint,
            TrainImages = reference.Data.TrainImages,
            ValidationImages = reference.Data.ValidationImages,
            Provenance = new BaselineProvenance(runs.Select(r => r.Seed).ToList(), reference.Threads, p.Backend, p.TorchSharpVersion, p.LibTorchVersion,
                p.Cpu, p.Os, p.DotNet, DateTimeOffset.UtcNow, command, BandRule.Description,
                $"{runs.Count} seeds; expected value = mean over the seeds. Tier '{tier.Name}': {tier.Purpose}."),
            Epochs = epochs,
            Replay = Snapshot(reference),
        };
    }

    /// <summary>
    /// What a snapshot test writes as <c>.received.json</c> after a mismatch: the old bands re-centred on this one
    /// run, which also becomes the replay snapshot. Accepting it records an intentional change; re-measure the bands
    /// with <c>baselines record</c> when the change could also have changed the spread.
    /// </summary>
    public static Baseline Recentred(Baseline previous, RunRecord run) => previous with
    {
        DataFingerprint = run.Data.Fingerprint,
        TrainImages = run.Data.TrainImages,
        ValidationImages = run.Data.ValidationImages,
        Epochs = run.Epochs.Select(e => new BaselineEpoch(e.Epoch, EpochMetrics.ReplayedMetrics.ToDictionary(m => m, m =>
        {
            double value = e.Get(m);
            var old = previous.Epochs.FirstOrDefault(b => b.Epoch == e.Epoch)?.Metrics.GetValueOrDefault(m);
            double band = old?.Band ?? BandRule.From(m, [value]).Band;
            return new MetricBand(value, old?.Sd ?? 0, value, value, band);
        }))).ToList(),
        Provenance = previous.Provenance with
        {
            Seeds = [run.Seed],
            Threads = run.Threads,
            TorchSharpVersion = run.Platform.TorchSharpVersion,
            LibTorchVersion = run.Platform.LibTorchVersion,
            Cpu = run.Platform.Cpu,
            Os = run.Platform.Os,
            DotNet = run.Platform.DotNet,
            RecordedAt = DateTimeOffset.UtcNow,
            Note = $"Received from one run (seed {run.Seed}) by a snapshot test; bands carried over from the baseline of " +
                   $"{previous.Provenance.RecordedAt:yyyy-MM-dd}. Re-measure them with 'benchsuite baselines record' if the spread may have changed.",
        },
        Replay = Snapshot(run),
    };

    static ReplaySnapshot Snapshot(RunRecord run) => new(run.Seed, run.Threads, run.Platform.Backend, run.Platform.TorchSharpVersion,
        run.Platform.LibTorchVersion, run.Platform.Cpu,
        run.Epochs.Select(e => (IReadOnlyDictionary<string, double>)EpochMetrics.ReplayedMetrics.ToDictionary(m => m, e.Get)).ToList());
}
