using System.Diagnostics;

namespace BenchSuite.Tests.Cli;

/// <summary>Runs the built <c>benchsuite</c> program in a child process, as a user would, on the embedded data.</summary>
static class BenchsuiteProcess
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Process Start(params string[] args) => StartIn(AppContext.BaseDirectory, args);

    /// <summary>Runs the benchsuite.dll in <paramref name="directory"/> (e.g. a copy of the build output without libtorch).</summary>
    public static Process StartIn(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(Path.Combine(directory, "benchsuite.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("BENCHSUITE_CIFAR10"); // the embedded data, whatever the developer has set
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith("BENCHSUITE__")))
            start.Environment.Remove(name);
        return Process.Start(start)!;
    }

    public static Result Run(params string[] args) => RunIn(AppContext.BaseDirectory, args);

    public static Result RunIn(string directory, params string[] args)
    {
        using var process = StartIn(directory, args);
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, output, error.Result);
    }
}
