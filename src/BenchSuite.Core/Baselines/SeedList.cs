using System.Globalization;

namespace BenchSuite.Baselines;

/// <summary>Seed lists as the command line writes them: <c>7001-7008</c>, <c>1,5,9</c>, or both (<c>7001-7004,7010</c>).</summary>
public static class SeedList
{
    public static IReadOnlyList<long> Range(long first, int count) => Enumerable.Range(0, count).Select(i => first + i).ToList();

    /// <exception cref="FormatException">One line naming the bad part and the accepted forms.</exception>
    public static IReadOnlyList<long> Parse(string text)
    {
        const string forms = "write a comma list (7001,7002), a range (7001-7008) or both (7001-7004,7010)";
        var seeds = new List<long>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries))
        {
            int dash = raw.IndexOf('-', 1 < raw.Length ? 1 : 0);
            if (raw.Length > 0 && dash > 0)
            {
                if (!TryParse(raw[..dash], out long from) || !TryParse(raw[(dash + 1)..], out long to) || to < from)
                    throw new FormatException($"seeds '{text}': '{raw}' is not a range FROM-TO with 0 <= FROM <= TO; {forms}.");
                if (to - from >= 100_000) throw new FormatException($"seeds '{text}': range '{raw}' has more than 100,000 seeds.");
                for (long s = from; s <= to; s++) seeds.Add(s);
            }
            else if (TryParse(raw, out long seed)) seeds.Add(seed);
            else throw new FormatException($"seeds '{text}': '{raw}' is not a seed (a whole number >= 0); {forms}.");
        }
        var duplicate = seeds.GroupBy(s => s).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new FormatException($"seeds '{text}': seed {duplicate.Key} appears twice.");
        return seeds;
    }

    /// <summary>Compact text for a sorted or unsorted list: consecutive runs as ranges.</summary>
    public static string Format(IEnumerable<long> seeds)
    {
        var parts = new List<string>();
        var list = seeds.ToList();
        for (int i = 0; i < list.Count;)
        {
            int j = i;
            while (j + 1 < list.Count && list[j + 1] == list[j] + 1) j++;
            parts.Add(j == i ? list[i].ToString(CultureInfo.InvariantCulture) : $"{list[i]}-{list[j]}");
            i = j + 1;
        }
        return string.Join(',', parts);
    }

    static bool TryParse(string s, out long value) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
