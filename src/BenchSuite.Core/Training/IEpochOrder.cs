using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// The order in which an epoch visits the training images: Keras' <c>datagen.flow(…, shuffle=True)</c> draws a new
/// permutation every epoch (<see cref="ReshuffleEveryEpoch"/>, the default); <see cref="ShuffleOnce"/> is the slip
/// of a port that shuffles once and then iterates in that order. A part handed to <see cref="Trainer"/>.
/// </summary>
public interface IEpochOrder
{
    string Name { get; }

    /// <summary>The indices 0…count−1 in the order of epoch <paramref name="epoch"/> (1-based); a new tensor the caller disposes.</summary>
    /// <param name="shuffle">The run's shuffle stream (a CPU generator).</param>
    /// <param name="previous">The previous epoch's order; null in epoch 1.</param>
    Tensor Order(int epoch, long count, Generator shuffle, Tensor? previous);
}

/// <summary>Keras' <c>flow(shuffle=True)</c>: a fresh permutation from the shuffle stream at the start of every epoch.</summary>
public sealed class ReshuffleEveryEpoch : IEpochOrder
{
    public static readonly ReshuffleEveryEpoch Instance = new();

    ReshuffleEveryEpoch() { }

    public string Name => "reshuffle-every-epoch";

    public Tensor Order(int epoch, long count, Generator shuffle, Tensor? previous) => randperm(count, generator: shuffle);
}

/// <summary>One permutation, drawn in epoch 1 exactly as Keras' first one, then every epoch in that same order.</summary>
public sealed class ShuffleOnce : IEpochOrder
{
    public static readonly ShuffleOnce Instance = new();

    ShuffleOnce() { }

    public string Name => "shuffle-once";

    public Tensor Order(int epoch, long count, Generator shuffle, Tensor? previous) =>
        previous is null ? randperm(count, generator: shuffle) : previous.clone();
}
