using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

public enum SnapshotStatus { Passed, Failed, Missing, Skipped }

/// <summary>What a snapshot check found; <see cref="Message"/> says it in full (table, paths, the command to run next).</summary>
public sealed record SnapshotOutcome(SnapshotStatus Status, string Message, BaselineComparison? Comparison = null, RunRecord? Run = null);

/// <summary>
/// The snapshot test of one experiment in one tier: find the baseline made on this data and backend, train, compare
/// (exact replay of the reference seed where the platform matches, every metric inside its band). A mismatch writes
/// <c>.received.json</c> beside the baseline; a match removes a stale one.
/// </summary>
public static class SnapshotCheck
{
    /// <param name="overrides">Extra experiment keys on top of the tier's (used to show that a changed semantic is caught).</param>
    public static SnapshotOutcome Run(Tier tier, string experimentName, BaselineStore store, string? cifar10Directory,
                                      IReadOnlyDictionary<string, string?>? overrides = null, bool writeReceived = true)
    {
        if (tier.NeedsCifar10 && string.IsNullOrWhiteSpace(cifar10Directory))
            return new(SnapshotStatus.Skipped,
                $"tier '{tier.Name}' needs real CIFAR-10: set {DataLocator.EnvironmentVariable} to a directory in the official binary layout " +
                $"(cifar-10-batches-bin/). {Cifar10Reader.HowToGetData}");

        var keys = new Dictionary<string, string?>(tier.Overrides);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) keys[key] = value;
        var experiment = ExperimentLoader.Load(experimentName, keys);
        var location = tier.NeedsCifar10
            ? new DataLocation(DataLocation.Cifar10, cifar10Directory!, DataLocator.EnvironmentVariable)
            : new DataLocation(DataLocation.Embedded, DataLocator.EmbeddedDirectory, "tier " + tier.Name);
        var dataset = Cifar10Reader.Read(location.Directory);

        string verified = store.VerifiedPath(tier, experiment.Training.Device, experiment.Name, dataset.Fingerprint);
        if (!File.Exists(verified))
        {
            var others = store.Others(tier, experiment.Name, verified);
            string create = $"benchsuite baselines record --tier {tier.Name}{(tier.NeedsCifar10 ? " --data " + cifar10Directory : "")} {experiment.Name}";
            string elsewhere = others.Count == 0 ? "" : $" Baselines exist for other data or backends, and are not compared: {string.Join(", ", others.Select(Path.GetFileName))}.";
            // Real data may legitimately differ from ours (the official files, another JPEG decode): skip, say why.
            return tier.NeedsCifar10 && others.Count > 0
                ? new(SnapshotStatus.Skipped, $"no {tier.Name} baseline for data {dataset.Fingerprint} on {experiment.Training.Device}.{elsewhere} Create one with: {create}")
                : new(SnapshotStatus.Missing, $"missing baseline {verified}.{elsewhere} Create it with: {create}");
        }

        var baseline = Baseline.Load(verified);
        var run = ExperimentRunner.Run(experiment, dataset, location);
        var comparison = BaselineComparison.Compare(baseline, run);
        string report = ComparisonReport.Render(comparison, verified);
        string received = BaselineStore.ReceivedPath(verified);
        if (comparison.Passed)
        {
            if (writeReceived && File.Exists(received)) File.Delete(received);
            return new(SnapshotStatus.Passed, report, comparison, run);
        }
        if (writeReceived)
        {
            BaselineStore.WriteReceived(verified, BaselineFactory.Recentred(baseline, run));
            report += $"wrote {received}{Environment.NewLine}" +
                      $"if the change is intended: review 'diff {verified} {received}', then run: benchsuite baselines accept {experiment.Name}";
        }
        return new(SnapshotStatus.Failed, report, comparison, run);
    }
}
