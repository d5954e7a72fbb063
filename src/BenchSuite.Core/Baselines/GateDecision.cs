namespace BenchSuite.Baselines;

/// <summary>The per-seed values of one experiment's quantities, baseline or candidate, in the order of <see cref="Quantities"/>.</summary>
public sealed record SeedSamples(string Experiment, IReadOnlyList<string> Quantities, IReadOnlyList<SeedValues> Seeds)
{
    public IReadOnlyList<double> Column(int quantity) => Seeds.Select(s => s.Values[quantity]).ToList();
}

/// <summary>One seed's value of every quantity (one line of a baseline file).</summary>
public sealed record SeedValues(long Seed, IReadOnlyList<double> Values);

/// <summary>Candidate seeds against a baseline's (<see cref="GateDecision.PairingOf"/>).</summary>
internal enum Pairing { Fresh, Paired, Mixed }

/// <summary>One quantity of one experiment, baseline against candidate.</summary>
/// <param name="Paired">True when the candidates ran baseline seeds and were compared seed by seed (Student's t on the
/// differences); false when they ran fresh seeds (Mann–Whitney against the baseline's seeds).</param>
/// <param name="Shift">Paired: the mean candidate − baseline difference over the candidate seeds; unpaired: candidate
/// median − baseline median.</param>
/// <param name="PValue">Two-sided p (paired t or Mann–Whitney); NaN when no test was made (a constant baseline, a non-finite candidate).</param>
/// <param name="AdjustedP">Holm-adjusted p over the whole family; NaN when not tested.</param>
/// <param name="MinimumShift">The smallest shift that may be flagged: max(k·spread, floor).</param>
internal sealed record QuantityTest(string Experiment, string Quantity, int BaselineSeeds, double BaselineMedian, double BaselineSpread,
                                 int CandidateSeeds, double CandidateMedian, bool Paired, double Shift, double PValue, double AdjustedP, double MinimumShift,
                                 bool Flagged, string Verdict)
{
    /// <summary>Shift in baseline robust spreads (±∞ for a shift of a quantity that never varied).</summary>
    public double Effect => double.IsNaN(Shift) ? double.NaN
        : BaselineSpread > 0 ? Shift / BaselineSpread : Shift == 0 ? 0 : Math.Sign(Shift) * double.PositiveInfinity;
}

/// <summary>
/// The gate's decision, on values only (no training): every experiment's quantities tested baseline against
/// candidate, one Holm–Bonferroni family over all of them (<see cref="GatePolicy"/>). Candidates that ran seeds of
/// the baseline are compared <em>paired</em>, seed by seed: on the recording machine unchanged code gives differences
/// of exactly 0, and elsewhere a seed's rerun stays correlated with its recording (measured: README, "How the gate
/// decides"), so a change is tested against the scatter of the differences, not against the seed-to-seed spread.
/// Candidates of fresh seeds are compared unpaired (Mann–Whitney). A mix of both is refused. Only the quantities both the
/// baseline and the candidate have are compared (<see cref="Unmatched"/> lists the others): a baseline recorded
/// before a quantity existed, or with more epochs gated, keeps working. Quantities whose baseline is constant (a
/// run without L2 has penalty 0 in every seed) are not tested: they are flagged when the candidate's median leaves
/// that constant by the floor or more. A quantity identical to another in every baseline seed (data_loss = loss
/// without L2) is left out as redundant. A non-finite candidate value is always flagged.
/// </summary>
internal static class GateDecision
{
    /// <summary>
    /// The baseline's quantities a comparison with a candidate having <paramref name="candidateNames"/> looks at, in
    /// the baseline's order, without the redundant ones; <c>Constant</c>: compared by the floor, not tested.
    /// </summary>
    public static IReadOnlyList<(int Index, string Name, bool Constant)> Compared(SeedSamples baseline, IReadOnlyCollection<string> candidateNames)
    {
        var compared = new List<(int, string, bool)>();
        var seen = new List<double[]>();
        for (int q = 0; q < baseline.Quantities.Count; q++)
        {
            string name = baseline.Quantities[q];
            if (!candidateNames.Contains(name)) continue;
            double[] b = baseline.Column(q).ToArray();
            if (seen.Any(other => other.SequenceEqual(b))) continue; // redundant with an earlier quantity
            seen.Add(b);
            compared.Add((q, name, GateStatistics.RobustSpread(b) == 0));
        }
        return compared;
    }

    /// <summary>How many Mann–Whitney tests a comparison makes: the size of the Holm family it adds.</summary>
    public static int TestCount(SeedSamples baseline, IReadOnlyCollection<string> candidateNames) =>
        Compared(baseline, candidateNames).Count(c => !c.Constant);

    /// <summary>Quantities only one side has: not compared (re-recording the baseline adds the candidate's).</summary>
    public static (IReadOnlyList<string> BaselineOnly, IReadOnlyList<string> CandidateOnly) Unmatched(IReadOnlyList<string> baseline, IReadOnlyList<string> candidate) =>
        (baseline.Except(candidate).ToList(), candidate.Except(baseline).ToList());

    /// <param name="alphaShare">The part of the suite's alpha this call may spend (1: the whole suite is in this call;
    /// 1/E when E experiments are decided one call each, Bonferroni across the calls).</param>
    public static IReadOnlyList<QuantityTest> Decide(IReadOnlyList<(SeedSamples Baseline, SeedSamples Candidate)> experiments, GatePolicy policy, double alphaShare = 1)
    {
        var pending = new List<(string Experiment, string Quantity, int BaselineSeeds, double Median, double Spread, int CandidateSeeds, double CMedian, bool Paired,
                                double Shift, double MinShift, double P, string? Note)>();
        var results = new List<QuantityTest>();
        foreach (var (baseline, candidate) in experiments)
        {
            bool paired = IsPaired(baseline, candidate);
            var rows = paired ? candidate.Seeds.Select(c => baseline.Seeds.First(b => b.Seed == c.Seed)).ToList() : null;
            foreach (var (q, name, _) in Compared(baseline, candidate.Quantities.ToHashSet()))
            {
                double[] b = baseline.Column(q).ToArray();
                double[] c = candidate.Column(IndexOf(candidate.Quantities, name)).ToArray();
                double median = GateStatistics.Median(b), spread = GateStatistics.RobustSpread(b);
                double minShift = Math.Max(policy.EffectSpreads * spread, policy.Floor(name));

                if (c.Any(v => !double.IsFinite(v)))
                {
                    results.Add(new(baseline.Experiment, name, b.Length, median, spread, c.Length, double.NaN, paired, double.NaN, double.NaN, double.NaN, minShift, true,
                        "MOVED: non-finite candidate value"));
                    continue;
                }
                double cMedian = GateStatistics.Median(c);
                if (spread == 0)
                {
                    double constantShift = cMedian - median;
                    bool moved = Math.Abs(constantShift) >= minShift && Math.Abs(constantShift) > 0;
                    results.Add(new(baseline.Experiment, name, b.Length, median, spread, c.Length, cMedian, paired, constantShift, double.NaN, double.NaN, minShift, moved,
                        moved ? "MOVED: left a constant baseline" : "ok (constant)"));
                    continue;
                }
                if (paired)
                {
                    var differences = c.Select((v, i) => v - rows![i].Values[q]).ToList();
                    bool identical = differences.All(d => d == 0);
                    pending.Add((baseline.Experiment, name, b.Length, median, spread, c.Length, cMedian, true, differences.Average(), minShift,
                                 GateStatistics.PairedTPValue(differences), identical ? "ok (bit-identical)" : null));
                }
                else
                {
                    pending.Add((baseline.Experiment, name, b.Length, median, spread, c.Length, cMedian, false, cMedian - median, minShift,
                                 GateStatistics.MannWhitneyPValue(b, c), null));
                }
            }
        }

        var (rejected, adjusted) = GateStatistics.Holm(pending.Select(p => p.P).ToList(), policy.Alpha * alphaShare);
        for (int i = 0; i < pending.Count; i++)
        {
            var p = pending[i];
            bool large = Math.Abs(p.Shift) >= p.MinShift;
            bool flagged = rejected[i] && large;
            string verdict = flagged ? "MOVED"
                : p.Note is { } note ? note
                : rejected[i] ? "ok (significant, below the minimum shift)"
                : large ? "ok (large but not significant)"
                : "ok";
            results.Add(new(p.Experiment, p.Quantity, p.BaselineSeeds, p.Median, p.Spread, p.CandidateSeeds, p.CMedian, p.Paired, p.Shift, p.P, adjusted[i], p.MinShift,
                            flagged, verdict));
        }
        // Back in the experiments' own quantity order, for the report.
        var order = experiments.SelectMany(e => e.Baseline.Quantities.Select(q => (e.Baseline.Experiment, q))).Select((k, i) => (k, i)).ToDictionary(x => x.k, x => x.i);
        return results.OrderBy(r => order[(r.Experiment, r.Quantity)]).ToList();
    }

    /// <summary>
    /// How candidate seeds relate to a baseline's: all of them baseline seeds (compare seed by seed), none of them
    /// (compare the distributions), or some (neither: refused). The one definition the policy, the check and the
    /// decision share.
    /// </summary>
    public static Pairing PairingOf(IEnumerable<long> baselineSeeds, IReadOnlyCollection<long> candidateSeeds)
    {
        var recorded = baselineSeeds.ToHashSet();
        int shared = candidateSeeds.Count(recorded.Contains);
        return shared == 0 ? Pairing.Fresh : shared == candidateSeeds.Count ? Pairing.Paired : Pairing.Mixed;
    }

    /// <summary>True when every candidate seed is a seed of the baseline, false when none is.</summary>
    /// <exception cref="ArgumentException">Some candidate seeds are the baseline's and some are not.</exception>
    static bool IsPaired(SeedSamples baseline, SeedSamples candidate)
    {
        var candidateSeeds = candidate.Seeds.Select(s => s.Seed).ToList();
        var pairing = PairingOf(baseline.Seeds.Select(s => s.Seed), candidateSeeds);
        if (pairing == Pairing.Mixed)
        {
            var recorded = baseline.Seeds.Select(s => s.Seed).ToHashSet();
            throw new ArgumentException($"{candidate.Experiment}: {candidateSeeds.Count(recorded.Contains)} of the {candidateSeeds.Count} candidate seeds are baseline seeds; use only baseline seeds (a paired check) or only fresh ones.");
        }
        return pairing == Pairing.Paired;
    }

    static int IndexOf(IReadOnlyList<string> list, string name)
    {
        for (int i = 0; i < list.Count; i++) if (list[i] == name) return i;
        return -1;
    }
}
