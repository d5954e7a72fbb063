namespace BenchSuite.Data;

/// <summary>
/// A CIFAR-10 style dataset as read from disk. <see cref="Fingerprint"/> identifies the exact bytes read
/// ("sha256:" + lowercase hex, see <see cref="Cifar10Reader"/>), so runs record which data they used;
/// <see cref="Directory"/> is the full path of the <c>cifar-10-batches-bin</c> folder that was read. The images
/// themselves stay inside Core (the trainer splits and converts them).
/// </summary>
public sealed class Cifar10Dataset
{
    internal Cifar10Dataset(ImageSet train, ImageSet test, string fingerprint, string directory) =>
        (Train, Test, Fingerprint, Directory) = (train, test, fingerprint, directory);

    internal ImageSet Train { get; }
    internal ImageSet Test { get; }
    public string Fingerprint { get; }
    public string Directory { get; }
}
