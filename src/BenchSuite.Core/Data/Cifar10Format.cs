namespace BenchSuite.Data;

/// <summary>
/// The CIFAR-10 binary layout (https://www.cs.toronto.edu/~kriz/cifar.html, "binary version"), shared by the reader and
/// by <see cref="SyntheticCifar"/>, which writes the same layout.
/// A batch file is a plain sequence of records; a record is 1 label byte (0..9) followed by 3072 pixel bytes:
/// 1024 red, then 1024 green, then 1024 blue, each a 32×32 plane in row-major order.
/// </summary>
internal static class Cifar10Format
{
    /// <summary>The folder the official cifar-10-binary.tar.gz unpacks to.</summary>
    public const string BatchesDirectoryName = "cifar-10-batches-bin";

    /// <summary>The folder TorchVision's <c>CIFAR10(root, download=True)</c> puts the archive under (ROOT/CIFAR10/cifar-10-batches-bin).</summary>
    public const string TorchVisionDirectoryName = "CIFAR10";

    public const int ClassCount = 10;
    public const int RecordBytes = 1 + ImageSet.PixelsPerImage; // 3073

    public static readonly IReadOnlyList<string> TrainFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];

    public const string TestFile = "test_batch.bin";

    /// <summary>Class names, one per line, in label order (the official archive has one too, with the CIFAR-10 classes).</summary>
    public const string MetaFile = "batches.meta.txt";

    /// <summary>Every batch file, in the fixed order in which they are read and fingerprinted: the five train batches, then the test batch.</summary>
    public static readonly IReadOnlyList<string> BatchFiles = [.. TrainFiles, TestFile];

    /// <summary>Encodes images [start, start+count) of <paramref name="set"/> as the bytes of one batch file.</summary>
    public static byte[] EncodeBatch(ImageSet set, int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, set.Count);
        var file = new byte[count * RecordBytes];
        for (int i = 0; i < count; i++)
        {
            int n = start + i;
            file[i * RecordBytes] = set.Labels[n];
            set.Pixels.AsSpan(n * ImageSet.PixelsPerImage, ImageSet.PixelsPerImage).CopyTo(file.AsSpan(i * RecordBytes + 1));
        }
        return file;
    }
}
