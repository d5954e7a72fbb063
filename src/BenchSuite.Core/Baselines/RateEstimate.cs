using MathNet.Numerics.Distributions;

namespace BenchSuite.Baselines;

/// <summary>A rate measured as hits out of trials, with its exact (Clopper–Pearson) confidence interval.</summary>
internal sealed record RateEstimate(int Hits, int Trials)
{
    public double Rate => Trials == 0 ? double.NaN : (double)Hits / Trials;

    /// <summary>Clopper–Pearson interval from the beta distribution's quantiles (MathNet.Numerics).</summary>
    public (double Lower, double Upper) Interval(double confidence = 0.95)
    {
        if (Trials == 0) return (0, 1);
        double tail = (1 - confidence) / 2;
        double lower = Hits == 0 ? 0 : Beta.InvCDF(Hits, Trials - Hits + 1, tail);
        double upper = Hits == Trials ? 1 : Beta.InvCDF(Hits + 1, Trials - Hits, 1 - tail);
        return (lower, upper);
    }

    public override string ToString()
    {
        if (Trials == 0) return "not applicable";
        var (lo, hi) = Interval();
        return FormattableString.Invariant($"{Hits}/{Trials} = {Rate:0.0%} (95% CI {lo:0.0%}–{hi:0.0%})");
    }
}
