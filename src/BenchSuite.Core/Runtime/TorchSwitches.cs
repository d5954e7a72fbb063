using System.Runtime.InteropServices;

namespace BenchSuite.Runtime;

/// <summary>
/// libtorch switches that TorchSharp does not wrap, reached by their mangled C++ names in libtorch_cpu.so
/// (a private ABI: every call is guarded, and callers record whether it took effect).
/// </summary>
internal static unsafe class TorchSwitches
{
    const string SetFlushDenormal = "_ZN2at7Context16setFlushDenormalEb"; // static bool at::Context::setFlushDenormal(bool)

    /// <summary>
    /// Sets flush-to-zero/denormals-are-zero for the calling thread only (threads it starts later inherit it; workers
    /// already running do not: <see cref="FlushToZero"/> reaches those). TensorFlow runs its CPU kernels this way;
    /// without it, denormals slowed the deep model by ~40% here. Returns false when libtorch or the CPU does not support it.
    /// </summary>
    public static bool TryFlushDenormals(bool on)
    {
        if (!TryGetExport(SetFlushDenormal, out var setFlush)) return false;
        // A static member (ATen/Context.h: `static bool setFlushDenormal(bool on)`): no `this`. The bool goes in a full
        // 32-bit register. (Called as an instance method, the context pointer landed in `on`: "off" turned it on.)
        return ((delegate* unmanaged<int, byte>)setFlush)(on ? 1 : 0) != 0;
    }

    static bool TryGetExport(string name, out IntPtr address)
    {
        address = IntPtr.Zero;
        var library = TorchCpuLibrary.Value;
        return library != IntPtr.Zero && NativeLibrary.TryGetExport(library, name, out address);
    }

    /// <summary>libtorch_cpu's handle (zero when it cannot be found).</summary>
    internal static readonly Lazy<IntPtr> TorchCpuLibrary = new(() =>
    {
        var status = TorchNative.EnsureLoaded();
        string name = OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        string? beside = status.ShimPath is null ? null : Path.Combine(Path.GetDirectoryName(status.ShimPath)!, name);
        if (beside is not null && NativeLibrary.TryLoad(beside, out var handle)) return handle;
        return NativeLibrary.TryLoad(name, out handle) ? handle : IntPtr.Zero;
    });
}
