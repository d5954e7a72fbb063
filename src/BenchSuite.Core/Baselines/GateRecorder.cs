using BenchSuite.Configuration;
using BenchSuite.Results;

namespace BenchSuite.Baselines;

/// <summary>
/// Records baselines: many seeds of one experiment, every gate quantity per seed, the reference seed's exact
/// metrics. In parts too: a shard records every n-th seed (<c>--shard i/n</c>), and <see cref="Merge"/> joins the
/// shards into one baseline, so that a CI matrix can record in parallel.
/// </summary>
public static class GateRecorder
{
    /// <summary>The seeds shard <paramref name="index"/> of <paramref name="count"/> records: positions index−1, index−1+count, …</summary>
    public static IReadOnlyList<long> ShardSeeds(IReadOnlyList<long> seeds, int index, int count) =>
        seeds.Where((_, i) => i % count == index - 1).ToList();

    /// <summary>Parses "i/n" (1 ≤ i ≤ n).</summary>
    public static (int Index, int Count) ParseShard(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out int i) && int.TryParse(parts[1], out int n) && n >= 1 && i >= 1 && i <= n)
            return (i, n);
        throw new FormatException($"shard '{text}': write i/n with 1 <= i <= n, e.g. --shard 2/4.");
    }

    /// <summary>
    /// Refuses to record a baseline the gate could not use. A paired tier's check reruns the policy's candidate
    /// seeds, so the recording must hold every one of them. For fresh (unpaired) candidates, <paramref name="plannedSeeds"/>
    /// against the policy's candidate seeds must be able to flag a shift when the experiment is checked alone, with its
    /// share 1/E of alpha (E = <paramref name="experimentsInSuite"/>, as the snapshot tests check), over every quantity
    /// its runs will have.
    /// </summary>
    /// <exception cref="ConfigurationException">Too few seeds, or the candidates missing, with the seeds that would do.</exception>
    public static void ThrowIfUnusable(GateSubject subject, IReadOnlyList<long> plannedSeeds, int experimentsInSuite, GatePolicy policy)
    {
        var candidateSeeds = policy.CandidateSeedsFor(subject.Tier);
        string fallback = $"the policy's default for this tier is {SeedList.Format(policy.BaselineSeedsFor(subject.Tier))}.";
        if (policy.IsPaired(subject.Tier))
        {
            var missing = candidateSeeds.Except(plannedSeeds).ToList();
            if (missing.Count == 0) return;
            throw new ConfigurationException($"a {subject.Tier.Name} baseline of {subject.Experiment.Name} must hold the seeds its check reruns " +
                                             $"({SeedList.Format(candidateSeeds)}); {SeedList.Format(missing)} missing from --seeds {SeedList.Format(plannedSeeds)}: {fallback}");
        }
        int tests = subject.PlannedQuantities(policy.QuantitiesFor(subject.Tier)).Count;
        int candidates = candidateSeeds.Count;
        double share = 1.0 / experimentsInSuite;
        if (policy.Unreachable($"a {subject.Tier.Name} baseline of {subject.Experiment.Name} ({tests} quantities, checked alone with 1/{experimentsInSuite} of alpha)",
                               plannedSeeds.Count, candidates, tests, share) is not { } why)
            return;
        string need = policy.BaselineSeedsNeeded(candidates, tests, share) is { } n ? $"Record at least {n} seeds (--seeds 42-{41 + n}); " : "";
        throw new ConfigurationException($"{why} {need}{fallback}");
    }

    /// <summary>A baseline (or, with <paramref name="shard"/>, one shard of it) from complete runs; the reference seed is <paramref name="referenceSeed"/>.</summary>
    public static Baseline FromRuns(GateSubject subject, IReadOnlyList<RunRecord> runs, long referenceSeed, IReadOnlyList<long> plannedSeeds,
                                    string command, (int Index, int Count)? shard = null)
    {
        if (runs.Count == 0) throw new ArgumentException("A baseline needs at least one run.", nameof(runs));
        if (runs.FirstOrDefault(r => !r.Complete) is { } stopped) throw new ArgumentException($"seed {stopped.Seed} did not complete ({stopped.StoppedAt}); nothing written.");
        var diverged = runs.FirstOrDefault(r => GateQuantities.Values(r).Any(v => !double.IsFinite(v)));
        if (diverged is not null) throw new ArgumentException($"{subject.Experiment.Name}: seed {diverged.Seed} produced a non-finite metric; a baseline must not contain it. Investigate that run.");
        var first = runs[0];
        var p = first.Platform;
        var reference = runs.FirstOrDefault(r => r.Seed == referenceSeed);
        var selection = GatePolicy.Default.QuantitiesFor(subject.Tier);
        return new Baseline
        {
            Experiment = subject.Experiment.Name,
            Tier = subject.Tier.Name,
            Backend = p.Backend,
            DataSource = first.Data.Source,
            DataFingerprint = first.Data.Fingerprint,
            TrainImages = first.Data.TrainImages,
            ValidationImages = first.Data.ValidationImages,
            Provenance = new BaselineProvenance(plannedSeeds, first.Threads, p.Backend, p.TorchSharpVersion, p.LibTorchVersion,
                runs.Select(r => r.Platform.Cpu).Distinct().ToList(), p.Os, p.DotNet, DateTimeOffset.UtcNow, command, GatePolicy.Default.Describe(),
                $"{plannedSeeds.Count} seeds ({SeedList.Format(plannedSeeds)}); reference seed {referenceSeed}. Tier '{subject.Tier.Name}': {subject.Tier.Purpose}."),
            Shard = shard is { } s ? $"{s.Index}/{s.Count}" : null,
            Replay = reference is null ? null : ReplayCheck.Snapshot(reference),
            Quantities = GateQuantities.Names(first, selection),
            Seeds = GateQuantities.Samples(subject.Experiment.Name, runs, selection).Seeds,
        };
    }

    /// <summary>
    /// Joins shards into one baseline. They must be of the same experiment, tier, backend, data, threads and versions,
    /// have the same quantities and together hold every planned seed exactly once; one of them holds the replay snapshot.
    /// </summary>
    /// <exception cref="InvalidDataException">One line naming the shard file and what is wrong.</exception>
    public static Baseline Merge(IReadOnlyList<(string Path, Baseline Shard)> shards)
    {
        if (shards.Count == 0) throw new InvalidDataException("no shard files to merge.");
        var (firstPath, first) = shards[0];
        foreach (var (path, s) in shards.Skip(1))
        {
            string? differs =
                s.Experiment != first.Experiment ? $"experiment {s.Experiment} (vs {first.Experiment})"
                : s.Tier != first.Tier ? $"tier {s.Tier} (vs {first.Tier})"
                : s.Backend != first.Backend ? $"backend {s.Backend} (vs {first.Backend})"
                : s.DataFingerprint != first.DataFingerprint ? $"data {s.DataFingerprint} (vs {first.DataFingerprint})"
                : s.Provenance.Threads != first.Provenance.Threads ? $"{s.Provenance.Threads} threads (vs {first.Provenance.Threads})"
                : s.Provenance.TorchSharpVersion != first.Provenance.TorchSharpVersion || s.Provenance.LibTorchVersion != first.Provenance.LibTorchVersion
                    ? $"TorchSharp {s.Provenance.TorchSharpVersion}/libtorch {s.Provenance.LibTorchVersion} (vs {first.Provenance.TorchSharpVersion}/{first.Provenance.LibTorchVersion})"
                : !s.Quantities.SequenceEqual(first.Quantities) ? "other quantities"
                : !s.Provenance.Seeds.SequenceEqual(first.Provenance.Seeds) ? $"planned seeds {SeedList.Format(s.Provenance.Seeds)} (vs {SeedList.Format(first.Provenance.Seeds)})"
                : null;
            if (differs is not null) throw new InvalidDataException($"{path}: cannot merge with {firstPath}: {differs}.");
        }
        var seeds = shards.SelectMany(s => s.Shard.Seeds).ToList();
        var duplicate = seeds.GroupBy(s => s.Seed).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidDataException($"seed {duplicate.Key} is in more than one shard of {first.Experiment}: {string.Join(", ", shards.Where(s => s.Shard.Seeds.Any(v => v.Seed == duplicate.Key)).Select(s => s.Path))}.");
        var missing = first.Provenance.Seeds.Except(seeds.Select(s => s.Seed)).ToList();
        if (missing.Count > 0) throw new InvalidDataException($"{first.Experiment}: seeds {SeedList.Format(missing)} are planned but in no shard ({shards.Count} shard files, first {firstPath}). Record the missing shards, then merge again.");
        var replays = shards.Where(s => s.Shard.Replay is not null).ToList();
        if (replays.Count != 1) throw new InvalidDataException($"{first.Experiment}: {replays.Count} shards hold a replay snapshot, expected exactly one (the shard with the reference seed).");
        var order = first.Provenance.Seeds.Select((seed, i) => (seed, i)).ToDictionary(x => x.seed, x => x.i);
        return first with
        {
            Shard = null,
            Replay = replays[0].Shard.Replay,
            Seeds = seeds.OrderBy(s => order[s.Seed]).ToList(),
            Provenance = first.Provenance with
            {
                Cpus = shards.SelectMany(s => s.Shard.Provenance.Cpus).Distinct().ToList(),
                RecordedAt = shards.Max(s => s.Shard.Provenance.RecordedAt),
                Note = first.Provenance.Note + $" Merged from {shards.Count} shards.",
            },
        };
    }
}
