using BenchSuite.Models;

namespace BenchSuite.Training;

/// <summary>
/// The mode the model is in while the validation metrics are computed: Keras' inference mode
/// (<see cref="InferenceValidation"/>: no dropout, BatchNorm on its moving statistics), or the slip of a port that
/// forgets <c>model.eval()</c> (<see cref="TrainingModeValidation"/>). A part handed to <see cref="Trainer"/>.
/// </summary>
public interface IValidationMode
{
    string Name { get; }

    /// <summary>Puts the model into the mode validation runs in.</summary>
    void Enter(KerasModel model);
}

/// <summary>Keras' <c>model.evaluate</c> / validation_data: inference mode.</summary>
public sealed class InferenceValidation : IValidationMode
{
    public static readonly InferenceValidation Instance = new();

    InferenceValidation() { }

    public string Name => "inference-mode";

    public void Enter(KerasModel model) => model.eval();
}

/// <summary>
/// Validation left in training mode, as in a torch loop without <c>model.eval()</c>: dropout is on, BatchNorm
/// normalises with each validation batch's statistics and folds them into its moving statistics.
/// </summary>
public sealed class TrainingModeValidation : IValidationMode
{
    public static readonly TrainingModeValidation Instance = new();

    TrainingModeValidation() { }

    public string Name => "training-mode";

    public void Enter(KerasModel model) => model.train();
}
