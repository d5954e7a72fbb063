using static TorchSharp.torch;

namespace BenchSuite.Data;

/// <summary>What a run trained and validated on; stored with every result.</summary>
public sealed record DataDescription(string Source, string Directory, string Fingerprint, int TrainImages, int ValidationImages);

/// <summary>
/// The split's images as float tensors [N,3,32,32] in [0,1] (x/255, as the seed, unless another
/// <see cref="PixelScaler"/> is handed in) and int64 labels, loaded once and kept on the training device, so each
/// step is an index_select rather than a conversion.
/// </summary>
internal sealed class PreparedData : IDisposable
{
    public required Tensor TrainImages { get; init; }
    public required Tensor TrainLabels { get; init; }
    public required Tensor ValidationImages { get; init; }
    public required Tensor ValidationLabels { get; init; }
    public required DataDescription Description { get; init; }

    /// <summary>
    /// scikit-learn's split of the 50,000 (or fixture) training images, as the seed does it; the official test
    /// batch is not used. <paramref name="trainLimit"/> / <paramref name="validationLimit"/> keep the first N of
    /// each side (0: all), for the quick tiers. <paramref name="scaler"/>: null is Keras' /255.
    /// </summary>
    public static PreparedData From(Cifar10Dataset dataset, DataLocation location, SplitSettings split, int trainLimit, int validationLimit, Device device,
                                    PixelScaler? scaler = null)
    {
        var indices = TrainTestSplit.Split(dataset.Train.Count, split.TestSize, split.RandomState);
        int[] train = trainLimit > 0 ? indices.Train.Take(trainLimit).ToArray() : indices.Train;
        int[] validation = validationLimit > 0 ? indices.Validation.Take(validationLimit).ToArray() : indices.Validation;
        return new PreparedData
        {
            TrainImages = OnDevice(dataset.Train.ToTensor(train, scaler), device),
            TrainLabels = OnDevice(dataset.Train.LabelsTensor(train), device),
            ValidationImages = OnDevice(dataset.Train.ToTensor(validation, scaler), device),
            ValidationLabels = OnDevice(dataset.Train.LabelsTensor(validation), device),
            Description = new DataDescription(location.Source, dataset.Directory, dataset.Fingerprint, train.Length, validation.Length),
        };
    }

    static Tensor OnDevice(Tensor tensor, Device device)
    {
        if (tensor.device == device) return tensor.DetachFromDisposeScope();
        using (tensor) return tensor.to(device).DetachFromDisposeScope();
    }

    public void Dispose()
    {
        TrainImages.Dispose();
        TrainLabels.Dispose();
        ValidationImages.Dispose();
        ValidationLabels.Dispose();
    }
}
