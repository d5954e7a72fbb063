using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchSuite.Benchmarks;
using BenchSuite.Runtime;
using BenchSuite.Throughput;

// dotnet run -c Release --project src/BenchSuite.Benchmarks -- [BenchmarkDotNet arguments]
//   e.g. --filter '*' --job short        quick mode (BDN's built-in short job)
//        --filter '*TrainingStep*'       one question only
//        --artifacts DIR                 where reports go (BenchmarkDotNet.Artifacts by default)
// BDN runs each case in a child process it builds from a generated project that references this one (its default,
// out-of-process toolchain). Environment variables reach that build and that process: TorchSharpVersion,
// LibTorchVersion and TorchBackend choose the build; BENCHSUITE_THREADS the torch threads (default 2).

// Load TorchSharp first, explicitly (Core has no module initializer): a failure is reported with its real cause.
// BDN's child processes do the same in every benchmark's GlobalSetup (BenchmarkEnvironment.Initialize).
try { TorchNative.EnsureLoaded(); }
catch (TorchLoadException e)
{
    Console.Error.WriteLine("benchmarks: TorchSharp could not be loaded. " + e.Message);
    return 3;
}

// A table measured under a non-default OpenMP wait policy must say so (every child inherits it).
if (OpenMpWaitPolicy.Note() is { } waitPolicy)
    Console.WriteLine("// " + waitPolicy);

// A deliberately slowed step must never pass for a measurement (see InjectedSlowdown).
double? injected;
try { injected = InjectedSlowdown.Fraction; }
catch (InvalidOperationException e)
{
    Console.Error.WriteLine("benchmarks: " + e.Message);
    return 2;
}
if (injected is { } slowdownFraction)
    Console.WriteLine($"// {InjectedSlowdown.Variable}: the training step is made {slowdownFraction:P0} slower ON PURPOSE (to measure the gate); these numbers are not a measurement");

// Native-memory samples written by the children (see NativeMemory), one folder per host run.
string rssDirectory = Path.Combine(Path.GetTempPath(), $"benchsuite-rss-{Environment.ProcessId}");
Environment.SetEnvironmentVariable(NativeMemory.DirectoryVariable, rssDirectory);

// One explicit config: BDN's defaults (console, GitHub markdown, csv, html; the default job unless --job), plus the full JSON
// export that 'benchsuite bench compare/baseline' read, and our columns. [MemoryDiagnoser] is on each class whose operation allocates (not the peak products).
var config = DefaultConfig.Instance
    .AddExporter(JsonExporter.Full)
    .AddColumn(new ImagesPerSecondColumn(), new GflopsColumn(), new PeakRssColumn(rssDirectory), new FaultsPerOpColumn(rssDirectory))
    // Layer block ids ("shallow/conv2d+batch_normalization") are longer than BDN's default 20-character parameter column.
    .WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));

try
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(ImagesPerSecondColumn).Assembly).Run(args, config).ToList();
    ThroughputNotes.Print(summaries);
    WritePlatformSidecars(summaries, injected);

    // Non-zero when anything did not produce a result: a failed build, a crashed child, a validation error.
    var failed = summaries.SelectMany(s => s.Reports.Where(r => !r.Success).Select(r => r.BenchmarkCase.DisplayInfo)).ToList();
    bool invalid = summaries.Any(s => s.HasCriticalValidationErrors);
    if (failed.Count > 0 || invalid)
    {
        Console.Error.WriteLine($"benchmarks failed: {(invalid ? "critical validation errors; " : "")}{string.Join("; ", failed)}");
        return 1;
    }
    return 0;
}
finally
{
    try { Directory.Delete(rssDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
}

// BDN's JSON does not know which TorchSharp it measured: leave that beside it for 'benchsuite bench baseline/compare'.
// (The host runs the same build as its children: both are built with the same TorchSharpVersion/LibTorchVersion
// environment, and every child checks it in BenchmarkEnvironment.)
static void WritePlatformSidecars(IEnumerable<Summary> summaries, double? injectedSlowdown)
{
    var platform = Platform.Current;
    var provenance = new ThroughputProvenance
    {
        TorchSharpVersion = platform.TorchSharpVersion,
        LibTorchVersion = platform.LibTorchVersion,
        Backend = platform.Backend,
        Cpu = platform.Cpu,
        LogicalCores = platform.LogicalCores,
        Threads = BenchmarkEnvironment.Threads,
        InjectedSlowdownPercent = injectedSlowdown * 100,
        Os = platform.Os,
        Runtime = platform.DotNet,
        Date = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };
    foreach (var directory in summaries.Where(s => s.Reports.Length > 0).Select(s => s.ResultsDirectoryPath).Distinct())
        PlatformSidecar.Write(directory, provenance);
}
