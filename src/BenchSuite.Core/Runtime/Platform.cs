using System.Reflection;
using System.Runtime.InteropServices;
using TorchSharp;

namespace BenchSuite.Runtime;

/// <summary>What a result was measured on: the build's backend and versions, and the machine.</summary>
public sealed record Platform(string Backend, string TorchSharpVersion, string LibTorchVersion, string Os, string Cpu, int LogicalCores, string DotNet)
{
    /// <summary>The backend this build references (-p:TorchBackend=cpu|cuda).</summary>
    public const string BuildBackend =
#if TORCH_CUDA
        "cuda";
#else
        "cpu";
#endif

    public static Platform Current { get; } = Detect();

    static Platform Detect()
    {
        var status = TorchNative.EnsureLoaded();
        string torchSharp = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
                            ?? status.TorchSharpVersion;
        return new Platform(BuildBackend, torchSharp, status.LibTorchVersion, RuntimeInformation.OSDescription, CpuModel(),
                            Environment.ProcessorCount, RuntimeInformation.FrameworkDescription);
    }

    static string CpuModel()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (!File.Exists(cpuinfo)) return RuntimeInformation.ProcessArchitecture.ToString();
        var line = File.ReadLines(cpuinfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString();
    }
}
