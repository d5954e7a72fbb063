using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

[Trait("Category", "unit")]
public sealed class BaselineStoreTests : IDisposable
{
    readonly TempDirectory temp = new();
    public void Dispose() => temp.Dispose();

    [Fact]
    public void Paths_carry_tier_backend_experiment_and_data()
    {
        var store = new BaselineStore(temp.Path);

        string path = store.VerifiedPath(Tier.Fixture, "cpu", "shallow-l2", "sha256:cb19082d8298e290ba6b48c66e4681a01a");

        path.ShouldBe(Path.Combine(temp.Path, "fixture", "cpu", "shallow-l2.cb19082d8298.verified.json"));
        BaselineStore.ReceivedPath(path).ShouldEndWith("shallow-l2.cb19082d8298.received.json");
        BaselineStore.ShardPath(path, 2, 4).ShouldEndWith("shallow-l2.cb19082d8298.shard-2-of-4.json");
    }

    [Fact]
    public void An_existing_baseline_is_never_replaced_without_accept()
    {
        var store = new BaselineStore(temp.Path);
        var first = BaselineFileTests.Sample([42, 43]) with { Provenance = BaselineFileTests.Sample([42]).Provenance with { Command = "first" } };
        var second = first with { Provenance = first.Provenance with { Command = "second" } };
        string path = store.VerifiedPath(Tier.Fixture, "cpu", "shallow-none", "sha256:abcdef0123456789");

        BaselineStore.TryWriteNew(path, first).ShouldBeTrue();
        BaselineStore.TryWriteNew(path, second).ShouldBeFalse();
        Baseline.Load(path).Provenance.Command.ShouldBe("first");

        BaselineStore.WriteReceived(path, second);
        Baseline.Load(path).Provenance.Command.ShouldBe("first");
        store.Accept(["shallow-l2"]).ShouldBeEmpty(); // only the named experiments
        store.Accept(["shallow-none"]).ShouldBe([path]);
        Baseline.Load(path).Provenance.Command.ShouldBe("second");
        File.Exists(BaselineStore.ReceivedPath(path)).ShouldBeFalse();
        Directory.GetFiles(temp.Path, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public void Shard_files_are_grouped_by_the_baseline_they_make()
    {
        var store = new BaselineStore(temp.Path);
        string path = store.VerifiedPath(Tier.Fixture, "cpu", "deep-l2", "sha256:abcdef0123456789");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(BaselineStore.ShardPath(path, 1, 2), "{}");
        File.WriteAllText(BaselineStore.ShardPath(path, 2, 2), "{}");

        var groups = store.ShardFiles(Tier.Fixture);

        groups.Keys.ShouldBe([path]);
        groups[path].Count.ShouldBe(2);
        store.ShardFiles(Tier.Fixture, ["shallow-l2"]).ShouldBeEmpty();
    }

    [Fact]
    public void A_broken_received_file_is_not_promoted()
    {
        var store = new BaselineStore(temp.Path);
        string path = store.VerifiedPath(Tier.Fixture, "cpu", "deep-l2", "sha256:abcdef0123456789");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(BaselineStore.ReceivedPath(path), "{ not json");

        Should.Throw<BaselineFormatException>(() => store.Accept()).Message.ShouldContain("deep-l2");
        File.Exists(path).ShouldBeFalse();
    }
}
