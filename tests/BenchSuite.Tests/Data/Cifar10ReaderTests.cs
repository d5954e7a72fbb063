using System.Text.RegularExpressions;
using BenchSuite.Data;
using Shouldly;

namespace BenchSuite.Tests.Data;

/// <summary>
/// The reader against small hand-written batch files (a few records each), so every expectation is computed here
/// independently of the reader's and the fixture generator's code.
/// </summary>
[Trait("Category", "unit")]
public sealed class Cifar10ReaderTests : IDisposable
{
    const int RecordBytes = 3073;
    const int Plane = 1024;

    readonly TempDirectory temp = new();
    readonly string batches;

    public Cifar10ReaderTests() => batches = Path.Combine(temp.Path, "cifar-10-batches-bin");

    public void Dispose() => temp.Dispose();

    static readonly string[] FileNames =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"];

    /// <summary>Records per file in <see cref="WriteDataset"/>: batches of different sizes, as the reader must accept any.</summary>
    static readonly int[] DefaultCounts = [2, 1, 3, 1, 2, 2];

    /// <summary>Pixel (c, y, x) of image <paramref name="image"/> (numbered across the train files, or within the test file).
    /// Planes differ (offset 85 per channel) and rows/columns differ, so a swapped channel, row or column shows.</summary>
    static byte PixelValue(int image, int c, int y, int x) => (byte)(image * 7 + c * 85 + y * 32 + x);

    static byte LabelOf(int image, bool test) => (byte)((image * 3 + (test ? 5 : 1)) % 10);

    /// <summary>A record laid out as the CIFAR-10 page describes it: label, then 1024 R, 1024 G, 1024 B bytes, row-major.</summary>
    static byte[] Record(byte label, Func<int, int, int, byte> pixel)
    {
        var record = new byte[RecordBytes];
        record[0] = label;
        for (int c = 0; c < 3; c++)
        for (int y = 0; y < 32; y++)
        for (int x = 0; x < 32; x++)
            record[1 + c * Plane + y * 32 + x] = pixel(c, y, x);
        return record;
    }

    void WriteDataset(string directory, int[]? counts = null)
    {
        counts ??= DefaultCounts;
        Directory.CreateDirectory(directory);
        int trainImage = 0;
        for (int f = 0; f < FileNames.Length; f++)
        {
            bool test = f == FileNames.Length - 1;
            var records = new List<byte>();
            for (int r = 0; r < counts[f]; r++)
            {
                int image = test ? r : trainImage++;
                records.AddRange(Record(LabelOf(image, test), (c, y, x) => PixelValue(image, c, y, x)));
            }
            File.WriteAllBytes(Path.Combine(directory, FileNames[f]), records.ToArray());
        }
    }

    static float[] ExpectedFloats(int images) =>
        [.. from n in Enumerable.Range(0, images)
            from c in Enumerable.Range(0, 3)
            from y in Enumerable.Range(0, 32)
            from x in Enumerable.Range(0, 32)
            select PixelValue(n, c, y, x) / 255f];

    [Fact]
    public void Reads_train_batches_in_order_and_the_test_batch_as_CHW_float_tensors()
    {
        WriteDataset(batches);

        var data = Cifar10Reader.Read(temp.Path);

        data.Train.Count.ShouldBe(9);
        data.Test.Count.ShouldBe(2);
        data.Train.Labels.ShouldBe(Enumerable.Range(0, 9).Select(n => LabelOf(n, test: false)));
        data.Test.Labels.ShouldBe(Enumerable.Range(0, 2).Select(n => LabelOf(n, test: true)));

        using var train = data.Train.ToTensor();
        train.dtype.ShouldBe(TorchSharp.torch.ScalarType.Float32);
        train.shape.ShouldBe([9L, 3, 32, 32]);
        train.data<float>().ToArray().ShouldBe(ExpectedFloats(9));
        using var test = data.Test.ToTensor();
        test.data<float>().ToArray().ShouldBe(ExpectedFloats(2));

        using var labels = data.Train.LabelsTensor();
        labels.dtype.ShouldBe(TorchSharp.torch.ScalarType.Int64);
        labels.shape.ShouldBe([9L]);
        labels.data<long>().ToArray().ShouldBe(data.Train.Labels.Select(l => (long)l));
    }

    [Fact]
    public void A_pixel_of_each_colour_plane_lands_at_its_channel_row_and_column()
    {
        Directory.CreateDirectory(batches);
        // Record 1 of data_batch_1: R(y=1, x=2) = 10, G(y=30, x=3) = 128, B(y=31, x=31) = 255, all else 0.
        var marked = Record(4, (c, y, x) => (c, y, x) switch { (0, 1, 2) => (byte)10, (1, 30, 3) => 128, (2, 31, 31) => 255, _ => 0 });
        File.WriteAllBytes(Path.Combine(batches, FileNames[0]), [.. Record(0, (_, _, _) => 0), .. marked]);
        foreach (string name in FileNames.Skip(1)) File.WriteAllBytes(Path.Combine(batches, name), Record(0, (_, _, _) => 0));

        var data = Cifar10Reader.Read(batches);

        using var scope = TorchSharp.torch.NewDisposeScope();
        var images = data.Train.ToTensor();
        images[1, 0, 1, 2].item<float>().ShouldBe(10 / 255f);
        images[1, 1, 30, 3].item<float>().ShouldBe(128 / 255f);
        images[1, 2, 31, 31].item<float>().ShouldBe(1f);
        images.sum().item<float>().ShouldBe(10 / 255f + 128 / 255f + 1f, tolerance: 1e-6f); // nothing else is set
        data.Train.Labels.ShouldBe(new byte[] { 0, 4, 0, 0, 0, 0 });
    }

    public static TheoryData<string, string> Layouts => new()
    {
        { "folder containing cifar-10-batches-bin", "cifar-10-batches-bin" },
        { "the cifar-10-batches-bin folder itself", "" },
        { "TorchVision root (ROOT/CIFAR10/cifar-10-batches-bin)", "CIFAR10/cifar-10-batches-bin" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Accepts_each_layout(string layout, string below)
    {
        string dataDir = Path.Combine(temp.Path, "data", below);
        WriteDataset(dataDir);
        string given = below == "" ? dataDir : Path.Combine(temp.Path, "data");
        var reference = Cifar10Reader.Read(WriteReference());

        var data = Cifar10Reader.Read(given);

        data.Directory.ShouldBe(Path.GetFullPath(dataDir), layout);
        data.Train.Count.ShouldBe(9, layout);
        data.Test.Count.ShouldBe(2, layout);
        data.Fingerprint.ShouldBe(reference.Fingerprint, layout); // same bytes, wherever they are
    }

    string WriteReference()
    {
        string reference = Path.Combine(temp.Path, "reference");
        WriteDataset(Path.Combine(reference, "cifar-10-batches-bin"));
        return reference;
    }

    [Fact]
    public void Fingerprint_is_stable_for_the_same_bytes_and_changes_with_any_byte()
    {
        WriteDataset(batches);
        string original = Cifar10Reader.Read(temp.Path).Fingerprint;
        original.ShouldMatch("^sha256:[0-9a-f]{64}$");
        Cifar10Reader.Read(temp.Path).Fingerprint.ShouldBe(original);

        foreach (string name in FileNames)
        {
            string path = Path.Combine(batches, name);
            byte[] bytes = File.ReadAllBytes(path);
            bytes[^1] ^= 1; // one bit of the last pixel
            File.WriteAllBytes(path, bytes);
            Cifar10Reader.Read(temp.Path).Fingerprint.ShouldNotBe(original, name);
            bytes[^1] ^= 1;
            File.WriteAllBytes(path, bytes);
            Cifar10Reader.Read(temp.Path).Fingerprint.ShouldBe(original, name);
        }
    }

    [Fact]
    public void Fingerprint_depends_on_which_file_holds_which_bytes()
    {
        WriteDataset(batches, [2, 2, 2, 2, 2, 2]);
        string original = Cifar10Reader.Read(temp.Path).Fingerprint;
        string first = Path.Combine(batches, FileNames[0]), second = Path.Combine(batches, FileNames[1]);
        byte[] a = File.ReadAllBytes(first), b = File.ReadAllBytes(second);
        File.WriteAllBytes(first, b);
        File.WriteAllBytes(second, a);

        var swapped = Cifar10Reader.Read(temp.Path);

        swapped.Fingerprint.ShouldNotBe(original);
    }

    [Fact]
    public void A_missing_folder_names_the_paths_tried_and_how_to_get_the_data()
    {
        string nowhere = Path.Combine(temp.Path, "nowhere");

        var e = Should.Throw<DataFormatException>(() => Cifar10Reader.Read(nowhere));

        e.Message.ShouldContain(Path.Combine(nowhere, "cifar-10-batches-bin"));
        e.Message.ShouldContain(Path.Combine(nowhere, "CIFAR10", "cifar-10-batches-bin"));
        e.Message.ShouldContain("does not exist");
        e.Message.ShouldContain("data_batch_1.bin");
        e.Message.ShouldContain("download cifar-10-binary.tar.gz from https://www.cs.toronto.edu/~kriz/cifar.html and unpack it");
        e.Message.ShouldContain("--data DIR");
        e.Message.ShouldContain("BENCHSUITE_CIFAR10");
    }

    [Fact]
    public void An_existing_folder_without_data_is_not_mistaken_for_the_data()
    {
        File.WriteAllText(Path.Combine(temp.Path, "unrelated.txt"), "");

        var e = Should.Throw<DataFormatException>(() => Cifar10Reader.Read(temp.Path));

        e.Message.ShouldContain("No CIFAR-10 binary data found");
        e.Message.ShouldContain(Path.Combine(temp.Path, "cifar-10-batches-bin"));
    }

    [Fact]
    public void A_missing_batch_file_is_named()
    {
        WriteDataset(batches);
        File.Delete(Path.Combine(batches, "data_batch_3.bin"));

        var e = Should.Throw<DataFormatException>(() => Cifar10Reader.Read(temp.Path));

        e.Message.ShouldContain("missing data_batch_3.bin");
        e.Message.ShouldContain(batches);
    }

    [Fact]
    public void A_size_that_is_not_whole_records_names_the_file_size_and_remainder()
    {
        WriteDataset(batches);
        string path = Path.Combine(batches, "data_batch_2.bin"); // 1 record
        File.WriteAllBytes(path, [.. File.ReadAllBytes(path), 1, 2, 3, 4, 5]);

        var e = Should.Throw<DataFormatException>(() => Cifar10Reader.Read(temp.Path));

        e.Message.ShouldContain(path);
        e.Message.ShouldContain($"size {RecordBytes + 5} bytes");
        e.Message.ShouldContain("5 bytes are left over");
    }

    [Fact]
    public void An_empty_batch_file_is_named()
    {
        WriteDataset(batches);
        string path = Path.Combine(batches, "data_batch_4.bin");
        File.WriteAllBytes(path, []);

        var e = Should.Throw<DataFormatException>(() => Cifar10Reader.Read(temp.Path));

        e.Message.ShouldContain(path);
        e.Message.ShouldContain("empty");
    }

    [Fact]
    public void A_label_above_9_names_the_file_record_and_value()
    {
        WriteDataset(batches);
        string path = Path.Combine(batches, "test_batch.bin"); // 2 records
        byte[] bytes = File.ReadAllBytes(path);
        bytes[RecordBytes] = 10; // label of record 1
        File.WriteAllBytes(path, bytes);

        var e = Should.Throw<DataFormatException>(() => Cifar10Reader.Read(temp.Path));

        e.Message.ShouldContain(path);
        e.Message.ShouldContain("record 1 ");
        e.Message.ShouldContain("label 10");
        Regex.IsMatch(e.Message, @"labels are 0\.\.9").ShouldBeTrue();
    }
}
