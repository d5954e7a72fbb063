using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace BenchSuite.Data;

/// <summary>
/// Reads a dataset in the CIFAR-10 binary layout (see <see cref="Cifar10Format"/>): the real CIFAR-10 or our
/// <see cref="SyntheticCifar"/> fixture. Batches may hold any number of records, but all five train batches and the
/// test batch must be there, so a half-unpacked archive is reported instead of silently training on less data.
/// </summary>
public static class Cifar10Reader
{
    public const string HowToGetData =
        "download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it, " +
        "or pass --data DIR / set BENCHSUITE_CIFAR10";

    /// <summary>
    /// Reads the train and test images. <paramref name="directory"/> may be the folder containing
    /// <c>cifar-10-batches-bin/</c>, that folder itself, or a TorchVision download root (ROOT/CIFAR10/cifar-10-batches-bin).
    /// </summary>
    /// <exception cref="DataFormatException">The folder or a batch file is missing, or a file is not valid CIFAR-10 binary.</exception>
    public static Cifar10Dataset Read(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        string batches = FindBatchesDirectory(directory);

        var files = Cifar10Format.BatchFiles.Select(name => Path.Combine(batches, name)).ToArray();
        var missing = files.Where(f => !File.Exists(f)).ToArray();
        if (missing.Length > 0)
            throw new DataFormatException(
                $"Incomplete CIFAR-10 data in {batches}: missing {string.Join(", ", missing.Select(Path.GetFileName))}. " +
                $"It needs {string.Join(", ", Cifar10Format.BatchFiles)}; {HowToGetData}.");

        // Check every size before reading any bytes: a truncated download fails fast, whichever file it is.
        var recordCounts = files.Select(RecordCount).ToArray();
        int trainCount = checked(recordCounts[..Cifar10Format.TrainFiles.Count].Sum());
        int testCount = recordCounts[^1];

        var train = new Batch(trainCount);
        var test = new Batch(testCount);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (int i = 0; i < files.Length; i++)
        {
            byte[] bytes = File.ReadAllBytes(files[i]);
            AppendToFingerprint(hash, Cifar10Format.BatchFiles[i], bytes);
            (i < Cifar10Format.TrainFiles.Count ? train : test).Append(files[i], bytes, recordCounts[i]);
        }

        string fingerprint = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
        return new Cifar10Dataset(train.ToImageSet(), test.ToImageSet(), fingerprint, Path.GetFullPath(batches));
    }

    /// <summary>
    /// Feeds one file into the fingerprint: its name (UTF-8), a 0 byte, its length (8 bytes, little-endian), then its bytes.
    /// The name ties each byte to its role (train or test); the length makes the concatenation unambiguous.
    /// </summary>
    static void AppendToFingerprint(IncrementalHash hash, string name, byte[] bytes)
    {
        hash.AppendData(Encoding.UTF8.GetBytes(name));
        hash.AppendData([0]);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, bytes.LongLength);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }

    static string FindBatchesDirectory(string directory)
    {
        string[] candidates =
        [
            Path.Combine(directory, Cifar10Format.BatchesDirectoryName),
            directory,
            Path.Combine(directory, Cifar10Format.TorchVisionDirectoryName, Cifar10Format.BatchesDirectoryName),
        ];
        foreach (string candidate in candidates)
        {
            if (LooksLikeBatchesDirectory(candidate)) return candidate;
        }

        string why = Directory.Exists(directory) ? "" : $" ({Path.GetFullPath(directory)} does not exist)";
        throw new DataFormatException(
            $"No CIFAR-10 binary data found for '{directory}'{why}. Tried: {string.Join(", ", candidates.Select(Path.GetFullPath))}. " +
            $"Expected a {Cifar10Format.BatchesDirectoryName}/ folder holding {string.Join(", ", Cifar10Format.BatchFiles)}, given as DIR " +
            $"(containing {Cifar10Format.BatchesDirectoryName}/), as the folder itself, or as a TorchVision root " +
            $"(DIR/{Cifar10Format.TorchVisionDirectoryName}/{Cifar10Format.BatchesDirectoryName}). To get the data: {HowToGetData}.");
    }

    /// <summary>
    /// The official folder name is enough (a missing batch inside it is then reported by name); any other folder must
    /// hold at least one batch file, so that an unrelated existing folder is not mistaken for the data.
    /// </summary>
    static bool LooksLikeBatchesDirectory(string path) =>
        Directory.Exists(path) &&
        (Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))) == Cifar10Format.BatchesDirectoryName ||
         Cifar10Format.BatchFiles.Any(name => File.Exists(Path.Combine(path, name))));

    static int RecordCount(string file)
    {
        long size = new FileInfo(file).Length;
        if (size % Cifar10Format.RecordBytes != 0)
            throw new DataFormatException(
                $"{file} is not CIFAR-10 binary: its size {size} bytes is not a multiple of the {Cifar10Format.RecordBytes}-byte record " +
                $"(1 label + {ImageSet.PixelsPerImage} pixels); {size % Cifar10Format.RecordBytes} bytes are left over. " +
                $"The file may be truncated or from another format (e.g. the Python pickle version); {HowToGetData}.");
        if (size == 0)
            throw new DataFormatException($"{file} is empty; {HowToGetData}.");
        return checked((int)(size / Cifar10Format.RecordBytes));
    }

    /// <summary>Collects the records of one or more batch files into one image set.</summary>
    sealed class Batch(int count)
    {
        readonly byte[] pixels = new byte[checked(count * ImageSet.PixelsPerImage)];
        readonly byte[] labels = new byte[count];
        int filled;

        public void Append(string file, byte[] bytes, int expectedRecords)
        {
            // The size was checked before reading; a file that changed since then must not be half-used.
            if (bytes.Length != expectedRecords * Cifar10Format.RecordBytes)
                throw new DataFormatException(
                    $"{file} changed while it was being read ({expectedRecords * Cifar10Format.RecordBytes} bytes, then {bytes.Length}); read it again.");

            for (int record = 0; record < expectedRecords; record++)
            {
                int offset = record * Cifar10Format.RecordBytes;
                byte label = bytes[offset];
                if (label >= Cifar10Format.ClassCount)
                    throw new DataFormatException(
                        $"{file}: record {record} (byte offset {offset}) has label {label}; CIFAR-10 labels are 0..{Cifar10Format.ClassCount - 1}. " +
                        "The file is corrupt or not CIFAR-10 (CIFAR-100 binary records start with 2 label bytes).");
                labels[filled] = label;
                bytes.AsSpan(offset + 1, ImageSet.PixelsPerImage).CopyTo(pixels.AsSpan(filled * ImageSet.PixelsPerImage));
                filled++;
            }
        }

        public ImageSet ToImageSet() =>
            filled == labels.Length ? new ImageSet(pixels, labels) : throw new InvalidOperationException($"Only {filled} of {labels.Length} records were read.");
    }
}
