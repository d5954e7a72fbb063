using System.Runtime.InteropServices;

namespace BenchSuite.Runtime;

/// <summary>
/// libtorch switches that TorchSharp does not wrap, reached by their mangled C++ names in libtorch_cpu.so
/// (a private ABI: every call is guarded, and callers record whether it took effect).
/// </summary>
public static unsafe class TorchSwitches
{
    const string GlobalContext = "_ZN2at13globalContextEv";            // at::globalContext()
    const string SetFlushDenormal = "_ZN2at7Context16setFlushDenormalEb"; // bool at::Context::setFlushDenormal(bool)

    /// <summary>
    /// Sets flush-to-zero/denormals-are-zero for the calling thread (and the worker threads it starts later, which
    /// inherit its floating-point state). TensorFlow runs its CPU kernels this way; without it, denormals slowed the
    /// deep model by ~40% here. Returns false when libtorch or the CPU does not support it.
    /// </summary>
    public static bool TryFlushDenormals(bool on)
    {
        if (!TryGetExport(SetFlushDenormal, out var setFlush) || !TryGetExport(GlobalContext, out var context)) return false;
        var ctx = ((delegate* unmanaged<IntPtr>)context)();
        return ((delegate* unmanaged<IntPtr, byte, byte>)setFlush)(ctx, on ? (byte)1 : (byte)0) != 0;
    }

    static bool TryGetExport(string name, out IntPtr address)
    {
        address = IntPtr.Zero;
        var library = TorchCpuLibrary.Value;
        return library != IntPtr.Zero && NativeLibrary.TryGetExport(library, name, out address);
    }

    static readonly Lazy<IntPtr> TorchCpuLibrary = new(() =>
    {
        var status = TorchNative.EnsureLoaded();
        string name = OperatingSystem.IsWindows() ? "torch_cpu.dll" : OperatingSystem.IsMacOS() ? "libtorch_cpu.dylib" : "libtorch_cpu.so";
        string? beside = status.ShimPath is null ? null : Path.Combine(Path.GetDirectoryName(status.ShimPath)!, name);
        if (beside is not null && NativeLibrary.TryLoad(beside, out var handle)) return handle;
        return NativeLibrary.TryLoad(name, out handle) ? handle : IntPtr.Zero;
    });
}
