using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Training;
using Shouldly;
using static TorchSharp.torch;

namespace BenchSuite.Tests.Training;

/// <summary>
/// The trainer's code-level parts: Keras' epoch order reshuffles every epoch and the catalogue's "no reshuffle" keeps
/// epoch 1's order; validation in training mode uses batch statistics (and moves BatchNorm's moving ones) where
/// Keras' inference mode does not.
/// </summary>
[Trait("Category", "unit")]
public class TrainingPartsTests
{
    static long[][] Orders(TrainingParts parts, int epochs, long count = 64)
    {
        using var setup = new RunSetup(TrainerTests.Quick("shallow-none"), parts);
        return Enumerable.Range(1, epochs).Select(e => setup.NextEpochOrder(e, count).data<long>().ToArray()).ToArray();
    }

    [Fact]
    public void Keras_reshuffles_every_epoch()
    {
        var orders = Orders(TrainingParts.Keras, 3);

        orders.ShouldAllBe(o => o.Order().SequenceEqual(Enumerable.Range(0, 64).Select(i => (long)i))); // permutations
        orders[1].ShouldNotBe(orders[0]);
        orders[2].ShouldNotBe(orders[1]);
    }

    [Fact]
    public void No_reshuffle_keeps_the_first_epoch_s_order_which_is_Keras_first()
    {
        var once = Orders(new TrainingParts { EpochOrder = ShuffleOnce.Instance }, 3);
        var keras = Orders(TrainingParts.Keras, 1);

        once[0].ShouldBe(keras[0]);
        once[1].ShouldBe(once[0]);
        once[2].ShouldBe(once[0]);
        once[0].ShouldNotBe(Enumerable.Range(0, 64).Select(i => (long)i).ToArray()); // shuffled once, not in stored order
    }

    [Fact]
    public void Validation_in_training_mode_uses_batch_statistics_and_moves_the_moving_ones()
    {
        manual_seed(3);
        using var model = ModelFactory.Build(Shipped.Model() with { DenseDropout = 0 });
        var norm = (KerasBatchNorm)model.Layers.Single(l => l.Name == "batch_normalization").Module!;
        using var images = rand(64, 3, 32, 32).mul(0.5).add(0.4); // far from the moving statistics' start (mean 0, variance 1)
        using var labels = randint(0, 10, 64, dtype: int64);
        float[] Moving() => norm.MovingMean.data<float>().ToArray();
        var before = Moving();

        var inference = Trainer.Evaluate(model, images, labels, 32, InferenceValidation.Instance);
        model.training.ShouldBeFalse();
        Moving().ShouldBe(before);
        var byDefault = Trainer.Evaluate(model, images, labels, 32);
        byDefault.ShouldBe(inference);

        var training = Trainer.Evaluate(model, images, labels, 32, TrainingModeValidation.Instance);
        model.training.ShouldBeTrue();
        Moving().ShouldNotBe(before); // each validation batch folded into the moving statistics
        training.DataLoss.ShouldNotBe(inference.DataLoss);
    }

    [Fact]
    public void Keras_parts_have_no_differences_and_others_are_named()
    {
        TrainingParts.Keras.Differences().ShouldBeEmpty();
        new TrainingParts().ShouldBe(TrainingParts.Keras);
        new TrainingParts { Initializer = TorchDefaultInitializer.Instance, EpochOrder = ShuffleOnce.Instance }.Differences()
            .ShouldBe(["initializer torch-default", "epoch order shuffle-once"]);
    }

    [Fact]
    public void A_run_record_names_the_non_Keras_parts_it_trained_with()
    {
        var experiment = TrainerTests.Quick("shallow-none", epochs: 1, trainLimit: 32);
        var location = DataLocator.Resolve(null, null, environment: ""); // the embedded set
        var dataset = Cifar10Reader.Read(location.Directory);

        ExperimentRunner.Run(experiment, dataset, location).NonKerasParts.ShouldBeEmpty();
        ExperimentRunner.Run(experiment, dataset, location, parts: new TrainingParts { PixelScaler = PixelScaler.By256 })
            .NonKerasParts.ShouldBe(["pixels divide-by-256"]);
    }
}
