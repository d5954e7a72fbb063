using System.Globalization;
using System.Text;

namespace BenchSuite.Baselines;

/// <summary>A comparison as a table a reviewer can read in a CI log.</summary>
public static class ComparisonReport
{
    public static string Render(BaselineComparison comparison, string baselinePath)
    {
        var text = new StringBuilder();
        text.AppendLine($"{comparison.Experiment}: {(comparison.Passed ? "matches" : "DOES NOT MATCH")} {baselinePath}");
        foreach (var problem in comparison.Problems) text.AppendLine($"  problem: {problem}");
        text.AppendLine($"  {comparison.Replay.Reason}: {(comparison.Replay.Applied ? (comparison.Replay.Passed ? "bit-identical" : $"{comparison.Replay.Mismatches.Count} metric(s) differ") : "skipped")}");
        foreach (var m in comparison.Replay.Mismatches)
            text.AppendLine(I($"    epoch {m.Epoch} {m.Metric}: expected {m.Expected:R}, got {m.Actual:R}"));

        text.AppendLine(I($"  {"",4} {"experiment",-14} {"epoch",5} {"metric",-13} {"expected ± band",-22} {"actual",10} {"delta",10} {"bands off",9}"));
        foreach (var c in comparison.Checks)
            text.AppendLine(I($"  {(c.Passed ? "" : "FAIL"),4} {c.Experiment,-14} {c.Epoch,5} {c.Metric,-13} {$"{c.Expected:0.0000} ± {c.Band:0.0000}",-22} {c.Actual,10:0.0000} {c.Delta,10:+0.0000;-0.0000;0} {c.BandsOff,9:0.00}"));
        return text.ToString();
    }

    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
