using System.CommandLine;
using BenchSuite.Configuration;
using BenchSuite.Models;
using BenchSuite.Runtime;

namespace BenchSuite.Cli.Commands;

/// <summary><c>benchsuite models</c>: the Keras-style summary of each model.</summary>
static class ModelsCommand
{
    public static Command Create()
    {
        var architecture = new Option<string?>("--architecture") { Description = "Only this model (default: both)", HelpName = "shallow|deep" };
        architecture.CompletionSources.Add(_ => ModelOptions.Architectures); // read only when completing
        var command = new Command("models", "Keras-style summary of each model (4,203,018 and 1,345,066 parameters)") { architecture };
        command.SetAction(result => Run(result.GetValue(architecture)));
        return command;
    }

    static int Run(string? architecture)
    {
        if (architecture is not null && !ModelOptions.Architectures.Contains(architecture))
            throw new UsageException($"--architecture is {string.Join(" or ", ModelOptions.Architectures)}, got '{architecture}'.");
        TorchNative.EnsureLoaded();
        foreach (var name in architecture is null ? ModelOptions.Architectures : [architecture])
            PrintSummary(name);
        return ExitCodes.Success;
    }

    // Apart from Run, so that no torch type is touched before TorchNative.EnsureLoaded() has run.
    static void PrintSummary(string architecture)
    {
        using var model = ModelFactory.Build(ExperimentLoader.Defaults().Model with { Architecture = architecture });
        Console.WriteLine(ModelSummary.Of(model).ToKerasText());
    }
}
