using BenchSuite.Configuration;
using BenchSuite.Data;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// The images an experiment trains and validates on: its split, its limits, on its device. One place for what a run,
/// <see cref="HarnessOverhead"/> and <see cref="HarnessParts"/> load, so they measure the same data.
/// </summary>
internal static class ExperimentData
{
    /// <param name="scaler">null: Keras' /255 (see <see cref="PreparedData.From"/>).</param>
    public static PreparedData Load(Experiment experiment, Cifar10Dataset dataset, DataLocation location, PixelScaler? scaler = null)
    {
        var settings = experiment.Training;
        return PreparedData.From(dataset, location, experiment.Split, settings.TrainLimit, settings.ValidationLimit, new Device(settings.Device), scaler);
    }
}
