using System.Text.Json.Nodes;
using BenchSuite.Tests.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Cli;

/// <summary>
/// Every mistake a user can make ends in one line on stderr naming the file, key or value and the fix, with the
/// README's exit code (2) — never a stack trace. One test per kind of input the commands read.
/// </summary>
[Trait("Category", "unit")]
public sealed class UserErrorTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    static void ShouldBeOneLineError(BenchsuiteProcess.Result result, params string[] expected)
    {
        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(1, result.Error);
        foreach (var text in expected) lines[0].ShouldContain(text);
    }

    [Fact]
    public void A_corrupt_baseline_is_named_by_check_table_and_accept()
    {
        string name = Path.GetFileName(Directory.GetFiles(Path.Combine(RepoPaths.Root, "baselines", "fixture", "cpu"), "shallow-none.*.verified.json").Single());
        string folder = Directory.CreateDirectory(Path.Combine(temp.Path, "fixture", "cpu")).FullName;
        string verified = Path.Combine(folder, name);
        File.WriteAllText(verified, "{ \"schema\": \"benchsuite-baseline/1\", \"epochs\": [1, 2");

        var check = BenchsuiteProcess.Run("baselines", "check", "--baselines", temp.Path, "shallow-none");
        ShouldBeOneLineError(check, "benchsuite baselines check: ", verified, "not a baseline file", "baselines record");
        check.Output.ShouldNotContain("Epoch"); // it stopped before training

        ShouldBeOneLineError(BenchsuiteProcess.Run("baselines", "table", "--baselines", temp.Path, "shallow-none"), verified);

        File.Move(verified, verified.Replace(".verified.json", ".received.json"));
        ShouldBeOneLineError(BenchsuiteProcess.Run("baselines", "accept", "--baselines", temp.Path), ".received.json", "not a baseline file");
    }

    [Fact]
    public void A_baseline_with_null_sections_is_named_instead_of_crashing_later()
    {
        string folder = Directory.CreateDirectory(Path.Combine(temp.Path, "fixture", "cpu")).FullName;
        string verified = Path.Combine(folder, "shallow-none.abcdef012345.verified.json");
        var json = JsonNode.Parse(BaselineFileTests.Sample([42, 43]).ToJson())!;
        json["seeds"] = null;
        File.WriteAllText(verified, json.ToJsonString());

        ShouldBeOneLineError(BenchsuiteProcess.Run("baselines", "table", "--baselines", temp.Path, "shallow-none"), verified, "'seeds' is missing or null");
    }

    [Fact]
    public void A_band_baseline_is_one_line_naming_the_file_and_the_record_command()
    {
        string folder = Directory.CreateDirectory(Path.Combine(temp.Path, "fixture", "cpu")).FullName;
        string verified = Path.Combine(folder, "shallow-none.abcdef012345.verified.json");
        File.WriteAllText(verified, "{ \"schema\": \"benchsuite-baseline/1\", \"experiment\": \"shallow-none\" }");

        ShouldBeOneLineError(BenchsuiteProcess.Run("baselines", "table", "--baselines", temp.Path, "shallow-none"),
            "benchsuite baselines table: ", verified, "a band baseline", "benchsuite baselines record");
    }

    [Fact]
    public void A_sweep_with_a_bad_grid_or_seed_stops_before_training()
    {
        string output = Path.Combine(temp.Path, "sweep");

        var noValues = BenchsuiteProcess.Run("sweep", "shallow-none", "--grid", "model:kernelRegularizers", "--out", output);
        ShouldBeOneLineError(noValues, "benchsuite sweep: --grid takes section:key=v1,v2", "got 'model:kernelRegularizers'");
        noValues.Output.ShouldNotContain("Epoch");

        ShouldBeOneLineError(BenchsuiteProcess.Run("sweep", "shallow-none", "--grid", "training:epochs=1,1", "--out", output),
            "benchsuite sweep: --grid training:epochs: a value is listed twice.");
        ShouldBeOneLineError(BenchsuiteProcess.Run("sweep", "shallow-none", "--seeds", "42,x", "--out", output),
            "benchsuite sweep: --seeds takes whole numbers >= 0 separated by commas, got 'x'.");
        Directory.Exists(Path.Combine(output, "runs")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("{\"format\": \"benchsuite-throughput-baseline/1\", \"provenance\": {}, \"benchmarks\": {\"A.B\": {\"meanNs\": 100, \"samplesNs\": [1e400]}}}", "a sample of Infinity")]
    [InlineData("{\"format\": \"benchsuite-throughput-baseline/1\", \"provenance\": {}, \"benchmarks\": {\"A.B\": null}}", "needs meanNs and at least one sample")]
    [InlineData("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"FullName\": \"A.B\", \"Statistics\": {\"Mean\": 0, \"OriginalValues\": [0, 0]}}]}", "a mean of 0 ns")]
    [InlineData("{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"FullName\": \"A.B\", \"Statistics\": {\"Mean\": 5, \"OriginalValues\": [\"x\"]}}]}", "unexpected content")]
    public void A_corrupt_throughput_file_is_named(string content, string problem)
    {
        string good = Path.Combine(temp.Path, "good-report-full.json");
        File.WriteAllText(good, "{\"HostEnvironmentInfo\": {}, \"Benchmarks\": [{\"FullName\": \"A.B\", \"Statistics\": {\"Mean\": 100, \"OriginalValues\": [99, 100, 101]}}]}");
        string bad = Path.Combine(temp.Path, "bad.json");
        File.WriteAllText(bad, content);

        ShouldBeOneLineError(BenchsuiteProcess.Run("bench", "compare", good, bad), "benchsuite bench compare: ", bad, problem);
        ShouldBeOneLineError(BenchsuiteProcess.Run("bench", "baseline", bad, "--out", Path.Combine(temp.Path, "out.json")), bad, problem);
    }

    [Fact]
    public void A_corrupt_experiment_file_is_named_with_the_line_of_the_mistake()
    {
        string file = Path.Combine(temp.Path, "mine.json");
        File.WriteAllText(file, "{\n  \"training\": { \"epochs\": 2, }\n  \"model\": {}\n}");

        ShouldBeOneLineError(BenchsuiteProcess.Run("run", file), "benchsuite run: ", file, "not valid JSON", "LineNumber: 2");

        File.WriteAllText(file, "{ \"training\": { \"epochz\": 2 } }");
        ShouldBeOneLineError(BenchsuiteProcess.Run("run", file), file, "unknown key 'training:epochz'", "training:epochs");
    }

    [Fact]
    public void A_truncated_data_file_is_named_with_where_to_get_the_data()
    {
        string batches = Directory.CreateDirectory(Path.Combine(temp.Path, "cifar", "cifar-10-batches-bin")).FullName;
        foreach (var file in Directory.GetFiles(RepoPaths.Fixture("cifar10-synthetic", "cifar-10-batches-bin"), "*.bin"))
            File.Copy(file, Path.Combine(batches, Path.GetFileName(file)));
        string truncated = Path.Combine(batches, "data_batch_1.bin");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..5000]);

        var result = BenchsuiteProcess.Run("run", "shallow-none", "--data", Path.Combine(temp.Path, "cifar"), "--epochs", "1");

        ShouldBeOneLineError(result, "benchsuite run: ", "data_batch_1.bin", "not a multiple of the 3073-byte record", "cifar-10-binary.tar.gz");
        result.Output.ShouldNotContain("Epoch 1/1");
        ShouldBeOneLineError(BenchsuiteProcess.Run("overhead", "shallow-none", "--data", Path.Combine(temp.Path, "cifar")), "benchsuite overhead: ", "data_batch_1.bin");
    }

    [Theory]
    [InlineData("benchsuite split: --n must be a whole number >= 0, got 'ten'.", "split", "--n", "ten", "--test-size", "0.2", "--random-state", "1")]
    [InlineData("benchsuite split: Option '--random-state' is required.", "split", "--n", "10", "--test-size", "0.2")]
    [InlineData("benchsuite bench compare: --alpha must be between 0 and 1, got '5'.", "bench", "compare", "a", "b", "--alpha", "5")]
    [InlineData("benchsuite bench compare: Argument 'sideways' not recognized. Must be one of: 'slower' 'two-sided'", "bench", "compare", "a", "b", "--test", "sideways")]
    [InlineData("benchsuite: unknown command 'rn'. Did you mean 'run'?", "rn", "shallow-l2")]
    [InlineData("benchsuite baselines: unknown command 'chek'. Did you mean 'check'?", "baselines", "chek")]
    [InlineData("benchsuite baselines: say record, merge, check, calibrate, accept or table (see --help).", "baselines")]
    [InlineData("benchsuite baselines check: --seeds '5-x': '5-x' is not a range", "baselines", "check", "--seeds", "5-x", "shallow-none")]
    [InlineData("benchsuite baselines check: --set takes section:key=value", "baselines", "check", "--set", "model", "shallow-none")]
    [InlineData("benchsuite baselines record: --shard '0/2': write i/n with 1 <= i <= n", "baselines", "record", "--shard", "0/2", "shallow-none")]
    [InlineData("benchsuite baselines calibrate: --repeats must be a whole number >= 1, got '0'.", "baselines", "calibrate", "--repeats", "0")]
    [InlineData("benchsuite baselines calibrate: unknown mutation(s) lr-x9.", "baselines", "calibrate", "--mutations", "lr-x9", "shallow-none")]
    [InlineData("benchsuite baselines merge: no shard files (*.shard-I-of-N.json) under", "baselines", "merge", "--baselines", "/nonexistent-benchsuite-store")]
    [InlineData("benchsuite report: name at least one run record or folder.", "report", "--out", "x")]
    [InlineData("benchsuite report: --baseline: Unknown tier 'nope'.", "report", "x.json", "--baseline", "nope", "--out", "x")]
    [InlineData("benchsuite report: unknown option '--outt'. Did you mean '--out'?", "report", "x.json", "--outt", "x")]
    [InlineData("benchsuite baselines check: unknown option '--tierr'. Did you mean '--tier'? See 'benchsuite baselines check --help'.", "baselines", "check", "--tierr", "fixture")]
    [InlineData("benchsuite sweep: unknown option '--seed'. Did you mean '--seeds'?", "sweep", "shallow-none", "--seed", "42", "--out", "x")]
    [InlineData("benchsuite sweep: name one or more experiments. Known: deep-l2, deep-none, shallow-l2, shallow-none", "sweep", "--out", "x")]
    [InlineData("benchsuite sweep: --out DIR is required.", "sweep", "shallow-none")]
    [InlineData("benchsuite: unknown command 'sweeep'. Did you mean 'sweep'?", "sweeep")]
    [InlineData("benchsuite baselines record: Unknown tier 'nope'. Known tiers: fixture, cifar10-quick, cifar10-full.", "baselines", "record", "--tier", "nope")]
    [InlineData("benchsuite baselines record: tier 'cifar10-quick' needs CIFAR-10: pass --data DIR or set BENCHSUITE_CIFAR10.", "baselines", "record", "--tier", "cifar10-quick", "shallow-none")]
    [InlineData("benchsuite overhead: --repeats must be a whole number >= 1, got '0'.", "overhead", "shallow-none", "--repeats", "0")]
    [InlineData("benchsuite overhead: --steps needs --parts (epoch pairs are counted with --repeats).", "overhead", "shallow-none", "--steps", "10")]
    [InlineData("benchsuite overhead: --repeats counts epoch pairs; with --parts give --steps.", "overhead", "shallow-none", "--parts", "--repeats", "3")]
    [InlineData("benchsuite overhead: --turn-steps needs --parts and must divide 50 (1, 2, 5, 10, 25 or 50), got '7'.", "overhead", "shallow-none", "--parts", "--turn-steps", "7")]
    [InlineData("benchsuite overhead: --turn-steps needs --parts and must divide 50 (1, 2, 5, 10, 25 or 50), got '5'.", "overhead", "shallow-none", "--turn-steps", "5")]
    [InlineData("benchsuite models: --architecture is shallow or deep, got 'medium'.", "models", "--architecture", "medium")]
    [InlineData("benchsuite bench run: unexpected 'foo' (BenchmarkDotNet arguments go after --).", "bench", "run", "foo")]
    [InlineData("benchsuite bench versions: '0.107.0' is not a TorchSharp=libtorch pair (e.g. 0.107.0=2.10.0).", "bench", "versions", "0.107.0")]
    [InlineData("benchsuite bench versions: '0.107.0' is not a TorchSharp=libtorch pair", "bench", "versions", "0.107.0", "--backend", "cuda", "--", "--filter", "*")]
    [InlineData("benchsuite bench versions: give --artifacts before the --", "bench", "versions", "0.107.0=2.10.0", "--", "--filter", "*", "--artifacts", "x")]
    [InlineData("benchsuite bench versions: Argument 'gpu' not recognized. Must be one of: 'cpu' 'cuda'. See", "bench", "versions", "0.107.0=2.10.0", "--backend", "gpu")]
    public void A_usage_mistake_is_one_line_naming_the_value(string expected, params string[] args)
    {
        var result = BenchsuiteProcess.Run(args);

        ShouldBeOneLineError(result, expected);
    }

    [Fact]
    public void An_unwritable_out_path_fails_before_training()
    {
        string notAFolder = Path.Combine(temp.Path, "file.txt");
        File.WriteAllText(notAFolder, "");

        var result = BenchsuiteProcess.Run("run", "shallow-none", "--epochs", "1", "--out", Path.Combine(notAFolder, "run.json"));

        ShouldBeOneLineError(result, "benchsuite run: ", notAFolder);
        result.Output.ShouldNotContain("Epoch 1/1");
    }
}
