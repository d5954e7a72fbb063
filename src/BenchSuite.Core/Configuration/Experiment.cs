using BenchSuite.Data;
using BenchSuite.Models;

namespace BenchSuite.Configuration;

/// <summary>
/// One experiment, fully resolved: the shipped or user-written JSON, then environment variables, then command-line
/// options. Immutable; written into every run record as it was used. No member has a default of its own: every
/// value comes from <c>defaults.json</c> and what overrides it (<see cref="ExperimentLoader"/>).
/// </summary>
public sealed record Experiment
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    /// <summary>Key of the post's numbers to print beside ours (e.g. "shallow/none"); null when it has none.</summary>
    public required string? Documented { get; init; }
    public required ModelOptions Model { get; init; }
    public required OptimizerSettings Optimizer { get; init; }
    public required TrainingSettings Training { get; init; }
    public required AugmentationSettings Augmentation { get; init; }
    public required SplitSettings Split { get; init; }
    public required DataSettings Data { get; init; }
}

/// <param name="Kind"><c>keras-adam</c> (ε before bias correction, as Keras), <c>torch-adam</c>, or <c>adamw</c> (Keras' Adam with decoupled weight decay).</param>
public sealed record OptimizerSettings(string Kind, double LearningRate, double Beta1, double Beta2, double Epsilon)
{
    public static readonly IReadOnlyList<string> Kinds = ["keras-adam", "torch-adam", "adamw"];
    public static readonly IReadOnlyList<string> WeightDecayTargets = ["all", "kernels"];

    /// <summary><c>adamw</c> only: θ −= θ·wd·lr before each Adam update (Keras AdamW's weight_decay). 0: none.</summary>
    public required double WeightDecay { get; init; }

    /// <summary><c>adamw</c> only: decay every trainable variable (<c>all</c>, Keras' default) or only the Conv2D/Dense kernels.</summary>
    public required string WeightDecayOn { get; init; }
}

/// <param name="BatchSize">Images per training step (Keras batch_size).</param>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="Seed">The one seed: weights, dropout, shuffles and augmentation all derive from it.</param>
/// <param name="Threads">torch intra-op threads. Part of the result: 1 and 2 threads give different bits.</param>
/// <param name="TrainLimit">Use only the first N images of the training split (0: all). For quick tiers.</param>
/// <param name="ValidationLimit">Use only the first N validation images (0: all).</param>
/// <param name="EvalBatchSize">Images per inference batch for the validation metrics; does not change them beyond rounding.</param>
/// <param name="Device"><c>cpu</c> or <c>cuda</c> (needs a build with -p:TorchBackend=cuda and a GPU).</param>
public sealed record TrainingSettings(int BatchSize, int Epochs, long Seed, int Threads, int TrainLimit, int ValidationLimit, int EvalBatchSize, string Device)
{
    /// <summary>Steps between the points of the run record's training curve; 0: about 50 points per epoch.</summary>
    public required int CurveEvery { get; init; }

    public static readonly IReadOnlyList<string> Devices = ["cpu", "cuda"];
}

/// <param name="Directory">CIFAR-10 in the official binary layout; empty: BENCHSUITE_CIFAR10, else the embedded fixture.</param>
public sealed record DataSettings(string Directory);
