using System.Globalization;
using System.Text;

namespace BenchSuite.Baselines;

/// <summary>One catalogue mutation: on which experiments it was trained, and, per number of candidate seeds M, how often it was flagged.</summary>
internal sealed record MutationResult(Mutation Mutation, IReadOnlyList<string> Experiments, IReadOnlyDictionary<int, RateEstimate> Detected, QuantityTest? Strongest);

/// <summary>What to measure: <see cref="GateCalibration.Run"/>'s settings.</summary>
/// <param name="CandidateCounts">The numbers of candidate seeds M to evaluate: the largest is trained, every smaller one decided on the first M of them.</param>
/// <param name="Resamples">Draws of the false-alarm estimate by resampling (0: none).</param>
/// <param name="PairsFrom">A paired gate's false alarms: a second recording of the same baseline seeds with other bits (another
/// thread count, instruction set, CPU or libtorch), whose values play candidates that changed nothing but the bits.</param>
/// <param name="FreshSets">An unpaired gate's false alarms from K trained sets of M fresh seeds (0: none).</param>
/// <param name="Repeats">Trials per mutation, each on its own seeds.</param>
public sealed record CalibrationPlan(IReadOnlyList<int> CandidateCounts, IReadOnlyList<Mutation> Mutations, int Resamples = 2000,
                                     BaselineStore? PairsFrom = null, int FreshSets = 0, int Repeats = 1);

/// <summary>What <see cref="GateCalibration.Run"/> measured; the command line only prints it (<see cref="Render"/>).</summary>
public sealed class CalibrationResult
{
    internal CalibrationResult(string tier, bool paired, IReadOnlyList<int> candidateCounts, IReadOnlyDictionary<int, RateEstimate> falseAlarmsResampled,
                               string? resamplingNote, IReadOnlyDictionary<int, RateEstimate> falseAlarmsFresh, IReadOnlyList<MutationResult> mutations) =>
        (Tier, Paired, CandidateCounts, FalseAlarmsResampled, ResamplingNote, FalseAlarmsFresh, Mutations) =
        (tier, paired, candidateCounts, falseAlarmsResampled, resamplingNote, falseAlarmsFresh, mutations);

    internal string Tier { get; }
    internal bool Paired { get; }
    internal IReadOnlyList<int> CandidateCounts { get; }
    internal IReadOnlyDictionary<int, RateEstimate> FalseAlarmsResampled { get; }
    internal string? ResamplingNote { get; }
    internal IReadOnlyDictionary<int, RateEstimate> FalseAlarmsFresh { get; }
    internal IReadOnlyList<MutationResult> Mutations { get; }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(I($"calibration, tier {Tier}, {(Paired ? "paired: the candidates rerun baseline seeds" : "unpaired: the candidates are fresh seeds")}, policy: {GatePolicy.Default.Describe()}"));
        if (ResamplingNote is not null) text.AppendLine(ResamplingNote);
        foreach (var (m, rate) in FalseAlarmsResampled)
            text.AppendLine(I($"false alarms, whole suite, M = {m}, {(Paired ? "resampled from the pairs recorded with other bits" : "resampled from the recorded seeds")}: {rate}"));
        foreach (var (m, rate) in FalseAlarmsFresh)
            text.AppendLine(I($"false alarms, whole suite, M = {m}, fresh seeds: {rate}"));
        if (Mutations.Count > 0)
        {
            int largest = CandidateCounts.Max();
            text.AppendLine();
            text.AppendLine($"| mutation | experiments | {string.Join(" | ", CandidateCounts.Select(m => $"detected, M = {m}"))} | strongest quantity (M = {largest}) | effect (spreads) | p (Holm) |");
            text.AppendLine($"|---|---|{string.Concat(CandidateCounts.Select(_ => "---|"))}---|---:|---:|");
            foreach (var r in Mutations)
            {
                var s = r.Strongest;
                string detected = string.Join(" | ", CandidateCounts.Select(m => r.Detected.TryGetValue(m, out var d) ? d.ToString() : "-"));
                text.AppendLine(I($"| {r.Mutation.Name} | {string.Join(", ", r.Experiments)} | {detected} | {(s is null ? "-" : $"{s.Experiment} {s.Quantity}")} | {(s is null ? "-" : s.Effect.ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture))} | {(s is null || double.IsNaN(s.AdjustedP) ? "-" : s.AdjustedP.ToString("G3", CultureInfo.InvariantCulture))} |"));
            }
            text.AppendLine();
            foreach (int m in CandidateCounts)
            {
                var rates = Mutations.Select(r => r.Detected.GetValueOrDefault(m)).Where(r => r is not null).ToList();
                text.AppendLine(I($"catalogue detection, M = {m} (all mutation × repeat trials): {new RateEstimate(rates.Sum(r => r!.Hits), rates.Sum(r => r!.Trials))}"));
            }
        }
        return text.ToString();
    }

    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Calibration, on this machine: (a) the false-alarm rate of a whole suite run — for the paired gate by resampling
/// pairs (M seeds drawn, the baseline's values against a second recording of the same seeds with other bits), for
/// the unpaired gate by resampling the recorded seeds (M as the candidate, the rest as the baseline) or from fresh
/// trained seeds; draws share seeds, so the interval is optimistic — and (b) the detection rate of each catalogue
/// mutation, each repeat on its own seeds. Several M are evaluated from one training: the largest is trained and
/// each smaller M decided on the first M seeds, which is what a check with M seeds would have run.
/// </summary>
public static class GateCalibration
{
    /// <summary>Unpaired false alarms by resampling: no training, only the recorded baselines.</summary>
    internal static RateEstimate FalseAlarmsByResampling(IReadOnlyList<SeedSamples> pools, int candidateSeeds, int draws, GatePolicy policy, int randomSeed = 1)
    {
        if (pools.Any(p => p.Seeds.Count < candidateSeeds + 5))
            throw new ArgumentException($"resampling needs at least {candidateSeeds + 5} recorded seeds per experiment (M = {candidateSeeds} candidates + 5 baseline).");
        var random = new Random(randomSeed);
        int alarms = 0;
        for (int d = 0; d < draws; d++)
        {
            var suite = pools.Select(pool =>
            {
                var shuffled = pool.Seeds.OrderBy(_ => random.Next()).ToList();
                return (pool with { Seeds = shuffled.Skip(candidateSeeds).ToList() }, pool with { Seeds = shuffled.Take(candidateSeeds).ToList() });
            }).ToList();
            if (GateDecision.Decide(suite, policy).Any(t => t.Flagged)) alarms++;
        }
        return new RateEstimate(alarms, draws);
    }

    /// <summary>
    /// Paired false alarms by resampling: each draw takes M of the seeds both recordings have, per experiment, as the
    /// candidates (their values from <c>Rerun</c>) against the whole baseline, and decides the suite. No training.
    /// </summary>
    internal static RateEstimate FalseAlarmsPaired(IReadOnlyList<(SeedSamples Baseline, SeedSamples Rerun)> experiments, int candidateSeeds, int draws,
                                                   GatePolicy policy, int randomSeed = 1)
    {
        var shared = experiments.Select(e => e.Rerun with
        {
            Seeds = e.Rerun.Seeds.Where(r => e.Baseline.Seeds.Any(b => b.Seed == r.Seed)).ToList(),
        }).ToList();
        if (shared.FirstOrDefault(s => s.Seeds.Count < candidateSeeds) is { } few)
            throw new ArgumentException($"{few.Experiment}: the rerun has {few.Seeds.Count} of the baseline's seeds, fewer than M = {candidateSeeds}.");
        var random = new Random(randomSeed);
        int alarms = 0;
        for (int d = 0; d < draws; d++)
        {
            var suite = experiments.Select((e, i) => (e.Baseline, shared[i] with { Seeds = shared[i].Seeds.OrderBy(_ => random.Next()).Take(candidateSeeds).ToList() })).ToList();
            if (GateDecision.Decide(suite, policy).Any(t => t.Flagged)) alarms++;
        }
        return new RateEstimate(alarms, draws);
    }

    /// <summary>Unpaired false alarms from fresh seeds: the fresh runs of every experiment cut into consecutive sets of M, one suite run per set.</summary>
    internal static RateEstimate FalseAlarmsFresh(IReadOnlyList<(SeedSamples Baseline, SeedSamples Fresh)> experiments, int candidateSeeds, GatePolicy policy)
    {
        int sets = experiments.Min(e => e.Fresh.Seeds.Count) / candidateSeeds;
        int alarms = 0;
        for (int s = 0; s < sets; s++)
        {
            var suite = experiments.Select(e => (e.Baseline, e.Fresh with { Seeds = e.Fresh.Seeds.Skip(s * candidateSeeds).Take(candidateSeeds).ToList() })).ToList();
            if (GateDecision.Decide(suite, policy).Any(t => t.Flagged)) alarms++;
        }
        return new RateEstimate(alarms, sets);
    }

    /// <summary>The strongest flagged quantity of a decision, else the one with the largest |effect|.</summary>
    internal static QuantityTest? Strongest(IReadOnlyList<QuantityTest> tests) =>
        tests.Where(t => t.Flagged).OrderBy(t => double.IsNaN(t.AdjustedP) ? 0 : t.AdjustedP).FirstOrDefault()
        ?? tests.Where(t => !double.IsNaN(t.Effect)).OrderByDescending(t => Math.Abs(t.Effect)).FirstOrDefault();

    /// <summary>
    /// Trains and decides: false alarms, and each mutation <see cref="CalibrationPlan.Repeats"/> times on every
    /// experiment it applies to. CPU-heavy: the largest M seeds per experiment per trial. Paired or unpaired as the
    /// policy's candidate seeds for the tier are (<see cref="GatePolicy.IsPaired"/>).
    /// </summary>
    public static CalibrationResult Run(Tier tier, IReadOnlyList<string> experiments, BaselineStore store, string? cifar10Directory, CalibrationPlan plan,
                                        GatePolicy policy, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var counts = plan.CandidateCounts.Distinct().Order().ToList();
        if (counts.Count == 0 || counts[0] < 1) throw new ArgumentException("give at least one number of candidate seeds, each at least 1.");
        int largest = counts[^1];
        bool paired = policy.IsPaired(tier);
        if (paired && counts[0] < 2) throw new ArgumentException("a paired gate needs at least 2 candidate seeds.");

        var subjects = experiments.Select(name => GateSubject.Load(tier, name, cifar10Directory)).ToList();
        var paths = subjects.Select(s => store.VerifiedPath(tier, s.Backend, s.Experiment.Name, s.Dataset.Fingerprint)).ToList();
        var baselines = paths.Select((path, i) => File.Exists(path) ? Baseline.Load(path)
            : throw new InvalidDataException($"missing baseline {path}: record it first with 'benchsuite baselines record --tier {tier.Name} {subjects[i].Experiment.Name}'.")).ToList();

        if (!paired && (plan.Mutations.Count > 0 || plan.FreshSets > 0))
            foreach (int m in counts) // the fresh seeds the first mutation repeat trains (the false-alarm sets take as many from 9001)
                GateCheck.ThrowIfUnreachable(tier, subjects.Select((s, i) => (s, paths[i], baselines[i])).ToList(), SeedList.Range(8001, m), policy, alphaShare: 1);

        var resampled = new Dictionary<int, RateEstimate>();
        string? note = null;
        if (plan.Resamples > 0 && paired)
        {
            if (plan.PairsFrom is { } other)
            {
                var reruns = subjects.Select(s =>
                {
                    string path = other.VerifiedPath(tier, s.Backend, s.Experiment.Name, s.Dataset.Fingerprint);
                    return File.Exists(path) ? Baseline.Load(path).Samples()
                        : throw new InvalidDataException($"missing {path}: record the same seeds with other bits into {other.Root} first (e.g. 'BENCHSUITE__training__threads=1 benchsuite baselines record --tier {tier.Name} --baselines {other.Root} {s.Experiment.Name}').");
                }).ToList();
                foreach (int m in counts)
                    resampled[m] = FalseAlarmsPaired(baselines.Select((b, i) => (b.Samples(), reruns[i])).ToList(), m, plan.Resamples, policy);
            }
            else note = "false alarms: not measured. On this machine a rerun of a baseline seed is bit-identical, so a paired check of unchanged code " +
                        "never flags; off it, it needs a second recording of the baseline seeds with other bits: --pairs-from DIR.";
        }
        else if (plan.Resamples > 0)
            foreach (int m in counts)
                resampled[m] = FalseAlarmsByResampling(baselines.Select(b => b.Samples()).ToList(), m, plan.Resamples, policy);

        var fresh = new Dictionary<int, RateEstimate>();
        if (plan.FreshSets > 0)
        {
            if (paired) throw new ArgumentException("--fresh measures an unpaired gate (fresh seeds); a paired gate's false alarms come from --pairs-from.");
            // Fresh seeds far from the baselines' (42…) and the committed candidates' (7001…): 9001…
            var seeds = SeedList.Range(9001, plan.FreshSets * largest);
            var pairs = subjects.Select((s, i) => (baselines[i].Samples(), GateQuantities.Samples(s.Experiment.Name, s.Train(seeds, progress, cancel), policy.QuantitiesFor(tier)))).ToList();
            foreach (int m in counts) fresh[m] = FalseAlarmsFresh(pairs, m, policy);
        }

        var results = new List<MutationResult>();
        foreach (var mutation in plan.Mutations)
        {
            var applicable = subjects.Select((s, i) => (Subject: s, Baseline: baselines[i], Mutated: s.Mutated(mutation)))
                                     .Where(x => x.Mutated is not null).ToList();
            if (applicable.Count == 0) { results.Add(new(mutation, [], counts.ToDictionary(m => m, _ => new RateEstimate(0, 0)), null)); continue; }
            var hits = counts.ToDictionary(m => m, _ => 0);
            QuantityTest? strongest = null;
            for (int r = 0; r < plan.Repeats; r++)
            {
                var seeds = paired ? PairedSeeds(baselines, r, largest) : SeedList.Range(8001 + r * largest, largest);
                var trained = applicable.Select(x =>
                {
                    progress?.Invoke($"mutation {mutation.Name}, repeat {r + 1}/{plan.Repeats}, {x.Subject.Experiment.Name}, seeds {SeedList.Format(seeds)}");
                    var mutated = x.Mutated!;
                    return (Baseline: x.Baseline.Samples(), Candidate: GateQuantities.Samples(mutated.Experiment.Name, mutated.Train(seeds, progress, cancel), policy.QuantitiesFor(tier)));
                }).ToList();
                foreach (int m in counts)
                {
                    var suite = trained.Select(t => (t.Baseline, t.Candidate with { Seeds = t.Candidate.Seeds.Take(m).ToList() })).ToList();
                    // The whole suite's alpha, spread over the experiments of this trial as in a real check of all of them.
                    var tests = GateDecision.Decide(suite, policy, (double)suite.Count / experiments.Count);
                    if (tests.Any(t => t.Flagged)) hits[m]++;
                    if (m != largest) continue;
                    var s = Strongest(tests);
                    if (strongest is null || (s is not null && (s.Flagged && !strongest.Flagged || s.Flagged == strongest.Flagged && Math.Abs(s.Effect) > Math.Abs(strongest.Effect))))
                        strongest = s;
                }
            }
            results.Add(new(mutation, applicable.Select(a => a.Subject.Experiment.Name).ToList(), counts.ToDictionary(m => m, m => new RateEstimate(hits[m], plan.Repeats)), strongest));
        }
        return new CalibrationResult(tier.Name, paired, counts, resampled, note, fresh, results);
    }

    /// <summary>Repeat r of a paired calibration: the baseline seeds r·M … r·M + M − 1 that every experiment's baseline has.</summary>
    static IReadOnlyList<long> PairedSeeds(IReadOnlyList<Baseline> baselines, int repeat, int m)
    {
        var common = baselines.Select(b => b.Seeds.Select(s => s.Seed)).Aggregate((a, b) => a.Intersect(b)).ToList();
        if (common.Count < (repeat + 1) * m)
            throw new ArgumentException($"repeat {repeat + 1} with M = {m} needs {(repeat + 1) * m} baseline seeds; the baselines share {common.Count}. Fewer --repeats or a smaller M.");
        return common.Skip(repeat * m).Take(m).ToList();
    }
}
