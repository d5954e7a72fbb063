using System.CommandLine;
using BenchSuite.Cli;
using BenchSuite.Cli.Commands;

// benchsuite: the command-line front of BenchSuite. One file per command under Commands/; parsing, help, version
// and completion come from System.CommandLine. Nothing here touches BenchSuite.Core: the commands load TorchSharp
// (TorchNative.EnsureLoaded) in their actions, only when they need it, so --help and --version answer at once.
var root = new RootCommand("A reproducible benchmark and regression suite for small Keras CNNs on TorchSharp.")
{
    ModelsCommand.Create(),
    SplitCommand.Create(),
    RunCommand.Create(),
    BaselinesCommand.Create(),
    OverheadCommand.Create(),
    BenchCommand.Create(),
    ReportCommand.Create(),
    SweepCommand.Create(),
};
return Invocation.Run(root, args);
