using System.CommandLine;
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
        return argument;
    }

    public static Option<string?> Data() => new("--data")
    {
        Description = "CIFAR-10 directory (cifar-10-batches-bin/ inside); default: BENCHSUITE_CIFAR10, else the embedded synthetic set",
        HelpName = "DIR",
    };
}
