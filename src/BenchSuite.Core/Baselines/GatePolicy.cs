using System.Globalization;

namespace BenchSuite.Baselines;

/// <summary>
/// How the regression gate decides (see <see cref="GateDecision"/>): a quantity is flagged when a two-sided test —
/// paired t on the per-seed differences when the candidates rerun baseline seeds, Mann–Whitney against the baseline's
/// seeds when they are fresh — rejects "no change" after a Holm–Bonferroni correction over every quantity of the
/// whole suite run at <see cref="Alpha"/>, AND it moved by at least the minimum shift: the larger
/// of <see cref="EffectSpreads"/> baseline robust spreads and an absolute floor per metric. The floor and the
/// effect size make the gate ignore shifts too small to matter however many seeds are run.
/// </summary>
/// <param name="Alpha">Family-wise false-alarm rate of one whole suite run (all experiments × quantities).</param>
/// <param name="EffectSpreads">k: the smallest flagged shift in units of the baseline's robust spread (1.4826·MAD).</param>
/// <param name="Floors">Smallest flagged absolute shift per metric (the part of a quantity's name after '/', before any '@').</param>
/// <param name="BaselineSeeds">Seeds a recording uses by default (the first one is the exact-replay reference).</param>
/// <param name="CandidateSeeds">The committed candidate seeds per tier: baseline seeds (a paired check, <see cref="IsPaired"/>) or fresh ones (unpaired).</param>
/// <param name="Quantities">Which quantities each tier compares (default: every epoch's metrics and kernel norms).</param>
public sealed record GatePolicy(double Alpha, double EffectSpreads, IReadOnlyDictionary<string, double> Floors,
                               IReadOnlyDictionary<string, IReadOnlyList<long>> BaselineSeeds,
                               IReadOnlyDictionary<string, IReadOnlyList<long>> CandidateSeeds,
                               IReadOnlyDictionary<string, QuantitySelection> Quantities)
{
    /// <summary>
    /// The committed policy. Every tier records 30 baseline seeds (42–71) and checks <em>paired</em>: the candidates
    /// rerun the first 6 of them (42–47; M = 6 by calibration: it caught 16 of the 17 mutations, M = 4 caught 11, at
    /// the same false-alarm rate) and each is compared with its own recording (Student's t on the differences,
    /// <see cref="GateDecision"/>). On the recording machine unchanged code reruns bit for bit (differences 0, and seed
    /// 42's run is the exact replay); where the bits move, a rerun stays correlated with its recording — kernel norms
    /// within 0.1–0.4 seed spreads — so a shift is measured against that scatter instead of the seed-to-seed spread
    /// (measured, README "How the gate decides"). Fresh candidate seeds (<c>check --seeds 7001-7005</c>) are still
    /// compared unpaired (Mann–Whitney), which can only flag when every candidate lies beyond every baseline seed
    /// (<see cref="CanReachSignificance"/>). The training-curve windows are off: on the fixture they moved by at most 0.9
    /// seed spreads under the mutations the gate missed, and they would add 8 quantities per epoch.
    /// </summary>
    public static GatePolicy Default { get; } = new(
        Alpha: 0.01,
        EffectSpreads: 0.5,
        Floors: new Dictionary<string, double>
        {
            ["loss"] = 0.005, ["data_loss"] = 0.005, ["val_loss"] = 0.005,
            ["accuracy"] = 0.005, ["val_accuracy"] = 0.005,
            ["penalty"] = 1e-4,
            ["input_mean"] = 1e-4, ["input_shift"] = 1e-4, // pixel values in [0, 1]
            ["input_axes"] = 1e-3,                          // a mean cosine in [-1, 1]
            ["order_repeat"] = 0.01,
            ["bn_epsilon"] = 1e-4,                          // Keras' 1e-3; torch's 1e-5 is 1e-3 away
        },
        BaselineSeeds: new Dictionary<string, IReadOnlyList<long>>
        {
            ["fixture"] = SeedList.Range(42, 30),
            ["cifar10-quick"] = SeedList.Range(42, 30),
            ["cifar10-full"] = SeedList.Range(42, 30),
        },
        CandidateSeeds: new Dictionary<string, IReadOnlyList<long>>
        {
            ["fixture"] = SeedList.Range(42, 6),
            ["cifar10-quick"] = SeedList.Range(42, 6),
            ["cifar10-full"] = SeedList.Range(42, 6),
        },
        Quantities: new Dictionary<string, QuantitySelection>
        {
            ["fixture"] = new(GatedEpochs.All, CurveWindows: 0),
            ["cifar10-quick"] = new(GatedEpochs.Last, CurveWindows: 0),
            ["cifar10-full"] = new(GatedEpochs.Last, CurveWindows: 0),
        });

    /// <summary>The floor of a quantity: by its metric, <c>e2/loss@0.5</c> → <c>loss</c>.</summary>
    public double Floor(string quantity)
    {
        int slash = quantity.LastIndexOf('/');
        string metric = slash >= 0 ? quantity[(slash + 1)..] : quantity;
        int at = metric.IndexOf('@');
        return Floors.GetValueOrDefault(at >= 0 ? metric[..at] : metric, 0);
    }

    public IReadOnlyList<long> BaselineSeedsFor(Tier tier) => BaselineSeeds.GetValueOrDefault(tier.Name) ?? SeedList.Range(42, 10);
    public IReadOnlyList<long> CandidateSeedsFor(Tier tier) => CandidateSeeds.GetValueOrDefault(tier.Name) ?? SeedList.Range(7001, 4);
    /// <summary>True when the tier's committed candidates rerun baseline seeds (compared seed by seed, <see cref="GateDecision"/>).</summary>
    public bool IsPaired(Tier tier) => GateDecision.PairingOf(BaselineSeedsFor(tier), CandidateSeedsFor(tier)) == Pairing.Paired;

    public QuantitySelection QuantitiesFor(Tier tier) => Quantities.GetValueOrDefault(tier.Name) ?? QuantitySelection.EpochEnds;

    /// <summary>
    /// The smallest two-sided p the gate's test can give with these sample sizes: Perfolizer's Mann–Whitney on two
    /// samples entirely apart (exact: 2/C(n+m, m) when no value ties).
    /// </summary>
    public static double SmallestPValue(int baselineSeeds, int candidateSeeds)
    {
        if (baselineSeeds < 1 || candidateSeeds < 1) return 1;
        var below = Enumerable.Range(0, baselineSeeds).Select(i => (double)i).ToArray();
        var above = Enumerable.Range(baselineSeeds, candidateSeeds).Select(i => (double)i).ToArray();
        return GateStatistics.MannWhitneyPValue(below, above);
    }

    /// <summary>
    /// Whether the gate can flag anything at all: a shift that puts every candidate beyond every baseline seed gives
    /// the smallest p, which Holm's first step compares with α·share / (number of tests).
    /// </summary>
    /// <param name="tests">The Holm family: every quantity tested in the same decision.</param>
    /// <param name="alphaShare">The decision's share of α (1/E when E experiments are checked one by one).</param>
    public bool CanReachSignificance(int baselineSeeds, int candidateSeeds, int tests, double alphaShare = 1) =>
        tests == 0 || SmallestPValue(baselineSeeds, candidateSeeds) <= Alpha * alphaShare / tests;

    /// <summary>The fewest candidate seeds that can reach significance against <paramref name="baselineSeeds"/> (at most 200), or null.</summary>
    public int? CandidateSeedsNeeded(int baselineSeeds, int tests, double alphaShare = 1) =>
        Enumerable.Range(1, 200).Cast<int?>().FirstOrDefault(m => CanReachSignificance(baselineSeeds, m!.Value, tests, alphaShare));

    /// <summary>The fewest baseline seeds against which <paramref name="candidateSeeds"/> can reach significance (at most 1,000), or null.</summary>
    public int? BaselineSeedsNeeded(int candidateSeeds, int tests, double alphaShare = 1) =>
        Enumerable.Range(1, 1000).Cast<int?>().FirstOrDefault(n => CanReachSignificance(n!.Value, candidateSeeds, tests, alphaShare));

    /// <summary>
    /// Null when a decision of <paramref name="tests"/> quantities with these seeds can flag a shift; otherwise a
    /// sentence saying why not, for the caller to add what to do about it.
    /// </summary>
    public string? Unreachable(string what, int baselineSeeds, int candidateSeeds, int tests, double alphaShare = 1) =>
        CanReachSignificance(baselineSeeds, candidateSeeds, tests, alphaShare) ? null
        : string.Create(CultureInfo.InvariantCulture,
            $"{what} cannot reach significance: with {baselineSeeds} baseline and {candidateSeeds} candidate seeds the smallest two-sided " +
            $"Mann–Whitney p is {SmallestPValue(baselineSeeds, candidateSeeds):G3}, above Holm's first threshold alpha·share/tests = " +
            $"{Alpha}·{alphaShare:0.###}/{tests} = {Alpha * alphaShare / tests:G3}, so no shift could ever be flagged.");

    public string Describe() =>
        $"per quantity a two-sided paired t-test on the per-seed differences when the candidates rerun baseline seeds, else Mann–Whitney (Perfolizer); " +
        $"Holm–Bonferroni over the whole suite run at alpha {Alpha}; flagged only when |shift| >= max({EffectSpreads}·baseline robust spread, floor per metric)";
}
