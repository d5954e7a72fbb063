using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;

namespace BenchSuite.Baselines;

public enum SnapshotStatus { Passed, Failed, Missing, Skipped }

/// <summary>What the gate found for one experiment; <see cref="Message"/> says it in full (table, paths, the command to run next).</summary>
public sealed record ExperimentOutcome(string Experiment, SnapshotStatus Status, string Message)
{
    /// <summary>Each quantity's test (none when the experiment was not compared).</summary>
    internal IReadOnlyList<QuantityTest> Tests { get; init; } = [];
    internal ReplayCheck? Replay { get; init; }
    internal IReadOnlyList<RunRecord>? Candidates { get; init; }
}

/// <summary>A whole check: every experiment's outcome.</summary>
public sealed record GateOutcome(IReadOnlyList<ExperimentOutcome> Experiments)
{
    /// <summary>True when something moved, a replay differed, or a baseline is missing.</summary>
    public bool Failed => Experiments.Any(e => e.Status is SnapshotStatus.Failed or SnapshotStatus.Missing);
}

/// <summary>What to check and how.</summary>
/// <param name="CandidateSeeds">Null: the tier's committed choice (<see cref="GatePolicy.CandidateSeedsFor"/>).</param>
/// <param name="Overrides">Experiment keys on top of the tier's (<c>section:key</c> → value), as <c>run --set</c>.</param>
/// <param name="AlphaShare">The share of the suite's alpha this check may spend: 1 when it holds the whole suite,
/// 1/E when each of E experiments is checked on its own (the snapshot tests).</param>
/// <param name="Mutation">A catalogue mutation for the candidate runs ("would the gate catch this?"): its keys on top of
/// <paramref name="Overrides"/>, its code-level parts; an experiment it does not apply to is skipped.</param>
public sealed record GateCheckOptions(IReadOnlyList<long>? CandidateSeeds = null, IReadOnlyDictionary<string, string?>? Overrides = null,
                                      double AlphaShare = 1, bool WriteReceived = true, GatePolicy? Policy = null, Action<string>? Progress = null,
                                      string? Device = null, IReadOnlyDictionary<string, string>? Environment = null, Mutation? Mutation = null);

/// <summary>
/// "Did my change move the metrics?": per experiment, find the baseline made on this data and backend, make sure the
/// check can flag anything at all with these seeds (<see cref="GatePolicy.Unreachable"/>), train the candidate
/// seeds, run the exact replay of the reference seed where the platform matches, and let <see cref="GateDecision"/>
/// decide over all experiments at once, on the quantities both the baseline and the candidates have. An experiment
/// that moved gets a <c>.received.json</c> beside its baseline (the candidate seeds as a baseline); one that did not
/// loses a stale one.
/// </summary>
public static class GateCheck
{
    /// <exception cref="ConfigurationException">Bad keys, candidate seeds among the baseline's, or seeds too few to ever flag a shift.</exception>
    public static GateOutcome Run(Tier tier, IReadOnlyList<string> experiments, BaselineStore store, string? cifar10Directory, GateCheckOptions? options = null,
                                  CancellationToken cancel = default)
    {
        options ??= new GateCheckOptions();
        var policy = options.Policy ?? GatePolicy.Default;
        var candidateSeeds = options.CandidateSeeds ?? policy.CandidateSeedsFor(tier);
        if (candidateSeeds.Count == 0) throw new ConfigurationException("the candidate seed list is empty.");
        var selection = policy.QuantitiesFor(tier);

        // First every baseline (cheap), so that a check that could never flag anything stops before training.
        var done = new List<ExperimentOutcome>();
        var found = new List<(GateSubject Subject, string Verified, Baseline Baseline)>();
        foreach (var name in experiments)
        {
            if (tier.NeedsCifar10 && string.IsNullOrWhiteSpace(cifar10Directory))
            {
                done.Add(new(name, SnapshotStatus.Skipped, $"tier '{tier.Name}' needs real CIFAR-10: set {DataLocator.EnvironmentVariable} to a directory in the official binary layout " +
                                                           $"(cifar-10-batches-bin/). {Cifar10Reader.HowToGetData}"));
                continue;
            }
            var subject = GateSubject.Load(tier, name, cifar10Directory, options.Overrides, options.Device, options.Environment);
            if (options.Mutation is { } mutation)
            {
                if (subject.Mutated(mutation) is not { } mutated)
                {
                    done.Add(new(name, SnapshotStatus.Skipped, $"mutation {mutation.Name} does not apply to {name}"));
                    continue;
                }
                subject = mutated;
            }
            string backend = subject.Backend;
            string verified = store.VerifiedPath(tier, backend, name, subject.Dataset.Fingerprint);
            string record = RecordCommand(tier, backend, name, cifar10Directory);
            if (!File.Exists(verified))
            {
                var others = store.Others(tier, name, verified);
                var sameBackend = others.Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == backend).ToList();
                string elsewhere = others.Count == 0 ? "" : $" Baselines exist for other data or backends, and are not compared: {string.Join(", ", others.Select(f => Path.GetRelativePath(store.Root, f)))}.";
                // Real data may legitimately differ from ours (the official files, another JPEG decode): when this backend
                // has baselines for other data only, skip and say why. No baseline at all for this backend is Missing.
                done.Add(tier.NeedsCifar10 && sameBackend.Count > 0
                    ? new(name, SnapshotStatus.Skipped, $"no {tier.Name} baseline for data {subject.Dataset.Fingerprint} on {backend}.{elsewhere} Create one with: {record}")
                    : new(name, SnapshotStatus.Missing, $"missing baseline {verified} (no {tier.Name} baseline on {backend} yet).{elsewhere} Create it with: {record}"));
                continue;
            }
            Baseline baseline;
            try { baseline = Baseline.Load(verified); }
            catch (LegacyBaselineException e)
            {
                done.Add(new(name, SnapshotStatus.Skipped, $"{e.Message} Command: {record}"));
                continue;
            }
            var pairing = GateDecision.PairingOf(baseline.Seeds.Select(s => s.Seed), candidateSeeds);
            if (pairing == Pairing.Mixed)
            {
                var overlap = candidateSeeds.Intersect(baseline.Seeds.Select(s => s.Seed)).ToList();
                long next = Math.Max(baseline.Seeds.Max(s => s.Seed), candidateSeeds.Max()) + 1;
                throw new ConfigurationException($"candidate seeds {SeedList.Format(overlap)} are among the baseline's seeds ({verified}) and " +
                    $"{SeedList.Format(candidateSeeds.Except(overlap).ToList())} are not: use only baseline seeds (a paired check, e.g. --seeds " +
                    $"{SeedList.Format(baseline.Seeds.Take(candidateSeeds.Count).Select(s => s.Seed).ToList())}) or only fresh ones (e.g. --seeds {next}-{next + candidateSeeds.Count - 1}).");
            }
            if (pairing == Pairing.Paired && candidateSeeds.Count < 2)
                throw new ConfigurationException($"a paired check (candidate seeds among the baseline's) needs at least 2 seeds to estimate the scatter of the differences; got {SeedList.Format(candidateSeeds)}.");
            found.Add((subject, verified, baseline));
        }
        ThrowIfUnreachable(tier, found, candidateSeeds, policy, options.AlphaShare);

        var toDecide = new List<(GateSubject Subject, string Verified, Baseline Baseline, IReadOnlyList<RunRecord> Runs, ReplayCheck Replay, List<string> Problems)>();
        foreach (var (subject, verified, baseline) in found)
        {
            var problems = new List<string>();
            var runs = subject.Train(candidateSeeds, options.Progress, cancel);
            if (runs.FirstOrDefault(r => !r.Complete) is { } stopped) problems.Add($"seed {stopped.Seed} is incomplete ({stopped.StoppedAt})");
            if (runs[0].Data.Fingerprint != baseline.DataFingerprint) problems.Add($"the runs used data {runs[0].Data.Fingerprint}, the baseline {baseline.DataFingerprint}");
            int baselineEpochs = baseline.Quantities.Select(EpochOf).DefaultIfEmpty(0).Max();
            if (baselineEpochs != runs[0].Epochs.Count) problems.Add($"the baseline has {baselineEpochs} epochs, the candidate runs {runs[0].Epochs.Count}");
            else if (!baseline.Quantities.Intersect(GateQuantities.Names(runs[0], selection)).Any()) problems.Add("the baseline and the candidate have no quantity in common");

            // A paired check trains the reference seed among its candidates: that run is the replay, at no extra cost.
            var replay = ReplayCheck.NotApplicable(baseline.Replay, runs[0].Platform, runs[0].Threads) is { } reason ? ReplayCheck.Skipped(reason)
                : ReplayCheck.Compare(baseline.Replay!, runs.FirstOrDefault(r => r.Seed == baseline.Replay!.Seed) ?? subject.Train(baseline.Replay!.Seed, cancel));
            toDecide.Add((subject, verified, baseline, runs, replay, problems));
        }

        var decidable = toDecide.Where(d => d.Problems.Count == 0).ToList();
        var tests = GateDecision.Decide(decidable.Select(d => (d.Baseline.Samples(), GateQuantities.Samples(d.Subject.Experiment.Name, d.Runs, selection))).ToList(),
                                        policy, options.AlphaShare);
        foreach (var d in toDecide)
        {
            string name = d.Subject.Experiment.Name;
            var mine = tests.Where(t => t.Experiment == name).ToList();
            bool moved = d.Problems.Count > 0 || mine.Any(t => t.Flagged) || !d.Replay.Passed;
            string message = string.Concat(d.Problems.Select(p => $"  problem: {p}{Environment.NewLine}")) +
                             $"  {d.Replay.Reason}: {(d.Replay.Applied ? (d.Replay.Passed ? "bit-identical" : $"{d.Replay.Mismatches.Count} metric(s) differ") : "skipped")}{Environment.NewLine}" +
                             string.Concat(d.Replay.Mismatches.Select(m => $"    epoch {m.Epoch} {m.Metric}: expected {m.Expected:R}, got {m.Actual:R}{Environment.NewLine}")) +
                             GateReport.Render(name, mine, moved, d.Verified) +
                             GateReport.Coverage(d.Baseline.Quantities, GateQuantities.Names(d.Runs[0], selection), mine.Count);
            string received = BaselineStore.ReceivedPath(d.Verified);
            if (moved && options.WriteReceived && d.Runs.All(r => r.Complete))
            {
                string command = $"benchsuite baselines check --tier {tier.Name} --seeds {SeedList.Format(candidateSeeds)} {name}";
                var candidate = GateRecorder.FromRuns(d.Subject, d.Runs, d.Runs[0].Seed, candidateSeeds, command);
                string parts = d.Subject.Parts.Differences() is { Count: > 0 } differences ? $" Trained with non-Keras parts: {string.Join(", ", differences)}." : "";
                candidate = candidate with
                {
                    Provenance = candidate.Provenance with
                    {
                        Note = $"Received from {d.Runs.Count} candidate seeds by a check that found a change.{parts} Accepting it makes these seeds the baseline; " +
                               $"for full power re-record instead: benchsuite baselines record --tier {tier.Name} {name}",
                    },
                };
                BaselineStore.WriteReceived(d.Verified, candidate);
                message += $"wrote {received}{Environment.NewLine}" +
                           $"if the change is intended: re-record ('benchsuite baselines record --tier {tier.Name} {name}', which writes {Path.GetFileName(received)}) " +
                           $"or review 'diff {d.Verified} {received}', then run: benchsuite baselines accept {name}";
            }
            else if (!moved && options.WriteReceived && File.Exists(received)) File.Delete(received);
            done.Add(new(name, moved ? SnapshotStatus.Failed : SnapshotStatus.Passed, message) { Tests = mine, Replay = d.Replay, Candidates = d.Runs });
        }
        return new GateOutcome(experiments.Select(e => done.First(o => o.Experiment == e)).ToList());
    }

    /// <summary>
    /// Refuses a check (or a calibration) that could not flag anything: for each experiment, its smallest possible p
    /// against Holm's first threshold over every test of the decision (the quantities its baseline and its planned
    /// runs share, less the constant and redundant ones).
    /// </summary>
    /// <exception cref="ConfigurationException">The first experiment that cannot, with the seeds that would let it.</exception>
    /// <param name="candidateSeeds">The candidate seeds: against a baseline that holds all of them (a paired check) Student's t has no floor on p, so that is always reachable.</param>
    public static void ThrowIfUnreachable(Tier tier, IReadOnlyList<(GateSubject Subject, string Verified, Baseline Baseline)> found, IReadOnlyList<long> candidateSeeds,
                                          GatePolicy policy, double alphaShare)
    {
        var selection = policy.QuantitiesFor(tier);
        var counts = found.Select(f => GateDecision.TestCount(f.Baseline.Samples(), f.Subject.PlannedQuantities(selection).ToHashSet())).ToList();
        int tests = counts.Sum();
        for (int i = 0; i < found.Count; i++)
        {
            if (counts[i] == 0) continue;
            var (subject, verified, baseline) = found[i];
            if (GateDecision.PairingOf(baseline.Seeds.Select(s => s.Seed), candidateSeeds) == Pairing.Paired) continue;
            int n = baseline.Seeds.Count;
            if (policy.Unreachable($"{subject.Experiment.Name} against {verified} ({tests} tests in this decision)", n, candidateSeeds.Count, tests, alphaShare) is not { } why)
                continue;
            string more = policy.CandidateSeedsNeeded(n, tests, alphaShare) is { } m ? $"use at least {m} candidate seeds (--seeds), or " : "";
            throw new ConfigurationException($"{why} To check, {more}re-record the baseline with more seeds ('benchsuite baselines record --tier {tier.Name} {subject.Experiment.Name}' records the policy's {policy.BaselineSeedsFor(tier).Count}).");
        }
    }

    /// <summary>The epoch of a quantity name (<c>e3/loss@0.5</c> → 3).</summary>
    static int EpochOf(string quantity) =>
        quantity.StartsWith('e') && quantity.IndexOf('/') is > 1 and var slash && int.TryParse(quantity.AsSpan(1, slash - 1), out int epoch) ? epoch : 0;

    /// <summary>The command that records the missing baseline, on the backend it is missing for.</summary>
    static string RecordCommand(Tier tier, string backend, string experiment, string? cifar10Directory)
    {
        string command = $"benchsuite baselines record --tier {tier.Name}{(tier.NeedsCifar10 ? " --data " + cifar10Directory : "")} {experiment}";
        return backend == "cpu" ? command
            : $"{ExperimentLoader.EnvironmentPrefix}training__device={backend} {command} (with a -p:TorchBackend={backend} build, " +
              $"on a machine with the device; or run the record-baselines workflow with backend {backend})";
    }
}
