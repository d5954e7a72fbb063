using BenchSuite.Configuration;
using BenchSuite.Models;

namespace BenchSuite.Tests;

/// <summary>The shipped <c>defaults.json</c>, read once: what tests build models and settings from (the option records have no defaults of their own).</summary>
static class Shipped
{
    static readonly Lazy<Experiment> defaults = new(() => ExperimentLoader.Defaults());

    public static Experiment Defaults => defaults.Value;

    /// <summary>The model an experiment without model keys builds.</summary>
    public static ModelOptions Model() => Defaults.Model;

    /// <summary>The default model options with the other architecture.</summary>
    public static ModelOptions Model(string architecture) => Defaults.Model with { Architecture = architecture };
}
