using System.Globalization;
using BenchSuite.Configuration;
using BenchSuite.Models;

namespace BenchSuite.Reports;

/// <summary>One swept key and its values, as given: <c>model:kernelRegularizers=0,1e-4,1e-2</c>.</summary>
public sealed record SweepAxis(string Key, IReadOnlyList<string> Values)
{
    /// <summary>
    /// The shorthand for "the L2 strength": every kernel the base experiment regularizes gets the value (or, when it
    /// regularizes none, every hidden Conv2D/Dense kernel, as the documented L2 runs do).
    /// </summary>
    public const string AllKernelRegularizers = "model:kernelRegularizers";

    public static SweepAxis Parse(string text)
    {
        int eq = text.IndexOf('=');
        var values = eq <= 0 ? [] : text[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (eq <= 0 || values.Length == 0)
            throw new ArgumentException($"--grid takes section:key=v1,v2,… (e.g. --grid model:kernelRegularizers=0,1e-4,1e-2), got '{text}'.");
        if (values.Distinct().Count() != values.Length)
            throw new ArgumentException($"--grid {text[..eq]}: a value is listed twice.");
        return new SweepAxis(text[..eq], values);
    }
}

/// <summary>One cell of the grid with one seed: its name, the overrides it adds, and where its record goes.</summary>
public sealed record SweepCell(string Name, IReadOnlyList<(string Key, string Value)> Setting, long Seed, Experiment Experiment)
{
    public string RecordFileName => $"{RunReport.FileStem(Name)}-seed{Seed}.json";
}

/// <summary>
/// A sweep: a base experiment, a grid of experiment keys (the cartesian product of the axes) and seeds. Every cell is
/// loaded through <see cref="ExperimentLoader"/> before anything runs, so a bad key or value stops the sweep at once,
/// naming it.
/// </summary>
public sealed class SweepPlan
{
    public string BaseExperiment { get; }
    public IReadOnlyList<SweepAxis> Axes { get; }
    public IReadOnlyList<long> Seeds { get; }
    public IReadOnlyList<SweepCell> Cells { get; }

    public SweepPlan(string baseExperiment, IReadOnlyList<SweepAxis> axes, IReadOnlyList<long> seeds,
                     IReadOnlyDictionary<string, string?> common, Func<IReadOnlyDictionary<string, string?>, Experiment> load)
    {
        if (axes.Count == 0) throw new ArgumentException("sweep: give at least one --grid section:key=v1,v2,….");
        if (seeds.Count == 0) throw new ArgumentException("sweep: give at least one seed (--seeds 42,43,44).");
        if (axes.Select(a => a.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != axes.Count)
            throw new ArgumentException("sweep: a key is swept twice; give each --grid key once.");
        BaseExperiment = baseExperiment;
        Axes = axes;
        Seeds = seeds;

        var baseline = load(common);
        var cells = new List<SweepCell>();
        foreach (var setting in Product(axes))
        {
            string name = baseExperiment + "[" + string.Join(",", setting.Select(s => $"{Short(s.Key)}={s.Value}")) + "]";
            foreach (long seed in seeds)
            {
                var overrides = new Dictionary<string, string?>(common, StringComparer.OrdinalIgnoreCase);
                foreach (var (key, value) in setting)
                    foreach (var (k, v) in Expand(key, value, baseline)) overrides[k] = v;
                overrides["training:seed"] = seed.ToString(CultureInfo.InvariantCulture);
                var experiment = load(overrides); // validates the cell now, not an hour into the sweep
                cells.Add(new SweepCell(name, setting, seed, experiment));
            }
        }
        Cells = cells;
    }

    static IEnumerable<List<(string Key, string Value)>> Product(IReadOnlyList<SweepAxis> axes)
    {
        IEnumerable<List<(string, string)>> result = [[]];
        foreach (var axis in axes)
            result = result.SelectMany(prefix => axis.Values.Select(v => new List<(string, string)>(prefix) { (axis.Key, v) })).ToList();
        return result;
    }

    static IEnumerable<(string Key, string Value)> Expand(string key, string value, Experiment baseline)
    {
        if (!key.Equals(SweepAxis.AllKernelRegularizers, StringComparison.OrdinalIgnoreCase))
            return [(key, value)];
        var layers = baseline.Model.KernelL2.Where(p => p.Value > 0).Select(p => p.Key).ToList();
        if (layers.Count == 0) layers = [.. ModelFactory.HiddenKernelLayers(baseline.Model.Architecture)];
        return layers.Select(layer => ($"{key}:{layer}", value));
    }

    static string Short(string key) => key[(key.LastIndexOf(':') + 1)..];
}
