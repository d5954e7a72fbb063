using System.Globalization;
using BenchSuite.Configuration;

namespace BenchSuite.Baselines;

/// <summary>
/// One slip a Keras → TorchSharp port really makes, applied without editing the code under test: as experiment
/// keys (<see cref="Overrides"/>, the same keys as <c>run --set</c>). <see cref="Overrides"/> returns null when the
/// slip does not apply to an experiment (L2 ×2 where there is no L2).
/// </summary>
public sealed record Mutation(string Name, string Description, Func<Experiment, IReadOnlyDictionary<string, string?>?> Overrides);

/// <summary>
/// The mutation catalogue of issue 9. The configuration-level slips are here. The code-level ones — L2 as weight
/// decay, L2 on biases too, torch's default initialisation, /256 scaling, no reshuffle between epochs, validation in
/// training mode — need the trainer to be handed a different part, which it cannot take yet; <see cref="NotYetAvailable"/> lists them.
/// </summary>
public static class Mutations
{
    public static readonly IReadOnlyList<Mutation> Catalogue =
    [
        Key("bn-momentum-0.9", "BatchNorm momentum 0.9 (torch's 0.1 read in Keras' sense)", "model:batchNormMomentum", "0.9"),
        Key("bn-epsilon-1e-5", "BatchNorm epsilon 1e-5 (torch's default)", "model:batchNormEpsilon", "1e-5"),
        Key("torch-adam", "torch's Adam (epsilon after the bias correction)", "optimizer:kind", "torch-adam"),
        Key("beta2-0.99", "Adam beta2 0.99 (an old TorchSharp default)", "optimizer:beta2", "0.99"),
        Scale("lr-x1.5", "learning rate ×1.5", e => e.Optimizer.LearningRate * 1.5, "optimizer:learningRate"),
        Scale("lr-x0.67", "learning rate ×0.67", e => e.Optimizer.LearningRate * 0.67, "optimizer:learningRate"),
        L2("l2-x2", "every kernel L2 ×2", 2),
        L2("l2-x0.5", "every kernel L2 ×0.5", 0.5),
        new("no-flip", "no horizontal flip", e => e.Augmentation.HorizontalFlip ? Set("augmentation:horizontalFlip", "false") : null),
        new("no-rotation", "no rotation", e => e.Augmentation.RotationRangeDegrees != 0 ? Set("augmentation:rotationRange", "0") : null),
        new("dropout-0.3", "dropout before the classifier 0.5 → 0.3", e => e.Model.DenseDropout != 0.3 ? Set("model:denseDropout", "0.3") : null),
    ];

    /// <summary>Catalogue entries that need a code-level part the trainer cannot take yet.</summary>
    public static readonly IReadOnlyList<string> NotYetAvailable =
        ["l2-as-weight-decay", "l2-on-biases", "torch-default-init", "scale-1/256", "no-reshuffle", "validation-in-training-mode"];

    /// <exception cref="ConfigurationException">An unknown name, listing the known ones.</exception>
    public static IReadOnlyList<Mutation> Select(IReadOnlyCollection<string>? names)
    {
        if (names is null || names.Count == 0) return Catalogue;
        var unknown = names.Where(n => Catalogue.All(m => m.Name != n)).ToList();
        if (unknown.Count > 0)
            throw new ConfigurationException($"unknown mutation(s) {string.Join(", ", unknown)}. Known: {string.Join(", ", Catalogue.Select(m => m.Name))}" +
                                             $" (not yet available: {string.Join(", ", NotYetAvailable)}).");
        return Catalogue.Where(m => names.Contains(m.Name)).ToList();
    }

    static Mutation Key(string name, string description, string key, string value) => new(name, description, _ => Set(key, value));

    static Mutation Scale(string name, string description, Func<Experiment, double> value, string key) =>
        new(name, description, e => Set(key, value(e).ToString("R", CultureInfo.InvariantCulture)));

    static Mutation L2(string name, string description, double factor) => new(name, description, e =>
        e.Model.KernelL2.Count == 0 ? null
        : e.Model.KernelL2.ToDictionary(kv => $"model:kernelRegularizers:{kv.Key}", kv => (string?)(kv.Value * factor).ToString("R", CultureInfo.InvariantCulture)));

    static Dictionary<string, string?> Set(string key, string value) => new() { [key] = value };
}
