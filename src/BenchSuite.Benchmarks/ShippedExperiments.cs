using BenchSuite.Configuration;

namespace BenchSuite.Benchmarks;

/// <summary>
/// What the benchmarks measure comes from the shipped experiments, read as <c>benchsuite run</c> reads them (but
/// without <c>BENCHSUITE__*</c> variables): the post's models without and with L2 (<c>shallow-none</c>,
/// <c>shallow-l2</c>, <c>deep-none</c>, <c>deep-l2</c>), so a benchmark never carries settings of its own.
/// </summary>
static class ShippedExperiments
{
    public static Experiment Of(string architecture, bool l2 = false) =>
        ExperimentLoader.Load($"{architecture}-{(l2 ? "l2" : "none")}", environment: ExperimentLoader.NoEnvironment);
}
