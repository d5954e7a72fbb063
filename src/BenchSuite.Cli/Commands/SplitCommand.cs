using BenchSuite.Data;

namespace BenchSuite.Cli.Commands;

/// <summary>
/// <c>benchsuite split</c>: scikit-learn's <c>train_test_split</c> indices; train on the first line, validation on the
/// second, each space-separated in the order scikit-learn returns them.
/// </summary>
static class SplitCommand
{
    public const string Usage = "benchsuite split --n N --test-size F --random-state S";

    public static int Run(IEnumerable<string> args)
    {
        var line = new CommandLine("split", args, ["n", "test-size", "random-state"]);
        int n = line.GetInt("n") ?? throw new UsageException("split: --n is required. Usage: " + Usage);
        double testSize = line.GetDouble("test-size") ?? throw new UsageException("split: --test-size is required. Usage: " + Usage);
        int seed = line.GetInt("random-state") ?? throw new UsageException("split: --random-state is required. Usage: " + Usage);

        SplitIndices split;
        try { split = TrainTestSplit.Split(n, testSize, seed); }
        catch (ArgumentException e) { throw new UsageException("split: " + e.Message.Split(" (Parameter")[0]); }

        using var output = new StreamWriter(Console.OpenStandardOutput());
        output.WriteLine(string.Join(' ', split.Train));
        output.WriteLine(string.Join(' ', split.Validation));
        return 0;
    }
}
