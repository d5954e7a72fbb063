using BenchSuite.Baselines;
using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Runtime;
using BenchSuite.Throughput;

namespace BenchSuite.Cli;

/// <summary>
/// Which exceptions are the user's to fix (a bad option, experiment file, data file, baseline or results file, a
/// file that cannot be read or written, TorchSharp that cannot load) and their exit codes. Their messages already
/// name the file, key or value and the fix; they are printed as one line, without a stack trace.
/// </summary>
static class ErrorReport
{
    public static int? ExitCode(Exception e) => e switch
    {
        UsageException or ConfigurationException or DataFormatException or ThroughputFormatException
            or BaselineFormatException or LegacyBaselineException => ExitCodes.UsageOrData,
        // A shard or run record that cannot be used: the message names the file.
        InvalidDataException => ExitCodes.UsageOrData,
        TorchLoadException => ExitCodes.TorchNotLoadable,
        // A path the user gave that cannot be read or written (permissions, a full disk, a folder in the way).
        IOException or UnauthorizedAccessException => ExitCodes.UsageOrData,
        _ => null,
    };

    public static string Line(Exception e) => e switch
    {
        TorchLoadException => "TorchSharp could not be loaded. " + OneLine(e.Message),
        IOException or UnauthorizedAccessException => OneLine(e.Message) + " Check the path and its permissions.",
        _ => OneLine(e.Message),
    };

    static string OneLine(string message) => string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
