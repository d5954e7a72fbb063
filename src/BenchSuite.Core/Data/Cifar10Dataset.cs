namespace BenchSuite.Data;

/// <summary>
/// A CIFAR-10 style dataset as read from disk. <paramref name="Fingerprint"/> identifies the exact bytes read
/// ("sha256:" + lowercase hex, see <see cref="Cifar10Reader"/>), so runs record which data they used;
/// <paramref name="Directory"/> is the full path of the <c>cifar-10-batches-bin</c> folder that was read.
/// </summary>
public sealed record Cifar10Dataset(ImageSet Train, ImageSet Test, string Fingerprint, string Directory);
