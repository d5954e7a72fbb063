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
        string seeds = first is null ? "" : I($" ({first.BaselineSeeds} baseline seeds, {first.CandidateSeeds} candidate seeds)");
        text.AppendLine($"{experiment}: {(moved ? "MOVED against" : "nothing moved against")} {baselinePath}{seeds}");
        text.AppendLine(I($"  {"",4} {"quantity",-16} {"baseline median",15} {"spread",9} {"candidate",10} {"shift",10} {"effect",8} {"p",9} {"p (Holm)",9}  verdict"));
        foreach (var t in tests)
            text.AppendLine(I($"  {(t.Flagged ? "FAIL" : ""),4} {t.Quantity,-16} {t.BaselineMedian,15:0.0000} {t.BaselineSpread,9:0.0000} {t.CandidateMedian,10:0.0000} {t.Shift,10:+0.0000;-0.0000;0} {Effect(t.Effect),8} {P(t.PValue),9} {P(t.AdjustedP),9}  {t.Verdict}"));
        return text.ToString();
    }

    static string Effect(double e) => double.IsNaN(e) ? "-" : double.IsInfinity(e) ? (e > 0 ? "+inf" : "-inf") : e.ToString("+0.00;-0.00;0", CultureInfo.InvariantCulture);
    static string P(double p) => double.IsNaN(p) ? "-" : p < 1e-4 ? p.ToString("0.0E+0", CultureInfo.InvariantCulture) : p.ToString("0.0000", CultureInfo.InvariantCulture);
    static string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
