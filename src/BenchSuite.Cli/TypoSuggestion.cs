using System.CommandLine;

namespace BenchSuite.Cli;

/// <summary>
/// The known option or subcommand names closest to a mistyped word. (System.CommandLine's own corrections print a
/// list per unmatched token over several lines; ours go into the one error line.)
/// </summary>
static class TypoSuggestion
{
    public static IReadOnlyList<string> For(string word, Command command)
    {
        var candidates = command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            .Concat(command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)))
            .Distinct()
            .Select(name => (Name: name, Distance: Distance(word, name)))
            .Where(c => c.Distance <= Math.Max(1, c.Name.TrimStart('-').Length / 3))
            .ToList();
        if (candidates.Count == 0) return [];
        int best = candidates.Min(c => c.Distance);
        return candidates.Where(c => c.Distance == best).Select(c => c.Name).Take(3).ToList();
    }

    /// <summary>Levenshtein distance, ignoring case.</summary>
    static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            previous = current;
        }
        return previous[b.Length];
    }
}
