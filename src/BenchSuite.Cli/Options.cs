using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace BenchSuite.Cli;

/// <summary>Typed options whose bad values are reported as "--name must be ..., got '...'" (exit 2).</summary>
static class Options
{
    /// <summary>
    /// Adds <c>--set section:key=value</c> assignments to <paramref name="overrides"/> (later ones win), or stops with
    /// one line that shows <paramref name="example"/>.
    /// </summary>
    public static Dictionary<string, string?> AddAssignments(Dictionary<string, string?> overrides, string[]? assignments, string example)
    {
        foreach (var assignment in assignments ?? [])
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0) throw new UsageException($"--set takes section:key=value (e.g. --set {example}), got '{assignment}'.");
            overrides[assignment[..eq]] = assignment[(eq + 1)..];
        }
        return overrides;
    }

    public static Option<int?> WholeNumber(string name, string description, int min) => new(name)
    {
        Description = description,
        HelpName = "N",
        CustomParser = result => Parse<int>(result, name, $"a whole number >= {min}",
            text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) && v >= min ? v : (int?)null),
    };

    public static Option<double?> Number(string name, string description, string allowed, Func<double, bool> isAllowed) => new(name)
    {
        Description = description,
        HelpName = "X",
        CustomParser = result => Parse<double>(result, name, allowed,
            text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) && isAllowed(v) ? v : (double?)null),
    };

    static T? Parse<T>(ArgumentResult result, string name, string allowed, Func<string, T?> parse) where T : struct
    {
        if (result.Tokens.Count == 0) return null;
        string text = result.Tokens[^1].Value;
        if (parse(text) is { } value) return value;
        result.AddError($"{name} must be {allowed}, got '{text}'.");
        return null;
    }
}
