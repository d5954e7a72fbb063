using System.Runtime.CompilerServices;

namespace BenchSuite.Runtime;

static class LoadTorchOnFirstUse
{
    /// <summary>
    /// A safety net: whatever code of this library runs first (a CLI command, a test, a BenchmarkDotNet child
    /// process) may touch torch before it thought of <see cref="TorchNative.EnsureLoaded"/>, and TorchSharp's own
    /// loader would then fail with its misleading message. A failure here is not thrown (a module initializer
    /// cannot report it well); the next explicit EnsureLoaded() call reports the real cause.
    /// </summary>
    [ModuleInitializer]
    internal static void Initialize()
    {
        try { TorchNative.EnsureLoaded(); }
        catch (TorchLoadException) { }
    }
}
