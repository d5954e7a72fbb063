using BenchSuite.Results;

namespace BenchSuite.Baselines;

/// <summary>
/// What the gate compares. Per epoch: every replayed metric (<c>e{epoch}/{metric}</c>: loss, accuracy, val_loss,
/// val_accuracy, data_loss, penalty) and the ‖kernel‖₂ of every Conv2D/Dense layer (<c>e{epoch}/norm:{layer}</c>),
/// which has a small seed-to-seed spread and moves with anything that changes the optimisation (learning rate, β2,
/// L2, initialisation, dropout). This is the one place to add quantities (e.g. training loss at points within an
/// epoch, once run records carry them): a baseline stores its quantity names, and a candidate is compared on them.
/// </summary>
public static class GateQuantities
{
    public const string NormPrefix = "norm:";

    public static IReadOnlyList<string> Names(RunRecord run) => Of(run.Epochs).Select(q => q.Name).ToList();

    public static IReadOnlyList<double> Values(RunRecord run) => Of(run.Epochs).Select(q => q.Value).ToList();

    public static string Name(int epoch, string metric) => $"e{epoch}/{metric}";

    public static SeedValues Of(RunRecord run) => new(run.Seed, Values(run));

    static IEnumerable<(string Name, double Value)> Of(IEnumerable<EpochMetrics> epochs) =>
        epochs.SelectMany(e => EpochMetrics.ReplayedMetrics.Select(m => (Name(e.Epoch, m), e.Get(m)))
            .Concat(e.KernelNorms.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (Name(e.Epoch, NormPrefix + kv.Key), kv.Value))));

    public static SeedSamples Samples(string experiment, IReadOnlyList<RunRecord> runs)
    {
        if (runs.Count == 0) throw new ArgumentException("No runs.", nameof(runs));
        var names = Names(runs[0]);
        foreach (var run in runs)
            if (!Names(run).SequenceEqual(names))
                throw new ArgumentException($"{experiment}: seed {run.Seed} has quantities {string.Join(",", Names(run))}, seed {runs[0].Seed} {string.Join(",", names)}.");
        return new SeedSamples(experiment, names, runs.Select(Of).ToList());
    }
}
