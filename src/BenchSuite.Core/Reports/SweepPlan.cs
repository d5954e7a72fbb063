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

/// <summary>One cell of the grid with one seed: its name, its setting (the experiment first when several are swept), and the resolved experiment.</summary>
public sealed record SweepCell(string Name, IReadOnlyList<(string Key, string Value)> Setting, long Seed, Experiment Experiment)
{
    public string RecordFileName => $"{RunReport.FileStem(Name)}-seed{Seed}.json";
}

/// <summary>
/// A sweep: one or more base experiments, a grid of experiment keys (the cartesian product of the axes, possibly
/// none) and seeds. Every cell is loaded through <see cref="ExperimentLoader"/> before anything runs, so a bad key
/// or value stops the sweep at once, naming it.
/// </summary>
public sealed class SweepPlan
{
    /// <summary>The pseudo-key of the experiment axis (when more than one experiment is swept).</summary>
    public const string ExperimentKey = "experiment";

    public IReadOnlyList<string> Experiments { get; }
    public IReadOnlyList<SweepAxis> Axes { get; }
    public IReadOnlyList<long> Seeds { get; }
    public IReadOnlyList<SweepCell> Cells { get; }

    /// <summary>What the summary figure puts on its x axis: the first grid key, or the experiments when there is no grid.</summary>
    public SweepAxis XAxis => Axes.Count > 0 ? Axes[0] : new SweepAxis(ExperimentKey, Experiments);

    /// <summary>Every key a cell's setting has, in order: the experiment (when several), then the grid's keys.</summary>
    public IReadOnlyList<string> SettingKeys => [.. (Experiments.Count > 1 ? [ExperimentKey] : Array.Empty<string>()), .. Axes.Select(a => a.Key)];

    /// <summary>The experiments' names, or their count when the names would not fit a figure's title.</summary>
    public string Title
    {
        get
        {
            string names = string.Join(", ", Experiments.Select(e => Path.GetFileNameWithoutExtension(e)));
            return names.Length <= 40 ? names : $"{Experiments.Count} experiments";
        }
    }

    /// <param name="load">Loads an experiment (name or file) with overrides; errors name the key.</param>
    public SweepPlan(IReadOnlyList<string> experiments, IReadOnlyList<SweepAxis> axes, IReadOnlyList<long> seeds,
                     IReadOnlyDictionary<string, string?> common, Func<string, IReadOnlyDictionary<string, string?>, Experiment> load)
    {
        if (experiments.Count == 0) throw new ArgumentException("sweep: name at least one experiment.");
        if (experiments.Distinct().Count() != experiments.Count) throw new ArgumentException("sweep: an experiment is named twice.");
        if (seeds.Count == 0) throw new ArgumentException("sweep: give at least one seed (--seeds 42,43,44).");
        if (seeds.Distinct().Count() != seeds.Count) throw new ArgumentException("sweep: a seed is listed twice.");
        if (axes.Select(a => a.Key).Distinct(StringComparer.OrdinalIgnoreCase).Count() != axes.Count)
            throw new ArgumentException("sweep: a key is swept twice; give each --grid key once.");
        Experiments = experiments;
        Axes = axes;
        Seeds = seeds;

        var cells = new List<SweepCell>();
        foreach (var experimentName in experiments)
        {
            var baseline = load(experimentName, common);
            string shortName = Path.GetFileNameWithoutExtension(experimentName);
            foreach (var grid in Product(axes))
            {
                string name = grid.Count == 0 ? shortName : shortName + "[" + string.Join(",", grid.Select(s => $"{Short(s.Key)}={s.Value}")) + "]";
                List<(string, string)> setting = [.. (experiments.Count > 1 ? [(ExperimentKey, experimentName)] : Array.Empty<(string, string)>()), .. grid];
                foreach (long seed in seeds)
                {
                    var overrides = new Dictionary<string, string?>(common, StringComparer.OrdinalIgnoreCase);
                    foreach (var (key, value) in grid)
                        foreach (var (k, v) in Expand(key, value, baseline)) overrides[k] = v;
                    overrides["training:seed"] = seed.ToString(CultureInfo.InvariantCulture);
                    var experiment = load(experimentName, overrides); // validates the cell now, not an hour into the sweep
                    cells.Add(new SweepCell(name, setting, seed, experiment));
                }
            }
        }
        if (cells.Select(c => c.RecordFileName).Distinct().Count() != cells.Count)
            throw new ArgumentException("sweep: two experiments share a file name; rename one.");
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
