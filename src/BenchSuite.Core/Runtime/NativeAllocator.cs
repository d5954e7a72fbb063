using System.Runtime.InteropServices;

namespace BenchSuite.Runtime;

/// <summary>
/// How glibc's malloc (which libtorch's CPU allocator calls for every tensor) serves a training loop: every step
/// allocates and frees the same few dozen activation, gradient and optimizer buffers of up to ~17 MB.
/// <para>
/// glibc's defaults fit that badly both ways. A block above the mmap threshold is mapped on malloc and unmapped on
/// free, so each step faults it in again page by page and the kernel zeroes it (pinning the threshold at 128 KiB
/// kept memory flat but cost ~65,000 minor faults and a third of the CPU time per deep-model step here). Left
/// dynamic, the threshold rises to the largest block freed so far and the heap top is trimmed past twice that, which
/// moves the line between mapped and heap blocks as sizes come and go: resident memory grew epoch after epoch.
/// </para>
/// <para>
/// The policy, chosen by measurement (README, *Throughput*): a <b>fixed</b> mmap threshold at glibc's 64-bit maximum,
/// 32 MiB, so every block of a training step is recycled inside the heap and never faulted in again; a trim threshold
/// of 1 GiB, so glibc does not hand the heap top back to the kernel between steps; and an explicit
/// <see cref="ReleaseFreeMemory"/> (<c>malloc_trim(0)</c>) at the end of each epoch, which returns every free page of
/// every arena, so that resident memory comes back to the same level after each epoch instead of ratcheting up.
/// Blocks above 32 MiB (inference batches of 500) are still mapped per use. Set <c>BENCHSUITE_ALLOCATOR=glibc</c> to
/// leave glibc's defaults alone (for comparisons).
/// </para>
/// </summary>
internal static unsafe class NativeAllocator
{
    const int TrimThresholdParameter = -1; // M_TRIM_THRESHOLD in glibc's malloc.h
    const int MmapThresholdParameter = -3; // M_MMAP_THRESHOLD
    public const int MmapThresholdBytes = 32 << 20;  // DEFAULT_MMAP_THRESHOLD_MAX on 64-bit: the largest glibc accepts
    public const int TrimThresholdBytes = 1 << 30;
    public const string OptOutVariable = "BENCHSUITE_ALLOCATOR";

    /// <summary>Applies the policy; true when glibc accepted it, false elsewhere (musl, macOS, Windows) or when opted out.</summary>
    public static bool TryConfigure()
    {
        if (Environment.GetEnvironmentVariable(OptOutVariable) == "glibc") return false;
        if (!Libc.Value.Ok) return false;
        return Libc.Value.Mallopt(MmapThresholdParameter, MmapThresholdBytes) == 1
            && Libc.Value.Mallopt(TrimThresholdParameter, TrimThresholdBytes) == 1;
    }

    /// <summary>Returns the free pages of every malloc arena to the kernel (glibc's <c>malloc_trim(0)</c>); a no-op elsewhere.</summary>
    public static void ReleaseFreeMemory()
    {
        if (Libc.Value.Ok && Environment.GetEnvironmentVariable(OptOutVariable) != "glibc") Libc.Value.Trim(0);
    }

    sealed class LibcFunctions
    {
        public bool Ok;
        public delegate* unmanaged<int, int, int> Mallopt;
        public delegate* unmanaged<nuint, int> Trim;
    }

    static readonly Lazy<LibcFunctions> Libc = new(() =>
    {
        var f = new LibcFunctions();
        if (OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc)
            && NativeLibrary.TryGetExport(libc, "mallopt", out var mallopt)
            && NativeLibrary.TryGetExport(libc, "malloc_trim", out var trim))
        {
            f.Mallopt = (delegate* unmanaged<int, int, int>)mallopt;
            f.Trim = (delegate* unmanaged<nuint, int>)trim;
            f.Ok = true;
        }
        return f;
    });
}
