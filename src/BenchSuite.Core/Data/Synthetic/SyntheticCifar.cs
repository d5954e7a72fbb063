using System.Text;

namespace BenchSuite.Data.Synthetic;

/// <summary>
/// A small dataset in the CIFAR-10 binary layout that the suite generates itself, so tests and smoke runs never need the
/// real CIFAR-10 (which must not be committed). Ten procedural classes (see <see cref="ClassNames"/>) that a small CNN can
/// learn but mean colour cannot tell apart. The bytes depend only on the seed: our own PRNG and integer-only drawing
/// make them identical on every machine and .NET version, so the committed fixture can be checked by regenerating it.
/// </summary>
internal static class SyntheticCifar
{
    public const int ImagesPerBatch = 256;
    public const ulong DefaultSeed = 20240601;

    public static IReadOnlyList<string> ClassNames => SyntheticShapes.ClassNames;

    /// <summary>
    /// Writes DIR/cifar-10-batches-bin/ with five train batches and a test batch of <see cref="ImagesPerBatch"/> images each,
    /// and batches.meta.txt. Each file is written to a temporary name and renamed, so a reader never sees a half-written file.
    /// </summary>
    public static void Write(string directory, ulong seed = DefaultSeed)
    {
        string batches = Path.Combine(directory, Cifar10Format.BatchesDirectoryName);
        Directory.CreateDirectory(batches);

        // The train set is generated as one, so that the 1280 train labels are exactly balanced (128 per class),
        // like the real CIFAR-10 train set, whose individual batches are not balanced either.
        int trainBatches = Cifar10Format.TrainFiles.Count;
        var train = Generate(trainBatches * ImagesPerBatch, seed);
        for (int b = 0; b < trainBatches; b++)
            WriteAtomically(Path.Combine(batches, Cifar10Format.TrainFiles[b]), Cifar10Format.EncodeBatch(train, b * ImagesPerBatch, ImagesPerBatch));

        var test = Generate(ImagesPerBatch, TestSeed(seed));
        WriteAtomically(Path.Combine(batches, Cifar10Format.TestFile), Cifar10Format.EncodeBatch(test, 0, ImagesPerBatch));

        // "\n" whatever the platform: the file is part of the byte-for-byte reproducible fixture.
        WriteAtomically(Path.Combine(batches, Cifar10Format.MetaFile), Encoding.UTF8.GetBytes(string.Concat(ClassNames.Select(n => n + "\n"))));
    }

    /// <summary>
    /// <paramref name="count"/> images with labels as balanced as the count allows (each class count/10 or one more), in a
    /// shuffled order. Image i depends only on (seed, i, its label), not on how many images are generated.
    /// </summary>
    public static ImageSet Generate(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var labels = new byte[count];
        for (int i = 0; i < count; i++) labels[i] = (byte)(i % Cifar10Format.ClassCount);

        var shuffle = new SplitMix64(seed);
        for (int i = count - 1; i > 0; i--) // Fisher–Yates
        {
            int j = shuffle.NextInt(i + 1);
            (labels[i], labels[j]) = (labels[j], labels[i]);
        }

        var pixels = new byte[count * ImageSet.PixelsPerImage];
        for (int i = 0; i < count; i++)
        {
            // One independent stream per image: mixing the index keeps the streams' start points far apart.
            var rng = new SplitMix64(SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)i + 1)));
            SyntheticShapes.Paint(labels[i], ref rng, pixels.AsSpan(i * ImageSet.PixelsPerImage, ImageSet.PixelsPerImage));
        }
        return new ImageSet(pixels, labels);
    }

    /// <summary>The test set's seed, derived from the train seed so one number fixes the whole dataset.</summary>
    static ulong TestSeed(ulong seed) => SplitMix64.Mix(seed ^ 0x7465737400000000); // "test"

    static void WriteAtomically(string path, byte[] bytes)
    {
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary); // no-op once moved
        }
    }
}
