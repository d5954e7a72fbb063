using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

/// <summary>The distribution baseline file: one seed per line, round trip, old format refused with the command, shards merged.</summary>
[Trait("Category", "unit")]
public sealed class BaselineFileTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    internal static Baseline Sample(IReadOnlyList<long> seeds, long? replaySeed = 42, string? shard = null) => new()
    {
        Experiment = "shallow-none", Tier = "fixture", Backend = "cpu", DataSource = "embedded",
        DataFingerprint = "sha256:abcdef0123456789", TrainImages = 1024, ValidationImages = 256,
        Provenance = new BaselineProvenance([42, 43, 44, 45], 2, "cpu", "0.107.0", "2.10.0", ["Test CPU"], "Linux", ".NET 10",
                                            DateTimeOffset.UnixEpoch, "test", "gate", "note"),
        Shard = shard,
        Replay = replaySeed is { } r ? new ReplaySnapshot(r, 2, "cpu", "0.107.0", "2.10.0", "Test CPU", [new Dictionary<string, double> { ["loss"] = 2.5 }]) : null,
        Quantities = ["e1/loss", "e1/accuracy"],
        Seeds = seeds.Select(s => new SeedValues(s, [2.0 + s / 1000.0, 0.1 + 1.0 / 3])).ToList(),
    };

    [Fact]
    public void Each_seed_is_one_line_and_the_file_round_trips_to_the_bit()
    {
        var baseline = Sample([42, 43, 44, 45]);
        string json = baseline.ToJson();
        string path = Path.Combine(temp.Path, "b.verified.json");
        File.WriteAllText(path, json);

        var lines = json.Split('\n');
        lines.Count(l => l.TrimStart().StartsWith("{\"seed\":", StringComparison.Ordinal)).ShouldBe(4);
        lines.ShouldContain(l => l.Contains("{\"seed\":43,\"values\":[2.043,0.43333333333333335]}"));
        var loaded = Baseline.Load(path);
        loaded.Seeds.Select(s => s.Seed).ShouldBe([42L, 43, 44, 45]);
        loaded.Seeds[1].Values.ShouldBe([2.043, 0.1 + 1.0 / 3]); // exact doubles
        loaded.Replay!.Seed.ShouldBe(42);
        loaded.Provenance.Cpus.ShouldBe(["Test CPU"]);
    }

    [Fact]
    public void A_band_baseline_of_schema_1_asks_to_be_re_recorded()
    {
        string path = Path.Combine(temp.Path, "old.verified.json");
        File.WriteAllText(path, "{ \"schema\": \"benchsuite-baseline/1\", \"experiment\": \"x\" }");

        Should.Throw<LegacyBaselineException>(() => Baseline.Load(path)).Message.ShouldContain("baselines record");
    }

    [Fact]
    public void A_seed_line_with_the_wrong_number_of_values_is_named()
    {
        var baseline = Sample([42, 43]) with { };
        string json = baseline.ToJson().Replace("{\"seed\":43,\"values\":[2.043,", "{\"seed\":43,\"values\":[");
        string path = Path.Combine(temp.Path, "bad.verified.json");
        File.WriteAllText(path, json);

        Should.Throw<BaselineFormatException>(() => Baseline.Load(path)).Message.ShouldContain("seed 43 has 1 values for 2 quantities");
    }

    [Fact]
    public void Shards_split_the_seeds_and_merge_back_in_the_planned_order()
    {
        long[] planned = [42, 43, 44, 45];
        GateRecorder.ShardSeeds(planned, 1, 2).ShouldBe([42L, 44]);
        GateRecorder.ShardSeeds(planned, 2, 2).ShouldBe([43L, 45]);
        GateRecorder.ParseShard("2/3").ShouldBe((2, 3));
        Should.Throw<FormatException>(() => GateRecorder.ParseShard("4/3")).Message.ShouldContain("1 <= i <= n");

        var one = Sample([42, 44], replaySeed: 42, shard: "1/2");
        var two = Sample([43, 45], replaySeed: null, shard: "2/2") with { Provenance = one.Provenance with { Cpus = ["Other CPU"] } };

        var merged = GateRecorder.Merge([("b.shard-2-of-2.json", two), ("b.shard-1-of-2.json", one)]);

        merged.Seeds.Select(s => s.Seed).ShouldBe(planned);
        merged.Shard.ShouldBeNull();
        merged.Replay!.Seed.ShouldBe(42);
        merged.Provenance.Cpus.ShouldBe(["Other CPU", "Test CPU"]);
    }

    [Fact]
    public void Merging_refuses_missing_seeds_duplicates_and_mismatched_shards()
    {
        var one = Sample([42, 44], shard: "1/2");
        var two = Sample([43, 45], replaySeed: null, shard: "2/2");

        Should.Throw<InvalidDataException>(() => GateRecorder.Merge([("a", one)])).Message.ShouldContain("seeds 43,45 are planned but in no shard");
        Should.Throw<InvalidDataException>(() => GateRecorder.Merge([("a", one), ("b", two), ("c", Sample([45], null, "2/2"))])).Message.ShouldContain("seed 45 is in more than one shard");
        Should.Throw<InvalidDataException>(() => GateRecorder.Merge([("a", one), ("b", two with { Provenance = two.Provenance with { Threads = 1 } })]))
              .Message.ShouldContain("b: cannot merge with a: 1 threads (vs 2)");
    }
}
