namespace BenchSuite.Models;

/// <summary>
/// Everything that decides a model's layers. Every member is required: the values come from an experiment
/// (<c>defaults.json</c> holds the seed post's where it states them and our choices for the deep model, whose
/// activations and dropout rates the post does not show).
/// </summary>
public sealed record ModelOptions
{
    /// <summary><c>shallow</c> (the post's model, 4,203,018 params) or <c>deep</c> (its "more layers" model, 1,345,066 params).</summary>
    public required string Architecture { get; init; }

    /// <summary>Keras <c>kernel_regularizer=L2(l2)</c> per layer name: adds <c>l2·Σ kernel²</c> to the loss. Empty: none.</summary>
    public required IReadOnlyDictionary<string, double> KernelL2 { get; init; }

    /// <summary>Keras <c>bias_regularizer=L2(l2)</c> per Conv2D/Dense layer name: adds <c>l2·Σ bias²</c>. Empty: none.</summary>
    public required IReadOnlyDictionary<string, double> BiasL2 { get; init; }

    /// <summary>Keras <c>gamma_regularizer=beta_regularizer=L2(l2)</c> per BatchNormalization layer name: adds <c>l2·(Σγ² + Σβ²)</c>. Empty: none.</summary>
    public required IReadOnlyDictionary<string, double> BatchNormL2 { get; init; }

    /// <summary>
    /// Keras <c>activity_regularizer=L2(l2)</c> per Conv2D/Dense layer name: adds <c>l2·Σ output² / batch size</c> of
    /// the layer's output (after its activation), in training and in validation, as Keras 2 does. Empty: none.
    /// </summary>
    public required IReadOnlyDictionary<string, double> ActivityL2 { get; init; }

    /// <summary>Activation of every hidden Conv2D and Dense layer (the output layer is softmax, trained on logits).</summary>
    public required string Activation { get; init; }

    /// <summary>Deep model only: Dropout rate after each MaxPooling2D (drop01..drop03).</summary>
    public required double PoolDropout { get; init; }

    /// <summary>Dropout rate before the classifier (<c>dropout</c> in the shallow model, <c>drop</c> in the deep one).</summary>
    public required double DenseDropout { get; init; }

    /// <summary>Keras BatchNormalization momentum (moving = m·moving + (1−m)·batch); Keras default 0.99.</summary>
    public required double BatchNormMomentum { get; init; }

    /// <summary>Keras BatchNormalization epsilon; Keras default 1e-3.</summary>
    public required double BatchNormEpsilon { get; init; }

    public static readonly IReadOnlyList<string> Architectures = ["shallow", "deep"];
}
