using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace BenchSuite.Cli;

/// <summary>
/// Parses and runs a command line: a parse error is one line (with a suggestion for a typo) and exit 2; help,
/// version and completion are System.CommandLine's; an error the user can cause is one line and its exit code
/// (<see cref="ErrorReport"/>). Anything else is a bug and keeps its stack trace.
/// </summary>
static class Invocation
{
    public static int Run(RootCommand root, string[] args)
    {
        root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        // Bare 'benchsuite': the overview, and exit 2 (nothing was done), as before.
        root.SetAction(result =>
        {
            new HelpAction().Invoke(result);
            return ExitCodes.UsageOrData;
        });

        var result = root.Parse(args);
        if (result.Action is ParseErrorAction)
        {
            Console.Error.WriteLine($"{CommandPath(result)}: {ParseErrorLine(result)} See '{CommandPath(result)} --help'.");
            return ExitCodes.UsageOrData;
        }

        try
        {
            // Our own exception mapping, and no SIGINT handling of its own: 'run' handles Ctrl-C (exit 130).
            return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
        }
        catch (Exception e) when (ErrorReport.ExitCode(e) is int exit)
        {
            Console.Error.WriteLine($"{CommandPath(result)}: {ErrorReport.Line(e)}");
            return exit;
        }
    }

    /// <summary>System.CommandLine lists allowed values one per line; the error stays on one.</summary>
    static string OneLine(string message) =>
        string.Join(' ', message.Split(['\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>"benchsuite bench compare": the command the user ran, for the start of every error line.</summary>
    static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result.CommandResult; r is not null; r = r.Parent)
            if (r is CommandResult c) names.Add(c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>The first error, which the others usually follow from; for an unknown word, the nearest known one.</summary>
    static string ParseErrorLine(ParseResult result)
    {
        var command = result.CommandResult.Command;
        if (result.UnmatchedTokens.Count > 0)
        {
            string token = result.UnmatchedTokens[0];
            string kind = token.StartsWith('-') ? "unknown option" : command.Subcommands.Count > 0 ? "unknown command" : "unexpected argument";
            var near = TypoSuggestion.For(token, command);
            return $"{kind} '{token}'." + (near.Count > 0 ? $" Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : "");
        }
        string message = OneLine(result.Errors[0].Message);
        return message.EndsWith('.') || message.EndsWith('?') ? message : message + ".";
    }
}
