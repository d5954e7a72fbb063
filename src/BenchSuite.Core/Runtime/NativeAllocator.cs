using System.Runtime.InteropServices;

namespace BenchSuite.Runtime;

/// <summary>
/// glibc's malloc raises its mmap threshold every time a large mmapped block is freed (the "dynamic threshold"), after
/// which blocks of that size come from the heap arenas instead, where freed activation buffers stay resident. With
/// libtorch's CPU allocator that made a training process grow by ~50 MB per fixture epoch here, without end. Fixing
/// the threshold at glibc's initial 128 KiB turns that off: large tensors are mapped and unmapped, and resident
/// memory stays flat (see MemoryTests).
/// </summary>
public static unsafe class NativeAllocator
{
    const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD in glibc's malloc.h
    public const int MmapThresholdBytes = 128 * 1024;

    /// <summary>Returns true when glibc accepted the setting; false elsewhere (musl, macOS, Windows).</summary>
    public static bool TryFixMmapThreshold()
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libc.so.6", out var libc)) return false;
        if (!NativeLibrary.TryGetExport(libc, "mallopt", out var mallopt)) return false;
        return ((delegate* unmanaged<int, int, int>)mallopt)(MmapThresholdParameter, MmapThresholdBytes) == 1;
    }
}
