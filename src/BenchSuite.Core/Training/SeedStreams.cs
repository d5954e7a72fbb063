using BenchSuite.Data;

namespace BenchSuite.Training;

/// <summary>
/// Independent seeds for each random stream of a run (weights and dropout, shuffling, augmentation), all derived
/// from the one experiment seed with SplitMix64, so that changing how many numbers one stream draws never shifts
/// another stream.
/// </summary>
internal static class SeedStreams
{
    public const int Weights = 0, Shuffle = 1, Augmentation = 2;

    /// <summary>Output number <c>stream + 1</c> of SplitMix64 started at <paramref name="seed"/>.</summary>
    public static long Derive(long seed, int stream)
    {
        var generator = new SplitMix64(unchecked((ulong)seed));
        ulong value = 0;
        for (int i = 0; i <= stream; i++) value = generator.NextUInt64();
        return (long)(value >> 1); // torch seeds are taken as non-negative 63-bit values here
    }
}
