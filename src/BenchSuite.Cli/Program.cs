using BenchSuite.Cli;
using BenchSuite.Cli.Commands;
using BenchSuite.Runtime;

// benchsuite: the command-line front of BenchSuite. One file per command under Commands/.
var commands = new Dictionary<string, (string Usage, Func<IEnumerable<string>, int> Run)>
{
    ["models"] = (ModelsCommand.Usage, ModelsCommand.Run),
    ["split"] = (SplitCommand.Usage, SplitCommand.Run),
    ["run"] = (RunCommand.Usage, RunCommand.Run),
    ["baselines"] = (BaselinesCommand.Usage, BaselinesCommand.Run),
    ["overhead"] = (OverheadCommand.Usage, OverheadCommand.Run),
    ["bench"] = (BenchCommand.Usage, BenchCommand.Run),
    ["report"] = (ReportCommand.Usage, ReportCommand.Run),
    ["sweep"] = (SweepCommand.Usage, SweepCommand.Run),
};

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine("usage:");
    foreach (var (_, command) in commands) Console.WriteLine("  " + command.Usage);
    return args.Length == 0 ? 2 : 0;
}

if (!commands.TryGetValue(args[0], out var chosen))
{
    Console.Error.WriteLine($"benchsuite: unknown command '{args[0]}'. Commands: {string.Join(", ", commands.Keys)}.");
    return 2;
}

try
{
    TorchNative.EnsureLoaded(); // before any command touches torch: a load failure is reported with its real cause
    return chosen.Run(args.Skip(1));
}
catch (UsageException e)
{
    Console.Error.WriteLine("benchsuite " + e.Message);
    return 2;
}
catch (Exception e) when (e is BenchSuite.Configuration.ConfigurationException or BenchSuite.Data.DataFormatException)
{
    Console.Error.WriteLine("benchsuite: " + e.Message);
    return 2;
}
catch (TorchLoadException e)
{
    Console.Error.WriteLine("benchsuite: TorchSharp could not be loaded. " + e.Message);
    return 3;
}
