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
    /// <param name="device">The device to train on (cpu | cuda), chosen with the tier; null: the experiment's own
    /// <c>training.device</c> (after <paramref name="environment"/>).</param>
    /// <param name="overrides">Extra experiment keys on top of the tier's (used to show that a changed semantic is caught).</param>
    /// <param name="environment"><c>BENCHSUITE__*</c> variables to apply to the experiment; null: none. The snapshot
    /// tests pass none, so a developer's shell cannot change what <c>dotnet test</c> checks; the CLI opts in.</param>
    public static SnapshotOutcome Run(Tier tier, string experimentName, BaselineStore store, string? cifar10Directory,
                                      IReadOnlyDictionary<string, string?>? overrides = null, bool writeReceived = true,
                                      string? device = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        if (tier.NeedsCifar10 && string.IsNullOrWhiteSpace(cifar10Directory))
            return new(SnapshotStatus.Skipped,
                $"tier '{tier.Name}' needs real CIFAR-10: set {DataLocator.EnvironmentVariable} to a directory in the official binary layout " +
                $"(cifar-10-batches-bin/). {Cifar10Reader.HowToGetData}");

        var keys = new Dictionary<string, string?>(tier.Overrides);
        if (device is not null) keys["training:device"] = device;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) keys[key] = value;
        var experiment = ExperimentLoader.Load(experimentName, keys, environment: environment ?? ExperimentLoader.NoEnvironment);
        var location = tier.NeedsCifar10
            ? new DataLocation(DataLocation.Cifar10, cifar10Directory!, DataLocator.EnvironmentVariable)
            : new DataLocation(DataLocation.Embedded, DataLocator.EmbeddedDirectory, "tier " + tier.Name);
        var dataset = Cifar10Reader.Read(location.Directory);

        string backend = experiment.Training.Device;
        string verified = store.VerifiedPath(tier, backend, experiment.Name, dataset.Fingerprint);
        if (!File.Exists(verified))
        {
            var others = store.Others(tier, experiment.Name, verified);
            var sameBackend = others.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == backend).ToList();
            string create = RecordCommand(tier, backend, experiment.Name, cifar10Directory);
            string elsewhere = others.Count == 0 ? "" : $" Baselines exist for other data or backends, and are not compared: {string.Join(", ", others.Select(f => Path.GetRelativePath(store.Root, f)))}.";
            // Real data may legitimately differ from ours (the official files, another JPEG decode): when this backend
            // has baselines for other data only, skip and say why. No baseline at all for this backend is Missing.
            return tier.NeedsCifar10 && sameBackend.Count > 0
                ? new(SnapshotStatus.Skipped, $"no {tier.Name} baseline for data {dataset.Fingerprint} on {backend}.{elsewhere} Create one with: {create}")
                : new(SnapshotStatus.Missing, $"missing baseline {verified} (no {tier.Name} baseline on {backend} yet).{elsewhere} Create it with: {create}");
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

    /// <summary>The command that records the missing baseline, on the backend it is missing for.</summary>
    static string RecordCommand(Tier tier, string backend, string experiment, string? cifar10Directory)
    {
        string command = $"benchsuite baselines record --tier {tier.Name}{(tier.NeedsCifar10 ? " --data " + cifar10Directory : "")} {experiment}";
        return backend == "cpu" ? command
            : $"{ExperimentLoader.EnvironmentPrefix}training__device={backend} {command} (with a -p:TorchBackend={backend} build, " +
              $"on a machine with the device; or run the record-baselines workflow with backend {backend})";
    }
}
