using System.CommandLine;
using System.CommandLine.Parsing;

namespace BenchSuite.Cli.Commands;

/// <summary>What the parent commands (<c>baselines</c>, <c>bench</c>) share.</summary>
static class Subcommands
{
    /// <summary>The action of a parent command called without a subcommand.</summary>
    public static int Missing(string choices) => throw new UsageException($"say {choices} (see --help).");

    /// <summary>
    /// The words after the first <c>--</c>, passed on untouched (BenchmarkDotNet's own arguments). System.CommandLine
    /// hands them to the command's last argument; this tells them apart from the ones before it.
    /// </summary>
    public static IReadOnlyList<string> AfterDoubleDash(ParseResult result) =>
        result.Tokens.SkipWhile(t => t.Type != TokenType.DoubleDash).Skip(1).Select(t => t.Value).ToList();
}
