using System.Globalization;
using System.Text.Json;
using BenchSuite.Data;
using BenchSuite.Models;
using Microsoft.Extensions.Configuration;

namespace BenchSuite.Configuration;

/// <summary>
/// Reads an experiment: <c>defaults.json</c>, then the experiment's own JSON file, then environment variables
/// <c>BENCHSUITE__section__key</c>, then command-line overrides (later wins). <c>defaults.json</c> is the one source
/// of both the default values and the schema: its keys are the keys an experiment may set (an empty object, such as
/// <c>"kernelRegularizers": {}</c>, is a section keyed by layer name), and every one of them must be read here. An
/// unknown key, a wrong type or an impossible value is an error naming its source (file, variable or option), the
/// key and what is allowed.
/// </summary>
public static class ExperimentLoader
{
    public const string EnvironmentPrefix = "BENCHSUITE__";
    public const string DefaultsFile = "defaults.json";

    /// <summary>How the list of known keys writes a section keyed by layer name (<c>model:kernelRegularizers:LAYER</c>).</summary>
    const string LayerKey = "LAYER";

    /// <summary>The experiments shipped with the build (copied next to the program from src/BenchSuite.Core/Experiments).</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "experiments");

    public static IReadOnlyList<string> Known(string? directory = null)
    {
        directory ??= ShippedDirectory;
        if (!Directory.Exists(directory)) return [];
        return Directory.GetFiles(directory, "*.json")
            .Select(f => Path.GetFileNameWithoutExtension(f)!)
            .Where(n => n + ".json" != DefaultsFile)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>No <c>BENCHSUITE__*</c> variables: the experiment as its files (and explicit overrides) define it.</summary>
    public static readonly IReadOnlyDictionary<string, string> NoEnvironment = new Dictionary<string, string>();

    /// <summary>
    /// This process's <c>BENCHSUITE__*</c> variables, for callers that opt in to them (the command line does;
    /// the snapshot checks that <c>dotnet test</c> runs do not, so a developer's shell cannot change what they check).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Where(e => ((string)e.Key).StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");

    /// <param name="nameOrPath">A shipped experiment's name (<c>shallow-l2</c>) or the path of a JSON file.</param>
    /// <param name="overrides">Keys such as <c>training:epochs</c> from the command line; they win over everything.</param>
    /// <param name="environment">The variables to read: <see cref="NoEnvironment"/>, <see cref="ProcessEnvironment"/>
    /// or a given set; null means the process environment (what the command line documents).</param>
    public static Experiment Load(string nameOrPath, IReadOnlyDictionary<string, string?>? overrides = null,
                                  string? directory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        directory ??= ShippedDirectory;
        string file = ResolveFile(nameOrPath, directory);
        return Build(Path.GetFileNameWithoutExtension(file), directory, file, overrides, environment);
    }

    /// <summary>
    /// <c>defaults.json</c> alone, named <c>defaults</c>, without environment variables: the settings every
    /// experiment starts from (e.g. <c>Defaults().Model with { Architecture = "deep" }</c> for a model of each kind).
    /// </summary>
    public static Experiment Defaults(string? directory = null) =>
        Build(Path.GetFileNameWithoutExtension(DefaultsFile), directory ?? ShippedDirectory, file: null, overrides: null, NoEnvironment);

    static string DefaultsPath(string directory)
    {
        string defaults = Path.Combine(directory, DefaultsFile);
        return File.Exists(defaults) ? defaults
            : throw new ConfigurationException($"{defaults}: missing. It holds every key's default; restore it from the repository (src/BenchSuite.Core/Experiments).");
    }

    /// <summary>The keys of a defaults file in its order: its values' paths, and <c>section:LAYER</c> for each empty object.</summary>
    static List<string> KeysOf(string defaults)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(defaults), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }); }
        catch (JsonException e) { throw new ConfigurationException($"{defaults}: not valid JSON ({e.Message.TrimEnd('.')}). Fix the file there."); }
        using (document)
        {
            var keys = new List<string>();
            Collect(document.RootElement, "", keys);
            return keys;
        }

        static void Collect(JsonElement element, string path, List<string> keys)
        {
            if (element.ValueKind != JsonValueKind.Object) keys.Add(path);
            else if (path.Length > 0 && !element.EnumerateObject().Any()) keys.Add(path + ":" + LayerKey);
            else foreach (var property in element.EnumerateObject()) Collect(property.Value, path.Length == 0 ? property.Name : path + ":" + property.Name, keys);
        }
    }

    static Experiment Build(string name, string directory, string? file, IReadOnlyDictionary<string, string?>? overrides,
                            IReadOnlyDictionary<string, string>? environment)
    {
        string defaults = DefaultsPath(directory);
        var keys = KeysOf(defaults);

        var sources = new List<(string Description, Action<IConfigurationBuilder> Add)>
        {
            (defaults, b => b.AddJsonFile(defaults, optional: false, reloadOnChange: false)),
        };
        if (file is not null) sources.Add((file, b => b.AddJsonFile(file, optional: false, reloadOnChange: false)));
        sources.Add(("environment", b => b.AddInMemoryCollection(FromEnvironment(environment))));
        sources.Add(("command line", b => b.AddInMemoryCollection(overrides ?? new Dictionary<string, string?>())));
        var builder = new ConfigurationBuilder();
        foreach (var source in sources) source.Add(builder);

        IConfigurationRoot root;
        try { root = builder.Build(); }
        catch (Exception e) when (e is FormatException or InvalidDataException or JsonException)
        {
            // The innermost message is the JSON reader's, with the line and position of the mistake.
            var inner = e;
            while (inner.InnerException is not null) inner = inner.InnerException;
            throw new ConfigurationException($"{file ?? defaults}: not valid JSON ({inner.Message.TrimEnd('.')}). Fix the file there.");
        }

        var reader = new Reader(root, sources.Select(s => s.Description).ToList(), keys, environment is null);
        reader.RejectUnknownKeys();
        var experiment = reader.Read(name);
        reader.RejectUnreadKeys(defaults);
        return experiment;
    }

    static string ResolveFile(string nameOrPath, string directory)
    {
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrPath.Contains(Path.DirectorySeparatorChar))
            return File.Exists(nameOrPath) ? Path.GetFullPath(nameOrPath)
                : throw new ConfigurationException($"{nameOrPath}: no such experiment file.");
        string shipped = Path.Combine(directory, nameOrPath + ".json");
        if (File.Exists(shipped) && nameOrPath + ".json" != DefaultsFile) return shipped;
        throw new ConfigurationException(
            $"Unknown experiment '{nameOrPath}'. Known: {string.Join(", ", Known(directory))} (in {directory}). " +
            "To add one, write a JSON file there (see the README's experiment schema) or pass the path of one.");
    }

    static Dictionary<string, string?> FromEnvironment(IReadOnlyDictionary<string, string>? environment)
    {
        var variables = environment ?? ProcessEnvironment();
        return variables.Where(v => v.Key.StartsWith(EnvironmentPrefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key[EnvironmentPrefix.Length..].Replace("__", ":"), v => (string?)v.Value);
    }

    /// <summary>Typed, checked reads of the merged configuration; each error names the source that set the key.</summary>
    /// <param name="keys">The keys of <c>defaults.json</c>, a section keyed by layer name as <c>section:LAYER</c>.</param>
    sealed class Reader(IConfigurationRoot root, IReadOnlyList<string> sourceNames, IReadOnlyList<string> keys, bool processEnvironment)
    {
        static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);

        IEnumerable<string> LayerSections => keys.Where(k => k.EndsWith(":" + LayerKey, StringComparison.Ordinal)).Select(k => k[..^(LayerKey.Length + 1)]);

        public void RejectUnknownKeys()
        {
            foreach (var (key, value) in root.AsEnumerable())
            {
                if (value is null) continue; // a section, not a value
                bool known = keys.Contains(key, StringComparer.OrdinalIgnoreCase)
                             || LayerSections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase) && key.Count(c => c == ':') == s.Count(c => c == ':') + 1);
                if (!known)
                    throw new ConfigurationException(
                        $"{Source(key)}: unknown key '{key}'. Known keys: {string.Join(", ", keys)}.");
            }
        }

        /// <summary>A key of <c>defaults.json</c> that <see cref="Read"/> did not use would be accepted and then ignored: refuse it.</summary>
        public void RejectUnreadKeys(string defaults)
        {
            foreach (var key in keys.Where(k => !read.Contains(k)))
                throw new ConfigurationException(
                    $"{defaults}: key '{key}' is not read by this version of BenchSuite. Remove it there, or restore the file from the repository (src/BenchSuite.Core/Experiments).");
        }

        public Experiment Read(string name)
        {
            string architecture = Choice("model:architecture", ModelOptions.Architectures);
            return new Experiment
            {
                Name = name,
                Description = Required("description"),
                Documented = Required("documented") is { Length: > 0 } documented ? documented : null,
                Model = new ModelOptions
                {
                    Architecture = architecture,
                    Activation = Choice("model:activation", Activation.Known),
                    DenseDropout = Number("model:denseDropout", 0, 1, "a dropout rate in [0, 1)", maxExclusive: true),
                    PoolDropout = Number("model:poolDropout", 0, 1, "a dropout rate in [0, 1)", maxExclusive: true),
                    BatchNormMomentum = Number("model:batchNormMomentum", 0, 1, "a momentum in [0, 1] (Keras default 0.99)"),
                    BatchNormEpsilon = Number("model:batchNormEpsilon", double.Epsilon, double.MaxValue, "a number > 0 (Keras default 0.001)"),
                    KernelL2 = LayerStrengths("model:kernelRegularizers", ModelFactory.KernelLayers(architecture), architecture, "Conv2D/Dense", "an L2 strength >= 0 (Keras L2(l2=...))"),
                    BiasL2 = LayerStrengths("model:biasRegularizers", ModelFactory.KernelLayers(architecture), architecture, "Conv2D/Dense", "an L2 strength >= 0 (Keras bias_regularizer=L2(l2=...))"),
                    BatchNormL2 = LayerStrengths("model:batchNormRegularizers", ModelFactory.BatchNormLayers(architecture), architecture, "BatchNormalization", "an L2 strength >= 0 on gamma and beta (Keras gamma_regularizer/beta_regularizer)"),
                    ActivityL2 = LayerStrengths("model:activityRegularizers", ModelFactory.KernelLayers(architecture), architecture, "Conv2D/Dense", "an L2 strength >= 0 (Keras activity_regularizer=L2(l2=...))"),
                },
                Optimizer = Optimizer(),
                Training = new TrainingSettings(
                    Whole("training:batchSize", 1),
                    Whole("training:epochs", 1),
                    Whole("training:seed", 0),
                    Whole("training:threads", 1),
                    Whole("training:trainLimit", 0),
                    Whole("training:validationLimit", 0),
                    Whole("training:evalBatchSize", 1),
                    Choice("training:device", TrainingSettings.Devices))
                {
                    CurveEvery = Whole("training:curveEvery", 0),
                },
                Augmentation = new AugmentationSettings(
                    Number("augmentation:rotationRange", 0, 180, "degrees in [0, 180]"),
                    Number("augmentation:widthShiftRange", 0, 1, "a fraction of the width in [0, 1)", maxExclusive: true),
                    Number("augmentation:heightShiftRange", 0, 1, "a fraction of the height in [0, 1)", maxExclusive: true),
                    Flag("augmentation:horizontalFlip")),
                Split = new SplitSettings(
                    Number("split:testSize", 0, 1, "a fraction strictly between 0 and 1", minExclusive: true, maxExclusive: true),
                    Whole("split:randomState", 0)),
                Data = new DataSettings(Required("data:directory")),
            };
        }

        OptimizerSettings Optimizer()
        {
            string kind = Choice("optimizer:kind", OptimizerSettings.Kinds);
            double weightDecay = Number("optimizer:weightDecay", 0, double.MaxValue, "a decay >= 0 (Keras AdamW weight_decay)");
            if (weightDecay > 0 && kind != "adamw")
                throw new ConfigurationException(
                    $"{Source("optimizer:weightDecay")}: 'optimizer:weightDecay' = '{root["optimizer:weightDecay"]}' needs optimizer:kind = 'adamw' (it is '{kind}'). " +
                    "Set optimizer:kind=adamw for decoupled weight decay, or use model:kernelRegularizers for Keras' L2 loss term.");
            return new OptimizerSettings(
                kind,
                Number("optimizer:learningRate", double.Epsilon, double.MaxValue, "a number > 0"),
                Number("optimizer:beta1", 0, 1, "a number in [0, 1)", maxExclusive: true),
                Number("optimizer:beta2", 0, 1, "a number in [0, 1)", maxExclusive: true),
                Number("optimizer:epsilon", double.Epsilon, double.MaxValue, "a number > 0"))
            {
                WeightDecay = weightDecay,
                WeightDecayOn = Choice("optimizer:weightDecayOn", OptimizerSettings.WeightDecayTargets),
            };
        }

        Dictionary<string, double> LayerStrengths(string section, IReadOnlyList<string> layers, string architecture, string layerKind, string what)
        {
            string key = section + ":" + LayerKey;
            read.Add(key);
            if (!keys.Contains(key))
                throw new ConfigurationException($"'{section}' is not declared: add it to {DefaultsFile} as an empty object (no layer regularized).");
            var result = new Dictionary<string, double>();
            foreach (var entry in root.GetSection(section).GetChildren())
            {
                if (!layers.Contains(entry.Key))
                    throw new ConfigurationException(
                        $"{Source(entry.Path)}: '{entry.Path}' names no {layerKind} layer of the {architecture} model. Allowed layer names: {string.Join(", ", layers)}.");
                result[entry.Key] = Number(entry.Path, 0, double.MaxValue, what);
            }
            return result;
        }

        string Required(string key)
        {
            read.Add(key);
            return root[key] ?? throw new ConfigurationException($"'{key}' is not set: add it to the experiment file or {DefaultsFile}.");
        }

        string Choice(string key, IReadOnlyList<string> allowed)
        {
            string value = Required(key);
            return allowed.Contains(value) ? value : throw Bad(key, value, "one of: " + string.Join(", ", allowed));
        }

        double Number(string key, double min, double max, string what, bool minExclusive = false, bool maxExclusive = false)
        {
            string text = Required(key);
            if (!double.TryParse(text, NumberStyles.Float, Invariant, out double value) || !double.IsFinite(value)
                || value < min || value > max || (minExclusive && value == min) || (maxExclusive && value == max))
                throw Bad(key, text, what);
            return value;
        }

        int Whole(string key, int min)
        {
            string text = Required(key);
            return int.TryParse(text, NumberStyles.Integer, Invariant, out int value) && value >= min
                ? value
                : throw Bad(key, text, $"a whole number >= {min}");
        }

        bool Flag(string key)
        {
            string text = Required(key);
            return bool.TryParse(text, out bool value) ? value : throw Bad(key, text, "true or false");
        }

        ConfigurationException Bad(string key, string value, string allowed) =>
            new($"{Source(key)}: '{key}' = '{value}' is not allowed. Allowed: {allowed}.");

        /// <summary>The last source that set the key: the file, the variable's name, or the command-line option.</summary>
        string Source(string key)
        {
            for (int i = root.Providers.Count() - 1; i >= 0; i--)
            {
                if (!root.Providers.ElementAt(i).TryGet(key, out _)) continue;
                return sourceNames[i] switch
                {
                    "environment" => $"environment variable {EnvironmentPrefix}{key.Replace(":", "__")}" + (processEnvironment ? "" : " (given)"),
                    "command line" => $"command-line option for '{key}'",
                    var file => file,
                };
            }
            return "configuration";
        }
    }
}
