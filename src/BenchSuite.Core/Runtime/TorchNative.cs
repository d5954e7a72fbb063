using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using TorchSharp;

namespace BenchSuite.Runtime;

/// <summary>What <see cref="TorchNative.EnsureLoaded"/> found and did.</summary>
public sealed record TorchNativeStatus(string? ShimPath, bool PatchedWeakVersion, string TorchSharpVersion, string LibTorchVersion, bool AllocatorConfigured);

/// <summary>Raised when TorchSharp's native libraries cannot be loaded; the message names the real cause and the fix.</summary>
public sealed class TorchLoadException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Makes TorchSharp load, and explains why when it cannot. Call <see cref="EnsureLoaded"/> before the first use of
/// <c>torch</c> in any process (CLI, test host, BenchmarkDotNet child): it is cheap after the first call.
///
/// Why it exists: TorchSharp 0.107.0's native shim <c>libLibTorchSharp.so</c> was built with GCC 13 and so
/// requires <c>GLIBCXX_3.4.32</c> from libstdc++, only for <c>std::ios_base_library_init()</c>, a marker symbol
/// GCC 13's &lt;iostream&gt; references and the shim never calls. Debian 12 and Ubuntu 22.04 ship an older libstdc++,
/// the dynamic loader refuses the shim, and TorchSharp reports the misleading "doesn't contain a reference to
/// libtorch-cpu-linux-x64". When (and only when) that exact version is the one missing, we mark the requirement
/// weak (VER_FLG_WEAK) in the copy of the shim in the build output and load it again. The NuGet cache is untouched.
/// </summary>
public static class TorchNative
{
    public const string ShimFileName = "libLibTorchSharp.so";
    const string UnusedLibStdCxxVersion = "GLIBCXX_3.4.32";
    const string LibStdCxx = "libstdc++.so.6";

    static readonly object gate = new();
    static TorchNativeStatus? loaded;

    public static TorchNativeStatus EnsureLoaded()
    {
        lock (gate)
        {
            return loaded ??= Load();
        }
    }

    static TorchNativeStatus Load()
    {
        string? shim = null;
        bool patched = false;
        bool allocatorConfigured = NativeAllocator.TryConfigure(); // before libtorch allocates anything
        if (OperatingSystem.IsLinux())
        {
            shim = FindShim() ?? throw new TorchLoadException(
                $"TorchSharp's native shim {ShimFileName} is not in the build output (searched: {string.Join(", ", SearchDirectories())}). " +
                "Build with the default -p:TorchBackend=cpu (references libtorch-cpu-linux-x64) or -p:TorchBackend=cuda on a GPU runner " +
                "(references TorchSharp-cuda-linux), then run from the build output.");
            patched = LoadShim(shim);
        }

        try
        {
            // Forces TorchSharp's own native initialisation now, so any failure surfaces here with context.
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (Exception e)
        {
            throw new TorchLoadException(
                $"TorchSharp failed to initialise although {shim ?? "its native shim"} loaded: {Innermost(e).Message}. " +
                "Check that the libtorch package matches TorchSharp (TorchSharp 0.107.0 needs libtorch 2.10.0: -p:LibTorchVersion=2.10.0).", e);
        }
        return new TorchNativeStatus(shim, patched, typeof(torch).Assembly.GetName().Version?.ToString() ?? "?", torch.__version__, allocatorConfigured);
    }

    /// <summary>Loads the shim by its path; returns true when it had to weaken the unused libstdc++ requirement first.</summary>
    static bool LoadShim(string shim)
    {
        string? error = TryLoad(shim);
        if (error is null) return false;

        var missing = Regex.Match(error, @"version `([^']+)' not found \(required by ([^)]+)\)");
        if (missing.Success && missing.Groups[1].Value == UnusedLibStdCxxVersion && missing.Groups[2].Value.EndsWith(ShimFileName))
        {
            try
            {
                ElfVersionNeeds.MarkWeak(shim, LibStdCxx, UnusedLibStdCxxVersion);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new TorchLoadException(
                    $"{shim} needs {UnusedLibStdCxxVersion}, which this system's {LibStdCxx} lacks, and the file could not be patched " +
                    $"({e.Message}). Make the build output writable, or install a libstdc++ that provides {UnusedLibStdCxxVersion} (GCC 13 or newer).", e);
            }
            string? retry = TryLoad(shim);
            if (retry is null) return true;
            error = retry;
        }

        throw new TorchLoadException(
            $"The dynamic loader refused TorchSharp's native shim {shim}: {error}" + Environment.NewLine +
            (missing.Success
                ? $"The system library lacks symbol version {missing.Groups[1].Value} (needed by {missing.Groups[2].Value}). " +
                  "Install a newer runtime that provides it, or use a TorchSharp build made for this distribution. Inspect with: ldd -v " + shim
                : "Inspect the missing dependency with: ldd " + shim));
    }

    static string? TryLoad(string path)
    {
        try
        {
            NativeLibrary.Load(path);
            return null;
        }
        catch (DllNotFoundException e)
        {
            return e.Message;
        }
    }

    static string? FindShim() =>
        SearchDirectories().Select(dir => Path.Combine(dir, ShimFileName)).FirstOrDefault(File.Exists);

    /// <summary>The directories the .NET host resolves native assets from (deps.json), then the app folder.</summary>
    static IEnumerable<string> SearchDirectories()
    {
        var fromHost = (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") as string ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        return fromHost
            .Append(AppContext.BaseDirectory)
            .Append(Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native"))
            .Distinct();
    }

    static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);
}
