using BenchSuite.Runtime;
using TorchSharp;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What every benchmark's GlobalSetup does first, in the process that measures (BDN's child, or this one with
/// --inProcess): load TorchSharp, pin the thread count, flush denormals, and check the build is the one asked for.
/// </summary>
static class BenchmarkEnvironment
{
    /// <summary>torch intra-op threads: env BENCHSUITE_THREADS (inherited by BDN's child process), default 2.</summary>
    public const string ThreadsVariable = "BENCHSUITE_THREADS";

    public static void Initialize()
    {
        TorchNative.EnsureLoaded();
        torch.set_num_threads(Threads);
        // Without flush-to-zero denormals slow the deep model by ~40% on CPU (see FlushToZero): measure as we train.
        FlushToZero.OnThisThreadAndItsWorkers(true, Threads);
        CheckRequestedVersions();
        torch.manual_seed(42);
    }

    public static int Threads =>
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var n) && n > 0 ? n : 2;

    /// <summary>The devices to measure on: cpu, and cuda when this build and machine have it.</summary>
    public static IEnumerable<string> Devices()
    {
        TorchNative.EnsureLoaded();
        yield return "cpu";
        if (torch.cuda.is_available()) yield return "cuda";
    }

    /// <summary>On cuda, kernels are queued asynchronously: wait for them so the measured time is the work's.</summary>
    public static void Synchronize(torch.Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize();
    }

    /// <summary>
    /// BDN's child project is built by BDN, not by us: -p:TorchSharpVersion=... given to 'dotnet run' does not reach it,
    /// only the environment variable does. Refuse to measure a different TorchSharp than the one requested.
    /// </summary>
    static void CheckRequestedVersions()
    {
        string? requested = Environment.GetEnvironmentVariable("TorchSharpVersion");
        string actual = Platform.Current.TorchSharpVersion;
        if (!string.IsNullOrEmpty(requested) && requested != actual)
            throw new InvalidOperationException(
                $"TorchSharpVersion={requested} was requested (environment) but this process runs TorchSharp {actual}. " +
                "Set TorchSharpVersion/LibTorchVersion as environment variables so BenchmarkDotNet's child build uses them too.");
    }
}
