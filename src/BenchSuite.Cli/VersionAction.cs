using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace BenchSuite.Cli;

/// <summary>
/// <c>benchsuite --version</c>: this program's version and what it was built against, read from the assembly's
/// metadata (set from the MSBuild switches in BenchSuite.Cli.csproj) — without loading TorchSharp.
/// </summary>
sealed class VersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        var assembly = typeof(VersionAction).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        var built = assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        parseResult.InvocationConfiguration.Output.WriteLine(
            $"benchsuite {version} (built for TorchSharp {built.GetValueOrDefault("TorchSharpVersion")}, " +
            $"libtorch {built.GetValueOrDefault("LibTorchVersion")}, backend {built.GetValueOrDefault("TorchBackend")}; " +
            $"{RuntimeInformation.FrameworkDescription}, {RuntimeInformation.RuntimeIdentifier})");
        return ExitCodes.Success;
    }
}
