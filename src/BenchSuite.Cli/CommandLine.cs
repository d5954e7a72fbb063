using System.Globalization;

namespace BenchSuite.Cli;

/// <summary>A mistake in how the command was called: printed without a stack trace, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The words after the command name: positional arguments and <c>--name value</c> options (also <c>--name=value</c>,
/// and bare <c>--flag</c> for the names declared as flags). Unknown options are errors that list the known ones.
/// </summary>
public sealed class CommandLine
{
    readonly Dictionary<string, List<string>> options = new(StringComparer.Ordinal);
    readonly string command;

    public CommandLine(string command, IEnumerable<string> words, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string>? flags = null)
    {
        this.command = command;
        flags ??= [];
        var list = words.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            string word = list[i];
            if (!word.StartsWith("--") || word == "--") { Positional.Add(word); continue; }
            string name = word[2..], value;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (flags.Contains(name)) value = "true";
            else if (valueOptions.Contains(name))
            {
                if (i + 1 >= list.Count) throw new UsageException($"{command}: option --{name} needs a value.");
                value = list[++i];
            }
            else value = "";
            if (!valueOptions.Contains(name) && !flags.Contains(name))
                throw new UsageException($"{command}: unknown option --{name}. Known options: {string.Join(", ", valueOptions.Concat(flags).Select(o => "--" + o))}.");
            if (!options.TryGetValue(name, out var values)) options[name] = values = [];
            values.Add(value);
        }
    }

    public List<string> Positional { get; } = [];

    public bool Has(string name) => options.ContainsKey(name);

    /// <summary>The option's value (the last one, when it was given more than once).</summary>
    public string? Get(string name) => options.TryGetValue(name, out var values) ? values[^1] : null;

    /// <summary>Every value of an option that may be repeated (<c>--set a=1 --set b=2</c>).</summary>
    public IReadOnlyList<string> GetAll(string name) => options.TryGetValue(name, out var values) ? values : [];

    public int? GetInt(string name, int? min = null) => Get(name) is { } text ? ParseInt(name, text, min) : null;

    public double? GetDouble(string name) =>
        Get(name) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value
        : throw new UsageException($"{command}: --{name} must be a number, got '{text}'.");

    int ParseInt(string name, string text, int? min) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && (min is null || value >= min)
            ? value
            : throw new UsageException($"{command}: --{name} must be a whole number{(min is null ? "" : $" >= {min}")}, got '{text}'.");
}
