using BenchSuite.Models;

namespace BenchSuite.Cli.Commands;

/// <summary><c>benchsuite models</c>: the Keras-style summary of each model.</summary>
static class ModelsCommand
{
    public const string Usage = "benchsuite models [--architecture shallow|deep]";

    public static int Run(IEnumerable<string> args)
    {
        var line = new CommandLine("models", args, ["architecture"]);
        var architectures = line.Get("architecture") is { } one ? [one] : ModelOptions.Architectures;
        foreach (var architecture in architectures)
        {
            using var model = ModelFactory.Build(new ModelOptions { Architecture = architecture });
            Console.WriteLine(ModelSummary.Of(model).ToKerasText());
        }
        return 0;
    }
}
