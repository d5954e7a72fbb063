using System.Buffers.Binary;
using BenchSuite.Runtime;

namespace BenchSuite.Tests.Runtime;

[Trait("Category", "unit")]
public sealed class ElfVersionNeedsTests : IDisposable
{
    readonly string copy = Path.Combine(Path.GetTempPath(), $"shim-{Guid.NewGuid():N}.so");

    public ElfVersionNeedsTests()
    {
        var status = TorchNative.EnsureLoaded();
        Skip.If(status.ShimPath is null, "TorchSharp's native shim is an ELF file only on Linux.");
        File.Copy(status.ShimPath!, copy);
    }

    public void Dispose() => File.Delete(copy);

    [SkippableFact]
    public void Reads_the_libstdcxx_requirements_of_the_shim()
    {
        var needs = ElfVersionNeeds.Read(copy);

        Assert.Contains(needs, n => n.Library == "libstdc++.so.6" && n.Version == "GLIBCXX_3.4.32");
        Assert.Contains(needs, n => n.Library == "libc.so.6" && n.Version == "GLIBC_2.2.5" && !n.IsWeak);
    }

    [SkippableFact]
    public void MarkWeak_sets_only_the_weak_flag_of_the_named_requirement()
    {
        var target = ElfVersionNeeds.Read(copy).Single(n => n.Version == "GLIBCXX_3.4.32");
        ClearWeak(copy, target.FlagsOffset); // the build output's copy may already be patched: start from the original state
        byte[] before = File.ReadAllBytes(copy);

        Assert.True(ElfVersionNeeds.MarkWeak(copy, "libstdc++.so.6", "GLIBCXX_3.4.32"));

        byte[] after = File.ReadAllBytes(copy);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
        Assert.Equal([target.FlagsOffset], changed);
        var needs = ElfVersionNeeds.Read(copy);
        Assert.True(needs.Single(n => n.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.All(needs.Where(n => n.Version != "GLIBCXX_3.4.32"), n => Assert.False(n.IsWeak));
    }

    [SkippableFact]
    public void MarkWeak_writes_nothing_when_already_weak_or_absent()
    {
        ElfVersionNeeds.MarkWeak(copy, "libstdc++.so.6", "GLIBCXX_3.4.32");
        var stamp = File.GetLastWriteTimeUtc(copy);

        Assert.False(ElfVersionNeeds.MarkWeak(copy, "libstdc++.so.6", "GLIBCXX_3.4.32"));
        Assert.False(ElfVersionNeeds.MarkWeak(copy, "libstdc++.so.6", "GLIBCXX_9.9.9"));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(copy));
    }

    [Fact]
    public void Rejects_a_file_that_is_not_elf()
    {
        var e = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse("not an elf file at all, really not"u8.ToArray().Concat(new byte[64]).ToArray(), "x.so"));
        Assert.Contains("x.so", e.Message);
    }

    static void ClearWeak(string path, int flagsOffset)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(flagsOffset));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(flagsOffset), (ushort)(flags & ~0x2));
        File.WriteAllBytes(path, bytes);
    }
}
