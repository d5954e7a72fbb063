using System.Runtime.InteropServices;

namespace BenchSuite.Runtime;

/// <summary>
/// Flush-to-zero and denormals-are-zero on every thread that computes for the calling thread: the thread itself and
/// its OpenMP workers (libtorch's CPU build runs its intra-op parallelism, oneDNN included, on libgomp).
/// <para>
/// libtorch's <c>setFlushDenormal</c> (see <see cref="TorchSwitches"/>) sets only the calling thread's MXCSR. A new
/// thread copies its creator's floating-point state when it starts, so OpenMP workers started <em>before</em> the switch
/// (by any parallel op: reading or preparing data, building the model) keep computing with denormals, at a tenth of
/// the speed or worse, on their half of every large op. libgomp keeps one worker pool per thread that opens parallel
/// regions, so this is per calling thread.
/// </para>
/// <para>
/// The fix is native end to end: capture the calling thread's floating-point environment (<c>fegetenv</c>, which holds
/// MXCSR on x86-64) once the switch is set, then open one OpenMP parallel region of the same width libtorch uses whose
/// body is <c>fesetenv</c> on that environment (<c>GOMP_parallel(fn, data, threads, 0)</c> calls <c>fn(data)</c> on
/// every team member). No managed code runs on the workers.
/// </para>
/// </summary>
public static unsafe class FlushToZero
{
    /// <summary>
    /// Turns flush-to-zero on for this thread and its OpenMP workers (or off, with <paramref name="on"/> false).
    /// Returns false when libtorch, the CPU or this platform does not support it; callers record the result.
    /// </summary>
    public static bool OnThisThreadAndItsWorkers(bool on, int threads)
    {
        if (!TorchSwitches.TryFlushDenormals(on)) return false;
        if (!OperatingSystem.IsLinux() || threads <= 1) return true;
        if (!Libc.Value.Ok || !Gomp.Value.Ok) return false;

        // fenv_t is 32 bytes on x86-64 glibc (x87 environment + MXCSR); keep room to spare.
        byte* environment = stackalloc byte[256];
        if (Libc.Value.GetEnv(environment) != 0) return false;
        Gomp.Value.Parallel(Libc.Value.SetEnvAddress, environment, (uint)threads, 0);
        return true;
    }

    sealed class LibcFunctions
    {
        public bool Ok;
        public delegate* unmanaged<byte*, int> GetEnv;
        public IntPtr SetEnvAddress;
    }

    sealed class GompFunctions
    {
        public bool Ok;
        public delegate* unmanaged<IntPtr, void*, uint, uint, void> Parallel;
    }

    static readonly Lazy<LibcFunctions> Libc = new(() =>
    {
        var f = new LibcFunctions();
        if (NativeLibrary.TryLoad("libm.so.6", out var libm) // glibc keeps <fenv.h> in libm
            && NativeLibrary.TryGetExport(libm, "fegetenv", out var get)
            && NativeLibrary.TryGetExport(libm, "fesetenv", out var set))
        {
            f.GetEnv = (delegate* unmanaged<byte*, int>)get;
            f.SetEnvAddress = set;
            f.Ok = true;
        }
        return f;
    });

    /// <summary>libtorch's own libgomp (shipped beside it under a hashed name): the pool its parallel ops use.</summary>
    static readonly Lazy<GompFunctions> Gomp = new(() =>
    {
        var f = new GompFunctions();
        var torchCpu = TorchSwitches.TorchCpuLibrary.Value;
        // dlsym on libtorch_cpu's handle searches it and its dependencies, so this finds the libgomp it is linked to.
        if (torchCpu != IntPtr.Zero && NativeLibrary.TryGetExport(torchCpu, "GOMP_parallel", out var parallel))
        {
            f.Parallel = (delegate* unmanaged<IntPtr, void*, uint, uint, void>)parallel;
            f.Ok = true;
        }
        return f;
    });
}
