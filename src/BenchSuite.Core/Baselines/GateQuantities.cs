using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

/// <summary>
/// What the gate compares, named <c>e{epoch}/{metric}</c>: every replayed metric of every epoch. This is the one
/// place to add quantities (e.g. training loss at points within an epoch, once run records carry them): a baseline
/// stores its quantity names, and a candidate is compared on the baseline's names.
/// </summary>
public static class GateQuantities
{
    public static IReadOnlyList<string> Names(RunRecord run) =>
        run.Epochs.SelectMany(e => EpochMetrics.ReplayedMetrics.Select(m => Name(e.Epoch, m))).ToList();

    public static IReadOnlyList<double> Values(RunRecord run) =>
        run.Epochs.SelectMany(e => EpochMetrics.ReplayedMetrics.Select(e.Get)).ToList();

    public static string Name(int epoch, string metric) => $"e{epoch}/{metric}";

    public static SeedValues Of(RunRecord run) => new(run.Seed, Values(run));

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
