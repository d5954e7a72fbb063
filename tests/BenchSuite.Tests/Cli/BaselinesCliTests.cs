using BenchSuite.Baselines;
using BenchSuite.Tests.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Cli;

/// <summary><c>benchsuite baselines</c> as a user calls it: bad input is one line and exit 2; merge joins shards (no training here).</summary>
[Trait("Category", "unit")]
public sealed class BaselinesCliTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Theory]
    [InlineData("check", "--seeds", "7008-7001", "'7008-7001' is not a range")]
    [InlineData("record", "--shard", "3/2", "shard '3/2'")]
    [InlineData("calibrate", "--mutations", "lr-x9", "unknown mutation(s) lr-x9")]
    [InlineData("record", "--seeds", "5", "for 5 seeds from 42 write --seeds 42-46")]
    [InlineData("check", "--mutation", "lr-x9", "unknown mutation(s) lr-x9")]
    [InlineData("record", "--seeds", "44-60", "must hold the seeds its check reruns (42-47); 42-43 missing from --seeds 44-60")]
    public void Bad_input_is_one_line_and_exit_2(string action, string option, string value, string message)
    {
        var result = BenchsuiteProcess.Run("baselines", action, option, value, "--baselines", temp.Path, "shallow-none");

        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        result.Error.ShouldContain(message);
        result.Error.Trim().Split('\n').Length.ShouldBe(1, result.Error);
    }

    [Fact]
    public void Check_on_a_band_baseline_exits_2_with_the_record_command()
    {
        string committed = Directory.GetFiles(Path.Combine(RepoPaths.Root, "baselines", "fixture", "cpu"), "deep-l2.*.verified.json").Single();
        string copy = Path.Combine(temp.Path, "fixture", "cpu", Path.GetFileName(committed));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        File.WriteAllText(copy, "{ \"schema\": \"benchsuite-baseline/1\" }");

        var result = BenchsuiteProcess.Run("baselines", "check", "--baselines", temp.Path, "deep-l2");

        result.ExitCode.ShouldBe(2, result.Output + result.Error);
        result.Output.ShouldContain("[Skipped] deep-l2");
        result.Output.ShouldContain("benchsuite baselines record --tier fixture deep-l2");
    }

    [Fact]
    public void Merge_joins_the_shards_into_a_verified_baseline_and_removes_them()
    {
        var store = new BaselineStore(temp.Path);
        string verified = store.VerifiedPath(Tier.Fixture, "cpu", "shallow-none", "sha256:abcdef0123456789");
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        File.WriteAllText(BaselineStore.ShardPath(verified, 1, 2), BaselineFileTests.Sample([42, 44], 42, "1/2").ToJson());
        File.WriteAllText(BaselineStore.ShardPath(verified, 2, 2), BaselineFileTests.Sample([43, 45], null, "2/2").ToJson());

        var result = BenchsuiteProcess.Run("baselines", "merge", "--baselines", temp.Path);

        result.ExitCode.ShouldBe(0, result.Output + result.Error);
        result.Output.ShouldContain("from 2 shards");
        Baseline.Load(verified).Seeds.Select(s => s.Seed).ShouldBe([42L, 43, 44, 45]);
        Directory.GetFiles(Path.GetDirectoryName(verified)!, "*.shard-*").ShouldBeEmpty();
    }

    [Fact]
    public void Merge_with_a_missing_shard_names_the_seeds_and_exits_2()
    {
        var store = new BaselineStore(temp.Path);
        string verified = store.VerifiedPath(Tier.Fixture, "cpu", "shallow-none", "sha256:abcdef0123456789");
        Directory.CreateDirectory(Path.GetDirectoryName(verified)!);
        File.WriteAllText(BaselineStore.ShardPath(verified, 1, 2), BaselineFileTests.Sample([42, 44], 42, "1/2").ToJson());

        var result = BenchsuiteProcess.Run("baselines", "merge", "--baselines", temp.Path);

        result.ExitCode.ShouldBe(2);
        result.Error.ShouldContain("seeds 43,45 are planned but in no shard");
        File.Exists(verified).ShouldBeFalse();
    }
}
