using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

[Trait("Category", "unit")]
public sealed class ThroughputResultsReaderTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void Reads_a_bdn_export_with_names_means_samples_and_job()
    {
        double[] samples = [40e6, 41e6, 39e6];
        string path = SyntheticResults.WriteBdnExport(temp.Path, "x-report-full.json", (SyntheticResults.StepShallow, samples));

        var results = ThroughputResultsReader.Read(path);

        var timing = results.Benchmarks[SyntheticResults.StepShallow];
        timing.MeanNs.ShouldBe(40e6);
        timing.SamplesNs.ShouldBe(samples);
        timing.AllocatedBytesPerOperation.ShouldBe(13048);
        timing.Job.ShouldBe("DefaultJob");
        results.Provenance.Cpu.ShouldBe("Test CPU");
        results.Provenance.LogicalCores.ShouldBe(2);
    }

    [Fact]
    public void A_folder_merges_the_exports_of_every_class_and_its_platform_sidecar()
    {
        SyntheticResults.WriteBdnExport(temp.Path, "a-report-full.json", (SyntheticResults.StepShallow, [1.0, 2.0]));
        SyntheticResults.WriteBdnExport(temp.Path, "b-report-full.json", (SyntheticResults.StepDeep, [3.0, 4.0]));
        PlatformSidecar.Write(temp.Path, new ThroughputProvenance { TorchSharpVersion = "0.107.0", LibTorchVersion = "2.10.0", Threads = 2 });

        var results = ThroughputResultsReader.Read(temp.Path);

        results.Benchmarks.Keys.Order().ShouldBe([SyntheticResults.StepDeep, SyntheticResults.StepShallow]);
        results.Provenance.TorchSharpVersion.ShouldBe("0.107.0");
        results.Provenance.Threads.ShouldBe(2);
    }

    [Fact]
    public void A_baseline_round_trips_through_its_file()
    {
        string export = SyntheticResults.WriteBdnExport(temp.Path, "a-report-full.json", (SyntheticResults.StepShallow, [1.0, 2.0, 3.0]));
        var results = ThroughputResultsReader.Read(export);
        var baseline = ThroughputBaseline.From(results, results.Provenance with { TorchSharpVersion = "0.107.0", Job = "DefaultJob" });
        string path = Path.Combine(temp.Path, "throughput", "cpu-test-2c.json");

        baseline.TryWrite(path, force: false).ShouldBeTrue();
        var read = ThroughputResultsReader.Read(path);

        read.Benchmarks[SyntheticResults.StepShallow].SamplesNs.ShouldBe([1.0, 2.0, 3.0]);
        read.Benchmarks[SyntheticResults.StepShallow].MeanNs.ShouldBe(2.0);
        read.Provenance.TorchSharpVersion.ShouldBe("0.107.0");
        read.Provenance.Job.ShouldBe("DefaultJob");
    }

    [Fact]
    public void An_existing_baseline_is_only_replaced_with_force()
    {
        string export = SyntheticResults.WriteBdnExport(temp.Path, "a-report-full.json", (SyntheticResults.StepShallow, [1.0]));
        var results = ThroughputResultsReader.Read(export);
        string path = Path.Combine(temp.Path, "baseline.json");
        ThroughputBaseline.From(results, new ThroughputProvenance { Job = "first" }).TryWrite(path, force: false).ShouldBeTrue();

        ThroughputBaseline.From(results, new ThroughputProvenance { Job = "second" }).TryWrite(path, force: false).ShouldBeFalse();
        ThroughputResultsReader.Read(path).Provenance.Job.ShouldBe("first");

        ThroughputBaseline.From(results, new ThroughputProvenance { Job = "third" }).TryWrite(path, force: true).ShouldBeTrue();
        ThroughputResultsReader.Read(path).Provenance.Job.ShouldBe("third");
        Directory.GetFiles(temp.Path, "*.tmp").ShouldBeEmpty();
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("{\"something\": 1}", "neither a BenchmarkDotNet full JSON export")]
    [InlineData("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"DisplayInfo\": \"x\"}]}", "Benchmarks[0] has no FullName")]
    [InlineData("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"FullName\": \"x\", \"Statistics\": {\"Mean\": \"fast\"}}]}", "without a numeric Mean")]
    [InlineData("{\"format\": \"benchsuite-throughput-baseline/1\", \"provenance\": {}, \"benchmarks\": {\"x\": {\"meanNs\": 1, \"samplesNs\": []}}}", "at least one sample")]
    [InlineData("{\"format\": \"benchsuite-throughput-baseline/9\"}", "not supported")]
    public void A_malformed_file_gives_an_error_naming_the_file(string content, string expected)
    {
        string path = Path.Combine(temp.Path, "broken-report-full.json");
        File.WriteAllText(path, content);

        var error = Should.Throw<ThroughputFormatException>(() => ThroughputResultsReader.Read(path));

        error.Message.ShouldStartWith(path);
        error.Message.ShouldContain(expected);
    }

    [Fact]
    public void A_missing_file_or_an_empty_folder_is_a_clear_error()
    {
        Should.Throw<ThroughputFormatException>(() => ThroughputResultsReader.Read(Path.Combine(temp.Path, "nope.json"))).Message.ShouldContain("no such file");
        Should.Throw<ThroughputFormatException>(() => ThroughputResultsReader.Read(temp.Path)).Message.ShouldContain("no BenchmarkDotNet full JSON export");
    }
}
