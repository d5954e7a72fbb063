using BenchSuite.Data.Synthetic;
using BenchSuite.Data;
using Shouldly;
using Xunit.Abstractions;

namespace BenchSuite.Tests.Data;

/// <summary>
/// The committed fixture (fixtures/cifar10-synthetic) is exactly what <see cref="SyntheticCifar.Write"/> produces,
/// reads as CIFAR-10, is balanced, and its classes cannot be told apart by colour.
/// To regenerate it after an intended change of the generator, run these tests with BENCHSUITE_WRITE_FIXTURES=1.
/// </summary>
[Trait("Category", "unit")]
public sealed class SyntheticCifarTests(ITestOutputHelper output) : IDisposable
{
    static readonly string FixtureRoot = RepoPaths.Fixture("cifar10-synthetic");
    static readonly string FixtureBatches = Path.Combine(FixtureRoot, "cifar-10-batches-bin");

    static readonly string[] GeneratedFiles =
        ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin", "batches.meta.txt"];

    readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Regenerating_gives_the_committed_fixture_byte_for_byte()
    {
        if (Environment.GetEnvironmentVariable("BENCHSUITE_WRITE_FIXTURES") == "1")
        {
            SyntheticCifar.Write(FixtureRoot);
            output.WriteLine($"BENCHSUITE_WRITE_FIXTURES=1: rewrote {FixtureBatches}");
        }

        SyntheticCifar.Write(temp.Path);

        foreach (string name in GeneratedFiles)
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(FixtureBatches, name));
            byte[] actual = File.ReadAllBytes(Path.Combine(temp.Path, "cifar-10-batches-bin", name));
            actual.Length.ShouldBe(expected.Length, name);
            int firstDifference = Enumerable.Range(0, actual.Length).FirstOrDefault(i => actual[i] != expected[i], -1);
            firstDifference.ShouldBe(-1,
                $"{name} differs from the committed fixture at byte {firstDifference}. If the generator was changed on purpose, " +
                "regenerate with BENCHSUITE_WRITE_FIXTURES=1 dotnet test and commit the new files.");
        }
        // Nothing else in the fixture (in particular nothing derived from real CIFAR-10), and no leftover temp files.
        Directory.GetFiles(temp.Path, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order().ShouldBe(GeneratedFiles.Order());
        Directory.GetFiles(FixtureBatches).Select(Path.GetFileName).Order().ShouldBe(GeneratedFiles.Append("README.md").Order());
    }

    [Fact]
    public void The_committed_fixture_reads_as_CIFAR10_with_balanced_labels()
    {
        var data = Cifar10Reader.Read(FixtureRoot);

        data.Train.Count.ShouldBe(5 * SyntheticCifar.ImagesPerBatch);
        data.Test.Count.ShouldBe(SyntheticCifar.ImagesPerBatch);
        ClassCounts(data.Train).ShouldAllBe(n => n == 128);
        ClassCounts(data.Test).ShouldAllBe(n => n == 25 || n == 26); // 256 = 6×26 + 4×25
        File.ReadAllLines(Path.Combine(FixtureBatches, "batches.meta.txt")).ShouldBe(SyntheticCifar.ClassNames);
        File.ReadAllText(Path.Combine(FixtureBatches, "README.md")).ShouldContain(data.Fingerprint, customMessage: "the README quotes the fingerprint");
        // Shuffled: not in label order (a run of 10 consecutive 0..9 would mean the shuffle was skipped).
        data.Train.Labels.Take(10).ShouldNotBe(Enumerable.Range(0, 10).Select(i => (byte)i));
    }

    /// <summary>
    /// Colours are drawn independently of the class, so each class's mean colour should differ from the overall mean colour
    /// only by sampling noise. The bound: for every class and channel, the difference is at most 4 standard errors
    /// (sd of the per-image mean colour / √images in the class). With 10 classes × 3 channels of pure noise, exceeding
    /// 4 standard errors somewhere has a probability of about 0.2%; any real dependence of colour on class in
    /// 128 images per class shows up as tens of standard errors. The absolute differences are printed for the record.
    /// </summary>
    [Fact]
    public void Mean_colour_does_not_give_the_class_away()
    {
        var train = Cifar10Reader.Read(FixtureRoot).Train;
        var imageMeans = PerImageMeanColour(train); // [image][channel], 0..255

        var report = new List<string>();
        double worstZ = 0, worstAbs = 0;
        for (int c = 0; c < 3; c++)
        {
            double overall = imageMeans.Average(m => m[c]);
            double sd = Math.Sqrt(imageMeans.Sum(m => (m[c] - overall) * (m[c] - overall)) / (imageMeans.Length - 1));
            for (int k = 0; k < 10; k++)
            {
                var inClass = Enumerable.Range(0, train.Count).Where(n => train.Labels[n] == k).Select(n => imageMeans[n][c]).ToArray();
                double difference = inClass.Average() - overall;
                double z = difference / (sd / Math.Sqrt(inClass.Length));
                worstZ = Math.Max(worstZ, Math.Abs(z));
                worstAbs = Math.Max(worstAbs, Math.Abs(difference));
                report.Add($"class {k} channel {"RGB"[c]}: {difference,6:F2} ({z,5:F2} standard errors; per-image sd {sd:F1})");
            }
        }
        report.ForEach(output.WriteLine);
        output.WriteLine($"largest difference {worstAbs:F2}/255, {worstZ:F2} standard errors");

        worstZ.ShouldBeLessThan(4);
    }

    /// <summary>
    /// The same from a classifier's side: assigning each test image to the class whose train images have the nearest
    /// mean colour must stay close to guessing. Chance is 10% ± 1.9% (one sd over 256 images); the bound, 20%, is 5 sd
    /// above it. Not exactly chance, by design of the classes rather than of the colours: textures cover about half the
    /// image, so their per-image mean colour sits nearer the middle (sd ≈ 48 against ≈ 62 for shapes). The fixture
    /// scores 15.2% here; a Gaussian per-class-variance classifier on mean colour scored 12.9%, 15-nearest-neighbours 10.9%.
    /// </summary>
    [Fact]
    public void Nearest_mean_colour_classifies_no_better_than_chance()
    {
        var data = Cifar10Reader.Read(FixtureRoot);
        var trainMeans = PerImageMeanColour(data.Train);
        var centroids = Enumerable.Range(0, 10).Select(k =>
        {
            var members = Enumerable.Range(0, data.Train.Count).Where(n => data.Train.Labels[n] == k).Select(n => trainMeans[n]).ToArray();
            return Enumerable.Range(0, 3).Select(c => members.Average(m => m[c])).ToArray();
        }).ToArray();

        var testMeans = PerImageMeanColour(data.Test);
        int correct = Enumerable.Range(0, data.Test.Count).Count(n =>
            Enumerable.Range(0, 10).MinBy(k => Enumerable.Range(0, 3).Sum(c => Math.Pow(testMeans[n][c] - centroids[k][c], 2))) == data.Test.Labels[n]);
        double accuracy = (double)correct / data.Test.Count;
        output.WriteLine($"nearest-mean-colour accuracy on the test batch: {accuracy:F3}");

        accuracy.ShouldBeLessThan(0.2);
    }

    static int[] ClassCounts(ImageSet set) => [.. Enumerable.Range(0, 10).Select(k => set.Labels.Count(l => l == k))];

    static double[][] PerImageMeanColour(ImageSet set) =>
        [.. Enumerable.Range(0, set.Count).Select(n => Enumerable.Range(0, 3)
            .Select(c => set.Pixels.AsSpan(n * ImageSet.PixelsPerImage + c * 1024, 1024).ToArray().Average(b => (double)b)).ToArray())];
}
