using System.CommandLine;
using System.CommandLine.Parsing;
using BenchSuite.Configuration;

namespace BenchSuite.Cli.Commands;

/// <summary>Arguments and options several commands share.</summary>
static class Arguments
{
    /// <summary>A shipped experiment's name or an experiment file; optional here so that a missing one lists the known ones.</summary>
    public static Argument<string?> Experiment()
    {
        var argument = new Argument<string?>("experiment")
        {
            Description = "A shipped experiment's name (e.g. shallow-l2) or the path of an experiment JSON file",
            HelpName = "experiment|file.json",
            Arity = ArgumentArity.ZeroOrOne,
        };
        argument.CompletionSources.Add(_ => ExperimentLoader.Known()); // read only when completing
        return argument;
    }

    /// <summary>Experiments to work on (default: every shipped one).</summary>
    public static Argument<string[]> Experiments()
    {
        var argument = new Argument<string[]>("experiments") { Description = "Experiments (default: every shipped one)", Arity = ArgumentArity.ZeroOrMore };
        argument.CompletionSources.Add(_ => ExperimentLoader.Known());
        return NoOptionLikeValues(argument);
    }

    /// <summary>
    /// A mistyped option ('--outt') beside a list of positional words would be taken for one of them (and fail
    /// later, or not at all); here it is an unknown option with the nearest known one, as after a single argument.
    /// </summary>
    public static Argument<string[]> NoOptionLikeValues(Argument<string[]> argument)
    {
        argument.Validators.Add(result =>
        {
            var token = result.Tokens.FirstOrDefault(t => t.Value.Length > 1 && t.Value.StartsWith('-'));
            if (token is null || result.Parent is not CommandResult parent) return;
            var near = TypoSuggestion.For(token.Value, parent.Command);
            result.AddError($"unknown option '{token.Value}'." + (near.Count > 0 ? $" Did you mean {string.Join(" or ", near.Select(n => $"'{n}'"))}?" : ""));
        });
        return argument;
    }

    public static Option<string?> Data() => new("--data")
    {
        Description = "CIFAR-10 directory (cifar-10-batches-bin/ inside); default: BENCHSUITE_CIFAR10, else the embedded synthetic set",
        HelpName = "DIR",
    };
}
