namespace BenchSuite.Training;

/// <summary>
/// Independent seeds for each random stream of a run (weights and dropout, shuffling, augmentation), all derived
/// from the one experiment seed with SplitMix64, so that changing how many numbers one stream draws never shifts
/// another stream.
/// </summary>
public static class SeedStreams
{
    public const int Weights = 0, Shuffle = 1, Augmentation = 2;

    public static long Derive(long seed, int stream)
    {
        ulong z = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)(stream + 1));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) >> 1); // torch seeds are taken as non-negative 63-bit values here
    }
}
