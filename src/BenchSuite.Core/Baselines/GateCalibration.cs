using System.Globalization;
using System.Text;

namespace BenchSuite.Baselines;

/// <summary>How often the gate cries wolf on unchanged code, and how often it catches each catalogue mutation.</summary>
internal sealed record MutationResult(Mutation Mutation, IReadOnlyList<string> Experiments, RateEstimate Detected, QuantityTest? Strongest);

/// <summary>What <see cref="GateCalibration.Run"/> measured; the command line only prints it (<see cref="Render"/>).</summary>
public sealed class CalibrationResult
{
    internal CalibrationResult(string tier, int candidateSeeds, RateEstimate? falseAlarmsResampled, RateEstimate? falseAlarmsFresh,
                               IReadOnlyList<MutationResult> mutations) =>
        (Tier, CandidateSeeds, FalseAlarmsResampled, FalseAlarmsFresh, Mutations) = (tier, candidateSeeds, falseAlarmsResampled, falseAlarmsFresh, mutations);

    internal string Tier { get; }
    internal int CandidateSeeds { get; }
    internal RateEstimate? FalseAlarmsResampled { get; }
    internal RateEstimate? FalseAlarmsFresh { get; }
    internal IReadOnlyList<MutationResult> Mutations { get; }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(I($"calibration, tier {Tier}, {CandidateSeeds} candidate seeds per experiment, policy: {GatePolicy.Default.Describe()}"));
        if (FalseAlarmsResampled is not null) text.AppendLine($"false alarms, whole suite, resampled from the recorded seeds: {FalseAlarmsResampled}");
        if (FalseAlarmsFresh is not null) text.AppendLine($"false alarms, whole suite, fresh seeds: {FalseAlarmsFresh}");
        if (Mutations.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| mutation | experiments | detected | strongest quantity | effect (spreads) | p (Holm) |");
            text.AppendLine("|---|---|---|---|---:|---:|");
            foreach (var m in Mutations)
            {
                var s = m.Strongest;
                text.AppendLine(I($"| {m.Mutation.Name} | {string.Join(", ", m.Experiments)} | {m.Detected} | {(s is null ? "-" : $"{s.Experiment} {s.Quantity}")} | {(s is null ? "-" : s.Effect.ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture))} | {(s is null || double.IsNaN(s.AdjustedP) ? "-" : s.AdjustedP.ToString("G3", CultureInfo.InvariantCulture))} |"));
            }
            int hits = Mutations.Sum(m => m.Detected.Hits), trials = Mutations.Sum(m => m.Detected.Trials);
            text.AppendLine();
            text.AppendLine($"catalogue detection (all mutation × repeat trials): {new RateEstimate(hits, trials)}");
        }
        return text.ToString();
    }

    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Calibration, on this machine: (a) the false-alarm rate of a whole suite run, by resampling the recorded seeds
/// (each draw takes M seeds of every experiment as the candidate and the rest as the baseline; draws share seeds,
/// so the interval is optimistic) and, when asked, from fresh seeds never in a baseline; (b) the detection rate of
/// each catalogue mutation, each repeat with its own fresh candidate seeds.
/// </summary>
public static class GateCalibration
{
    /// <summary>False alarms by resampling: no training, only the recorded baselines.</summary>
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

    /// <summary>False alarms from fresh seeds: the fresh runs of every experiment cut into consecutive sets of M, one suite run per set.</summary>
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
    /// Trains and decides: false alarms from <paramref name="freshSets"/> sets of fresh seeds (0: skip), and each
    /// mutation <paramref name="repeats"/> times on every experiment it applies to. CPU-heavy: M seeds per experiment per trial.
    /// </summary>
    public static CalibrationResult Run(Tier tier, IReadOnlyList<string> experiments, BaselineStore store, string? cifar10Directory,
                                        IReadOnlyList<Mutation> mutations, int candidateSeeds, int resamples, int freshSets, int repeats,
                                        GatePolicy policy, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var subjects = experiments.Select(name => GateSubject.Load(tier, name, cifar10Directory)).ToList();
        var baselines = subjects.Select(s =>
        {
            string path = store.VerifiedPath(tier, s.Backend, s.Experiment.Name, s.Dataset.Fingerprint);
            if (!File.Exists(path)) throw new InvalidDataException($"missing baseline {path}: record it first with 'benchsuite baselines record --tier {tier.Name} {s.Experiment.Name}'.");
            return Baseline.Load(path);
        }).ToList();

        if (mutations.Count > 0 || freshSets > 0)
            GateCheck.ThrowIfUnreachable(tier, subjects.Select((s, i) => (s, store.VerifiedPath(tier, s.Backend, s.Experiment.Name, s.Dataset.Fingerprint), baselines[i])).ToList(),
                                         candidateSeeds, policy, alphaShare: 1);

        RateEstimate? resampled = resamples > 0 ? FalseAlarmsByResampling(baselines.Select(b => b.Samples()).ToList(), candidateSeeds, resamples, policy) : null;

        // Fresh seeds far from the baselines' (42…) and the committed candidates' (7001…): 9001…, then 8001… per mutation repeat.
        RateEstimate? fresh = null;
        if (freshSets > 0)
        {
            var seeds = SeedList.Range(9001, freshSets * candidateSeeds);
            var pairs = subjects.Select((s, i) => (baselines[i].Samples(), GateQuantities.Samples(s.Experiment.Name, s.Train(seeds, progress, cancel), policy.QuantitiesFor(tier)))).ToList();
            fresh = FalseAlarmsFresh(pairs, candidateSeeds, policy);
        }

        var results = new List<MutationResult>();
        foreach (var mutation in mutations)
        {
            var applicable = subjects.Select((s, i) => (Subject: s, Baseline: baselines[i], Mutated: s.Mutated(mutation)))
                                     .Where(x => x.Mutated is not null).ToList();
            if (applicable.Count == 0) { results.Add(new(mutation, [], new RateEstimate(0, 0), null)); continue; }
            int hits = 0;
            QuantityTest? strongest = null;
            for (int r = 0; r < repeats; r++)
            {
                var seeds = SeedList.Range(8001 + r * candidateSeeds, candidateSeeds);
                var suite = applicable.Select(x =>
                {
                    var mutated = x.Mutated!;
                    progress?.Invoke($"mutation {mutation.Name}, repeat {r + 1}/{repeats}, {x.Subject.Experiment.Name}");
                    return (x.Baseline.Samples(), GateQuantities.Samples(mutated.Experiment.Name, mutated.Train(seeds, progress, cancel), policy.QuantitiesFor(tier)));
                }).ToList();
                // The whole suite's alpha, spread over the experiments of this trial as in a real check of all of them.
                var tests = GateDecision.Decide(suite, policy, (double)suite.Count / experiments.Count);
                if (tests.Any(t => t.Flagged)) hits++;
                var s = Strongest(tests);
                if (strongest is null || (s is not null && Math.Abs(s.Effect) > Math.Abs(strongest.Effect))) strongest = s;
            }
            results.Add(new(mutation, applicable.Select(a => a.Subject.Experiment.Name).ToList(), new RateEstimate(hits, repeats), strongest));
        }
        return new CalibrationResult(tier.Name, candidateSeeds, resampled, fresh, results);
    }
}
