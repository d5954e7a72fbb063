using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Results;
using BenchSuite.Runtime;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>An experiment from data directory to run record: read, split, train, describe.</summary>
public static class ExperimentRunner
{
    public static RunRecord Run(Experiment experiment, DataLocation location, ITrainingObserver? observer = null, CancellationToken cancel = default) =>
        Run(experiment, Cifar10Reader.Read(location.Directory), location, observer, cancel);

    /// <summary>For a data set already read (the snapshot tests read it first to find the baseline by its fingerprint).</summary>
    /// <param name="parts">null: Keras' (<see cref="TrainingParts.Keras"/>); the gate's code-level mutations hand in others.</param>
    public static RunRecord Run(Experiment experiment, Cifar10Dataset dataset, DataLocation location, ITrainingObserver? observer = null, CancellationToken cancel = default,
                                TrainingParts? parts = null)
    {
        parts ??= TrainingParts.Keras;
        var platform = Platform.Current;
        var settings = experiment.Training;
        if (settings.Device == "cuda" && !cuda.is_available())
            throw new ConfigurationException(
                $"training:device = 'cuda' but no CUDA device is available to this build (backend '{platform.Backend}'). " +
                "Build with -p:TorchBackend=cuda on a machine with an NVIDIA GPU, or use --device cpu.");

        var started = DateTimeOffset.UtcNow;
        using var data = ExperimentData.Load(experiment, dataset, location, parts.PixelScaler);
        var result = Trainer.Train(experiment, data, observer, cancel, parts);

        return new RunRecord
        {
            Experiment = experiment.Name,
            Complete = result.Complete,
            StoppedAt = result.StoppedAt,
            Configuration = experiment,
            NonKerasParts = parts.Differences(),
            Seed = settings.Seed,
            Device = settings.Device,
            Threads = settings.Threads,
            FlushDenormals = result.FlushDenormals,
            Platform = platform,
            Data = data.Description,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            Epochs = result.Epochs,
            Curve = result.Curve,
        };
    }
}
