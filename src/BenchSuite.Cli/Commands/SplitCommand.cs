using System.CommandLine;
using BenchSuite.Data;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite split</c>: scikit-learn's <c>train_test_split</c> indices; train on the first line, validation on the
/// second, each space-separated in the order scikit-learn returns them.
/// </summary>
static class SplitCommand
{
    public static Command Create()
    {
        var n = Options.WholeNumber("--n", "Number of samples to split", min: 0);
        var testSize = Options.Number("--test-size", "Fraction for validation, as scikit-learn's test_size", "a number", _ => true);
        var randomState = Options.WholeNumber("--random-state", "scikit-learn's random_state", min: 0);
        testSize.HelpName = "F";
        randomState.HelpName = "S";
        foreach (var option in new Option[] { n, testSize, randomState }) option.Required = true;
        var command = new Command("split", "scikit-learn's train_test_split indices: train on line 1, validation on line 2") { n, testSize, randomState };
        command.SetAction(result => Run(result.GetValue(n)!.Value, result.GetValue(testSize)!.Value, result.GetValue(randomState)!.Value));
        return command;
    }

    static int Run(int n, double testSize, int seed)
    {
        SplitIndices split;
        try { split = TrainTestSplit.Split(n, testSize, seed); }
        catch (ArgumentException e) { throw new UsageException(e.Message.Split(" (Parameter")[0]); }

        using var output = new StreamWriter(Console.OpenStandardOutput());
        output.WriteLine(string.Join(' ', split.Train));
        output.WriteLine(string.Join(' ', split.Validation));
        return ExitCodes.Success;
    }
}
