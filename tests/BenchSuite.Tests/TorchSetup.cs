using System.Runtime.CompilerServices;
using BenchSuite.Runtime;

namespace BenchSuite.Tests;

static class TorchSetup
{
    /// <summary>Every test may touch torch: make the native libraries load (and fail loudly) before any test runs.</summary>
    [ModuleInitializer]
    internal static void Initialize() => TorchNative.EnsureLoaded();
}
