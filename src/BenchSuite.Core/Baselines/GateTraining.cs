using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

/// <summary>
/// An experiment resolved for a tier, with its data read: what the gate trains, seed after seed, with Keras' parts
/// unless a code-level mutation hands in others (<see cref="Parts"/>).
/// </summary>
public sealed record GateSubject(Tier Tier, Experiment Experiment, Cifar10Dataset Dataset, DataLocation Location)
{
    public TrainingParts Parts { get; init; } = TrainingParts.Keras;

    /// <summary>The keys applied on top of the shipped experiment (the tier's, the device, the overrides) and the variables read.</summary>
    IReadOnlyDictionary<string, string?> AppliedKeys { get; init; } = new Dictionary<string, string?>();
    IReadOnlyDictionary<string, string> AppliedEnvironment { get; init; } = ExperimentLoader.NoEnvironment;

    /// <summary>
    /// The shipped experiment with the tier's keys, then <paramref name="overrides"/> (the same <c>section:key</c>
    /// keys as <c>run --set</c>), on the tier's data: the embedded set, or CIFAR-10 from <paramref name="cifar10Directory"/>.
    /// </summary>
    /// <param name="device">cpu | cuda, chosen with the tier; null: the experiment's own <c>training.device</c>.</param>
    /// <param name="environment"><c>BENCHSUITE__*</c> variables to apply; null: none, so that a developer's shell cannot
    /// change what <c>dotnet test</c> checks (the CLI opts in).</param>
    /// <param name="parts">The trainer's code-level parts; null: Keras'.</param>
    /// <exception cref="ConfigurationException">A bad key or value, or a CIFAR tier without data.</exception>
    public static GateSubject Load(Tier tier, string experimentName, string? cifar10Directory, IReadOnlyDictionary<string, string?>? overrides = null,
                                   string? device = null, IReadOnlyDictionary<string, string>? environment = null, TrainingParts? parts = null)
    {
        if (tier.NeedsCifar10 && string.IsNullOrWhiteSpace(cifar10Directory))
            throw new ConfigurationException($"tier '{tier.Name}' needs real CIFAR-10: pass --data DIR or set {DataLocator.EnvironmentVariable} (official binary layout, cifar-10-batches-bin/).");
        var keys = new Dictionary<string, string?>(tier.Overrides);
        if (device is not null) keys["training:device"] = device;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) keys[key] = value;
        environment ??= ExperimentLoader.NoEnvironment;
        var experiment = ExperimentLoader.Load(experimentName, keys, environment: environment);
        var location = tier.NeedsCifar10
            ? new DataLocation(DataLocation.Cifar10, cifar10Directory!, DataLocator.EnvironmentVariable)
            : new DataLocation(DataLocation.Embedded, DataLocator.EmbeddedDirectory, "tier " + tier.Name);
        return new GateSubject(tier, experiment, Cifar10Reader.Read(location.Directory), location)
        {
            Parts = parts ?? TrainingParts.Keras, AppliedKeys = keys, AppliedEnvironment = environment,
        };
    }

    /// <summary>
    /// The same subject with a catalogue mutation applied: its keys on top of the ones already applied, and its parts;
    /// the data is not read again. Null when the mutation does not apply to this experiment (L2 ×2 without L2).
    /// </summary>
    public GateSubject? Mutated(Mutation mutation)
    {
        if (mutation.Overrides(Experiment) is not { } extra) return null;
        var keys = new Dictionary<string, string?>(AppliedKeys);
        foreach (var (key, value) in extra) keys[key] = value;
        return this with { Experiment = ExperimentLoader.Load(Experiment.Name, keys, environment: AppliedEnvironment), AppliedKeys = keys, Parts = mutation.PartsOrKeras };
    }

    public string Backend => Experiment.Training.Device;

    /// <summary>Training images per epoch: the split's training side, cut to <c>training:trainLimit</c>.</summary>
    public int TrainImages
    {
        get
        {
            int all = TrainTestSplit.Split(Dataset.Train.Count, Experiment.Split.TestSize, Experiment.Split.RandomState).Train.Length;
            return Experiment.Training.TrainLimit > 0 ? Math.Min(all, Experiment.Training.TrainLimit) : all;
        }
    }

    /// <summary>The gate quantities its runs will have (<see cref="GateQuantities.Planned"/>), known before training.</summary>
    public IReadOnlyList<string> PlannedQuantities(QuantitySelection selection) => GateQuantities.Planned(Experiment, TrainImages, selection);

    public RunRecord Train(long seed, CancellationToken cancel = default) =>
        ExperimentRunner.Run(Experiment with { Training = Experiment.Training with { Seed = seed } }, Dataset, Location, cancel: cancel, parts: Parts);

    /// <summary>Trains every seed; a run that stops early (Ctrl-C) ends the list with an incomplete run.</summary>
    public IReadOnlyList<RunRecord> Train(IReadOnlyList<long> seeds, Action<string>? progress = null, CancellationToken cancel = default)
    {
        var runs = new List<RunRecord>();
        for (int i = 0; i < seeds.Count; i++)
        {
            var run = Train(seeds[i], cancel);
            progress?.Invoke($"{Experiment.Name}: seed {seeds[i]} ({i + 1}/{seeds.Count}) " +
                             string.Join("  ", run.Epochs.Select(e => $"e{e.Epoch} loss {e.Loss:0.0000} val_acc {e.ValAccuracy:0.0000}")));
            runs.Add(run);
            if (!run.Complete) break;
        }
        return runs;
    }
}
