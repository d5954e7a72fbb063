using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Training;

namespace BenchSuite.Baselines;

/// <summary>
/// One slip a Keras → TorchSharp port really makes, applied without editing the code under test: as experiment
/// keys (<see cref="Overrides"/>, the same keys as <c>run --set</c>) and, for a slip in code rather than in a
/// setting, as a different part handed to the trainer (<see cref="Parts"/>). <see cref="Overrides"/> returns null
/// when the slip does not apply to an experiment (L2 ×2 where there is no L2).
/// </summary>
public sealed record Mutation(string Name, string Description, Func<Experiment, IReadOnlyDictionary<string, string?>?> Overrides, TrainingParts? Parts = null)
{
    /// <summary>The parts a mutated run trains with: Keras' unless the mutation hands in others.</summary>
    public TrainingParts PartsOrKeras => Parts ?? TrainingParts.Keras;
}

/// <summary>
/// The mutation catalogue of issue 9. Configuration-level slips set experiment keys; code-level ones hand the
/// trainer a torch-flavoured part (<see cref="TrainingParts"/>): torch's default initialisation, /256 pixels, no
/// reshuffle between epochs, validation in training mode.
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
        new("l2-as-weight-decay", "the kernel L2 loss term replaced by decoupled weight decay wd = 2·l2 on every parameter (torch.optim.AdamW(model.parameters()))", WeightDecayInsteadOfL2),
        new("l2-on-biases", "the kernels' L2 on their biases too (torch's weight_decay does not skip biases)", L2OnBiasesToo),
        new("no-flip", "no horizontal flip", e => e.Augmentation.HorizontalFlip ? Set("augmentation:horizontalFlip", "false") : null),
        new("no-rotation", "no rotation", e => e.Augmentation.RotationRangeDegrees != 0 ? Set("augmentation:rotationRange", "0") : null),
        new("dropout-0.3", "dropout before the classifier 0.5 → 0.3", e => e.Model.DenseDropout != 0.3 ? Set("model:denseDropout", "0.3") : null),
        Part("torch-default-init", "torch's default initialisation: kaiming_uniform(a=√5) kernels, biases uniform in ±1/√fan_in",
             new TrainingParts { Initializer = TorchDefaultInitializer.Instance }),
        Part("scale-1/256", "pixels divided by 256 instead of Keras' 255", new TrainingParts { PixelScaler = PixelScaler.By256 }),
        Part("no-reshuffle", "the training images shuffled once, then every epoch in that order", new TrainingParts { EpochOrder = ShuffleOnce.Instance }),
        Part("validation-in-training-mode", "validation without model.eval(): dropout on, BatchNorm on batch statistics",
             new TrainingParts { ValidationMode = TrainingModeValidation.Instance }),
    ];

    /// <exception cref="ConfigurationException">An unknown name, listing the known ones.</exception>
    public static IReadOnlyList<Mutation> Select(IReadOnlyCollection<string>? names)
    {
        if (names is null || names.Count == 0) return Catalogue;
        var unknown = names.Where(n => Catalogue.All(m => m.Name != n)).ToList();
        if (unknown.Count > 0)
            throw new ConfigurationException($"unknown mutation(s) {string.Join(", ", unknown)}. Known: {string.Join(", ", Catalogue.Select(m => m.Name))}.");
        return Catalogue.Where(m => names.Contains(m.Name)).ToList();
    }

    static Mutation Key(string name, string description, string key, string value) => new(name, description, _ => Set(key, value));

    static Mutation Part(string name, string description, TrainingParts parts) => new(name, description, _ => new Dictionary<string, string?>(), parts);

    static Mutation Scale(string name, string description, Func<Experiment, double> value, string key) =>
        new(name, description, e => Set(key, Number(value(e))));

    static Mutation L2(string name, string description, double factor) => new(name, description, e =>
        e.Model.KernelL2.Count == 0 ? null
        : e.Model.KernelL2.ToDictionary(kv => $"model:kernelRegularizers:{kv.Key}", kv => (string?)Number(kv.Value * factor)));

    /// <summary>
    /// Every kernel L2 set to 0 and AdamW's decoupled decay at wd = 2·l2 (the strength whose shrinkage plain SGD would
    /// match; the largest l2 where layers differ) on every parameter, biases and BatchNorm included.
    /// </summary>
    static IReadOnlyDictionary<string, string?>? WeightDecayInsteadOfL2(Experiment e)
    {
        var regularized = e.Model.KernelL2.Where(kv => kv.Value > 0).ToList();
        if (regularized.Count == 0 || e.Optimizer.Kind != "keras-adam") return null;
        var keys = regularized.ToDictionary(kv => $"model:kernelRegularizers:{kv.Key}", _ => (string?)"0");
        keys["optimizer:kind"] = "adamw";
        keys["optimizer:weightDecay"] = Number(2 * regularized.Max(kv => kv.Value));
        keys["optimizer:weightDecayOn"] = "all";
        return keys;
    }

    /// <summary>Each regularized kernel's L2 also as its layer's bias regularizer (Keras leaves biases alone).</summary>
    static IReadOnlyDictionary<string, string?>? L2OnBiasesToo(Experiment e)
    {
        var regularized = e.Model.KernelL2.Where(kv => kv.Value > 0 && e.Model.BiasL2.GetValueOrDefault(kv.Key) != kv.Value).ToList();
        return regularized.Count == 0 ? null
            : regularized.ToDictionary(kv => $"model:biasRegularizers:{kv.Key}", kv => (string?)Number(kv.Value));
    }

    static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static Dictionary<string, string?> Set(string key, string value) => new() { [key] = value };
}
