using System.Globalization;
using System.Text;

namespace BenchSuite.Baselines;

/// <summary>The gate's table for one experiment, as a reviewer reads it in a CI log.</summary>
internal static class GateReport
{
    public static string Render(string experiment, IReadOnlyList<QuantityTest> tests, bool moved, string baselinePath)
    {
        var text = new StringBuilder();
        var first = tests.FirstOrDefault();
        string seeds = first is null ? ""
            : first.Paired ? I($" ({first.BaselineSeeds} baseline seeds; {first.CandidateSeeds} of them rerun and compared seed by seed: shift = mean difference, p = paired t)")
            : I($" ({first.BaselineSeeds} baseline seeds, {first.CandidateSeeds} fresh candidate seeds: shift = difference of medians, p = Mann–Whitney)");
        text.AppendLine($"{experiment}: {(moved ? "MOVED against" : "nothing moved against")} {baselinePath}{seeds}");
        int width = Math.Max(22, tests.Select(t => t.Quantity.Length).DefaultIfEmpty(0).Max()); // mvar:batch_normalization_1
        text.AppendLine(I($"  {"",4} {"quantity".PadRight(width)} {"baseline median",15} {"spread",9} {"candidate",10} {"shift",10} {"effect",8} {"p",9} {"p (Holm)",9}  verdict"));
        foreach (var t in tests)
            text.AppendLine(I($"  {(t.Flagged ? "FAIL" : ""),4} {t.Quantity.PadRight(width)} {Value(t.BaselineMedian),15} {Value(t.BaselineSpread),9} {Value(t.CandidateMedian),10} {Value(t.Shift, signed: true),10} {Effect(t.Effect),8} {P(t.PValue),9} {P(t.AdjustedP),9}  {t.Verdict}"));
        return text.ToString();
    }

    /// <summary>Four decimals, or three significant digits for a value below 0.001 (BatchNorm's ε, its 10⁻⁸ spread), which four decimals would show as 0.</summary>
    internal static string Value(double value, bool signed = false)
    {
        if (value == 0) return "0";
        string sign = signed && value > 0 ? "+" : "";
        return sign + (Math.Abs(value) < 0.001 && double.IsFinite(value) ? I($"{value:0.00e+0}") : I($"{value:0.0000}"));
    }

    /// <summary>
    /// Which quantities were compared: the ones both the baseline and the candidates have (less those identical to
    /// another in every baseline seed); the others named, grouped by metric, with what to do about them.
    /// </summary>
    public static string Coverage(IReadOnlyList<string> baseline, IReadOnlyList<string> candidate, int compared)
    {
        var (baselineOnly, candidateOnly) = GateDecision.Unmatched(baseline, candidate);
        int shared = baseline.Count - baselineOnly.Count;
        var text = new StringBuilder();
        text.AppendLine(I($"  compared: {compared} quantities both the baseline and the candidates have") +
                        (shared > compared ? I($" ({shared - compared} more left out: identical to another in every baseline seed)") : ""));
        if (candidateOnly.Count > 0)
            text.AppendLine(I($"  not compared, {candidateOnly.Count} only in the candidates (re-record the baseline to gate them): {Summarize(candidateOnly)}"));
        if (baselineOnly.Count > 0)
            text.AppendLine(I($"  not compared, {baselineOnly.Count} only in the baseline (not gated in this tier): {Summarize(baselineOnly)}"));
        return text.ToString();
    }

    /// <summary><c>e1/a, e2/a, e1/b, e2/b</c> → <c>e1–e2: a, b</c>; metrics on different epochs each with theirs.</summary>
    public static string Summarize(IEnumerable<string> names)
    {
        var byMetric = names.Select(n => (Epoch: n.Split('/')[0], Metric: n.Contains('/') ? n[(n.IndexOf('/') + 1)..] : n))
            .GroupBy(x => x.Metric).Select(g => (Metric: g.Key, Epochs: string.Join(",", g.Select(x => x.Epoch).Distinct()))).ToList();
        if (byMetric.Count == 0) return "";
        var epochSets = byMetric.Select(m => m.Epochs).Distinct().ToList();
        return epochSets.Count == 1
            ? $"{Epochs(epochSets[0])}: {string.Join(", ", byMetric.Select(m => m.Metric))}"
            : string.Join(", ", byMetric.Select(m => $"{m.Metric} ({Epochs(m.Epochs)})"));
    }

    /// <summary><c>e1,e2,e3</c> → <c>e1–e3</c> when consecutive.</summary>
    static string Epochs(string list)
    {
        var parts = list.Split(',');
        var numbers = parts.Select(p => int.TryParse(p.TrimStart('e'), out int n) ? n : -1).ToList();
        bool consecutive = parts.Length > 2 && numbers.All(n => n >= 0) && numbers.Zip(numbers.Skip(1)).All(p => p.Second == p.First + 1);
        return consecutive ? $"{parts[0]}–{parts[^1]}" : list;
    }

    static string Effect(double e) => double.IsNaN(e) ? "-" : double.IsInfinity(e) ? (e > 0 ? "+inf" : "-inf") : e.ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture);
    static string P(double p) => double.IsNaN(p) ? "-" : p < 1e-4 ? p.ToString("0.0E+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);
    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
