using System.Diagnostics;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Results;
using BenchSuite.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>How a run ended and what it measured.</summary>
internal sealed record TrainingResult(IReadOnlyList<EpochMetrics> Epochs, bool Complete, string? StoppedAt, bool FlushDenormals, TrainingCurve? Curve = null);

/// <summary>
/// Keras' <c>model.fit(datagen.flow(x, y, batch_size), steps_per_epoch=n/batch, epochs, validation_data)</c>, in
/// TorchSharp: per epoch a fresh shuffle, augmented batches, one <see cref="TrainingStep"/> each, running means of
/// the training metrics, then the validation metrics in inference mode. The trainer takes its code-level parts
/// (<see cref="TrainingParts"/>: initialiser, epoch order, validation mode) as arguments, Keras' by default.
/// </summary>
internal static class Trainer
{
    /// <summary>How often the observer hears of progress; each report reads a few scalars off the device.</summary>
    public const int ProgressEverySteps = 10;

    /// <param name="parts">null: Keras' (<see cref="TrainingParts.Keras"/>). The pixel scaler is the data's: see <see cref="PreparedData.From"/>.</param>
    public static TrainingResult Train(Experiment experiment, PreparedData data, ITrainingObserver? observer = null, CancellationToken cancel = default,
                                       TrainingParts? parts = null)
    {
        var settings = experiment.Training;
        using var setup = new RunSetup(experiment, parts);
        var augmentation = new KerasAugmentation(experiment.Augmentation);

        long trainCount = data.TrainImages.shape[0];
        int batchSize = settings.BatchSize;
        int steps = (int)((trainCount + batchSize - 1) / batchSize); // like datagen.flow: the last batch may be short
        var epochs = new List<EpochMetrics>();
        using var curve = new CurveRecorder(setup.Model, steps, settings.CurveEvery);
        using var input = new InputProbe(setup.Device);

        for (int epoch = 1; epoch <= settings.Epochs; epoch++)
        {
            observer?.EpochStarted(epoch, settings.Epochs, steps);
            var clock = Stopwatch.StartNew();
            long faultsAtStart = ProcessCounters.MinorFaults();
            setup.Model.train();
            using var sums = new RunningSums(setup.Device);
            var order = setup.NextEpochOrder(epoch, trainCount); // owned by the setup
            curve.EpochStarted();
            input.EpochStarted(order);

            for (int s = 0; s < steps; s++)
            {
                if (cancel.IsCancellationRequested)
                    return new TrainingResult(epochs, Complete: false, StoppedAt: $"epoch {epoch}, before step {s + 1} of {steps}", setup.FlushDenormals, curve.ToCurve());

                using var scope = NewDisposeScope();
                using var batch = order.narrow(0, (long)s * batchSize, Math.Min(batchSize, trainCount - (long)s * batchSize));
                var source = data.TrainImages.index_select(0, batch);
                var images = augmentation.Apply(source, setup.AugmentationGenerator);
                var labels = data.TrainLabels.index_select(0, batch);
                input.Add(source, images);

                var losses = setup.Step.Run(images, labels);

                sums.Add(losses, labels);
                if (curve.IsPoint(s + 1)) // a device read, every few steps only
                    curve.Record(epoch, s + 1, sums.ReadAll(), sums.Samples);
                if (observer is not null && ((s + 1) % ProgressEverySteps == 0 || s + 1 == steps))
                    observer.StepsDone(s + 1, steps, sums.Mean(RunningSums.Loss), sums.Mean(RunningSums.Correct), clock.Elapsed);
            }
            setup.Synchronize(); // on cuda the steps are queued: the clock must see them done
            double trainSeconds = clock.Elapsed.TotalSeconds;
            double faultsPerStep = (ProcessCounters.MinorFaults() - faultsAtStart) / (double)steps;

            var (valDataLoss, valAccuracy) = Evaluate(setup.Model, data.ValidationImages, data.ValidationLabels, settings.EvalBatchSize, setup.Parts.ValidationMode);
            double penaltyNow = PenaltyValue(setup.Model);
            var metrics = new EpochMetrics
            {
                Epoch = epoch,
                Steps = steps,
                Loss = sums.Mean(RunningSums.Loss),
                Accuracy = sums.Mean(RunningSums.Correct),
                DataLoss = sums.Mean(RunningSums.DataLoss),
                Penalty = sums.Mean(RunningSums.Penalty),
                ValLoss = valDataLoss + penaltyNow, // Keras adds the regularization losses to val_loss too
                ValAccuracy = valAccuracy,
                KernelNorms = ModelStatistics.KernelNorms(setup.Model),
                BiasNorms = ModelStatistics.BiasNorms(setup.Model),
                MovingVariances = ModelStatistics.MovingVariances(setup.Model),
                MeasuredBatchNormEpsilon = ModelStatistics.BatchNormEpsilon(setup.Model),
                Input = input.Read(),
                Seconds = clock.Elapsed.TotalSeconds,
                ImagesPerSecond = trainCount / trainSeconds,
                ValidationSeconds = clock.Elapsed.TotalSeconds - trainSeconds,
                MinorFaultsPerStep = faultsPerStep,
                PeakResidentMib = ProcessCounters.PeakResidentBytes() / (1024.0 * 1024.0),
            };
            epochs.Add(metrics);
            NativeAllocator.ReleaseFreeMemory(); // what the epoch freed goes back to the kernel: memory does not ratchet up
            observer?.EpochEnded(metrics);
        }
        return new TrainingResult(epochs, Complete: true, StoppedAt: null, setup.FlushDenormals, curve.ToCurve());
    }

    /// <summary>Mean cross-entropy and accuracy over a set, in inference mode (BN moving statistics, no dropout) unless <paramref name="mode"/> says otherwise.</summary>
    public static (double DataLoss, double Accuracy) Evaluate(KerasModel model, Tensor images, Tensor labels, int batchSize, IValidationMode? mode = null)
    {
        (mode ?? InferenceValidation.Instance).Enter(model);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        long count = images.shape[0];
        var lossSum = zeros(1, dtype: float64, device: images.device);
        var correct = zeros(1, dtype: float64, device: images.device);
        for (long start = 0; start < count; start += batchSize)
        {
            long length = Math.Min(batchSize, count - start);
            var logits = model.call(images.narrow(0, start, length));
            var y = labels.narrow(0, start, length);
            lossSum.add_(nn.functional.cross_entropy(logits, y, reduction: nn.Reduction.Sum).to(float64));
            correct.add_(logits.argmax(1).eq(y).sum().to(float64));
            if (model.ActivityPenalty is { } activity) // Keras' val_loss carries the activity term of each batch too
                lossSum.add_(activity.to(float64).mul(length));
        }
        return (lossSum.item<double>() / count, correct.item<double>() / count);
    }

    static double PenaltyValue(KerasModel model)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return L2Penalty.Weights(model).to(float64).item<double>();
    }
}
