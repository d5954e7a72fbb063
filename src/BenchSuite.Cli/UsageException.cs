namespace BenchSuite.Cli;

/// <summary>A mistake in how a command was called: one line naming the value and the fix, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
