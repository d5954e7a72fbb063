using BenchSuite.Data;
using BenchSuite.Models;

namespace BenchSuite.Training;

/// <summary>
/// The parts of a run that are code rather than configuration, Keras' by default. The gate's mutation catalogue
/// hands the trainer a torch-flavoured one (torch's default initialisation, /256 pixels, no reshuffle, validation in
/// training mode) to measure whether the gate notices; nothing else changes them.
/// </summary>
public sealed record TrainingParts
{
    /// <summary>Keras' parts: what every run uses unless told otherwise.</summary>
    public static TrainingParts Keras { get; } = new();

    public IWeightInitializer Initializer { get; init; } = KerasInitializer.Instance;
    public PixelScaler PixelScaler { get; init; } = PixelScaler.Keras;
    public IEpochOrder EpochOrder { get; init; } = ReshuffleEveryEpoch.Instance;
    public IValidationMode ValidationMode { get; init; } = InferenceValidation.Instance;

    /// <summary>The parts that differ from Keras' ("initializer torch-default", …); empty for Keras' own.</summary>
    public IReadOnlyList<string> Differences()
    {
        var keras = Keras;
        var differences = new List<string>();
        if (Initializer != keras.Initializer) differences.Add($"initializer {Initializer.Name}");
        if (PixelScaler != keras.PixelScaler) differences.Add($"pixels {PixelScaler.Name}");
        if (EpochOrder != keras.EpochOrder) differences.Add($"epoch order {EpochOrder.Name}");
        if (ValidationMode != keras.ValidationMode) differences.Add($"validation {ValidationMode.Name}");
        return differences;
    }
}
