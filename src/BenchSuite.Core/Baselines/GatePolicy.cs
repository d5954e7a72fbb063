namespace BenchSuite.Baselines;

/// <summary>
/// How the regression gate decides (see <see cref="GateDecision"/>): a quantity is flagged when a two-sided
/// Mann–Whitney test rejects "same distribution" after a Holm–Bonferroni correction over every quantity of the
/// whole suite run at <see cref="Alpha"/>, AND its median moved by at least <see cref="MinimumShift"/>: the larger
/// of <see cref="EffectSpreads"/> baseline robust spreads and an absolute floor per metric. The floor and the
/// effect size make the gate ignore shifts too small to matter however many seeds are run.
/// </summary>
/// <param name="Alpha">Family-wise false-alarm rate of one whole suite run (all experiments × quantities).</param>
/// <param name="EffectSpreads">k: the smallest flagged shift in units of the baseline's robust spread (1.4826·MAD).</param>
/// <param name="Floors">Smallest flagged absolute shift per metric (the part of a quantity's name after '/').</param>
/// <param name="BaselineSeeds">Seeds a recording uses by default (the first one is the exact-replay reference).</param>
/// <param name="CandidateSeeds">The committed candidate seeds per tier: never among a baseline's seeds.</param>
public sealed record GatePolicy(double Alpha, double EffectSpreads, IReadOnlyDictionary<string, double> Floors,
                               IReadOnlyDictionary<string, IReadOnlyList<long>> BaselineSeeds,
                               IReadOnlyDictionary<string, IReadOnlyList<long>> CandidateSeeds)
{
    public static GatePolicy Default { get; } = new(
        Alpha: 0.01,
        EffectSpreads: 0.5,
        Floors: new Dictionary<string, double>
        {
            ["loss"] = 0.005, ["data_loss"] = 0.005, ["val_loss"] = 0.005,
            ["accuracy"] = 0.005, ["val_accuracy"] = 0.005,
            ["penalty"] = 1e-4,
        },
        BaselineSeeds: new Dictionary<string, IReadOnlyList<long>>
        {
            ["fixture"] = SeedList.Range(42, 30),
            ["cifar10-quick"] = SeedList.Range(42, 20),
            ["cifar10-full"] = SeedList.Range(42, 10),
        },
        CandidateSeeds: new Dictionary<string, IReadOnlyList<long>>
        {
            ["fixture"] = SeedList.Range(7001, 4), // the fewest that can reach significance against 30 seeds: 2/C(34,4) = 4.3e-5 < alpha/4/~42 quantities
            ["cifar10-quick"] = SeedList.Range(7001, 4),
            ["cifar10-full"] = SeedList.Range(7001, 3),
        });

    public double Floor(string quantity)
    {
        int slash = quantity.LastIndexOf('/');
        return Floors.GetValueOrDefault(slash >= 0 ? quantity[(slash + 1)..] : quantity, 0);
    }

    public IReadOnlyList<long> BaselineSeedsFor(Tier tier) => BaselineSeeds.GetValueOrDefault(tier.Name) ?? SeedList.Range(42, 10);
    public IReadOnlyList<long> CandidateSeedsFor(Tier tier) => CandidateSeeds.GetValueOrDefault(tier.Name) ?? SeedList.Range(7001, 4);

    public string Describe() =>
        $"two-sided Mann–Whitney per quantity (Perfolizer), Holm–Bonferroni over the whole suite run at alpha {Alpha}; " +
        $"flagged only when |median shift| >= max({EffectSpreads}·baseline robust spread, floor per metric)";
}
