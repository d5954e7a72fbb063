using System.Diagnostics;
using System.Globalization;

namespace BenchSuite.Throughput;

/// <summary>
/// A known regression on demand, to measure that the throughput gate fires: with BENCHSUITE_INJECT_SLOWDOWN=P the
/// training step waits, after its work, for P % of the time the work took, so it is P % slower whatever the
/// host's speed at that moment. <c>benchsuite bench versions BASE DIFF --rounds N --inject-slowdown P</c> sets it for
/// the diff's runs only; the results carry it (<c>injectedSlowdownPercent</c>) and cannot become a baseline.
/// </summary>
public static class InjectedSlowdown
{
    public const string Variable = "BENCHSUITE_INJECT_SLOWDOWN";

    /// <summary>The fraction to add (0.15 for 15 %), or null when the variable is unset or empty.</summary>
    public static double? Fraction => Parse(Environment.GetEnvironmentVariable(Variable));

    /// <summary>"15" → 0.15; a value that is not a percentage between 0 and 1000 stops the run with the variable named.</summary>
    public static double? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double percent) && percent is >= 0 and <= 1000)
            return percent / 100;
        throw new InvalidOperationException($"{Variable} must be a percentage between 0 and 1000 (e.g. 15), got '{text}'; unset it to measure normally.");
    }

    /// <summary>
    /// Waits until <paramref name="fraction"/> × the time since <paramref name="workStarted"/> has passed again: it
    /// sleeps for all but the last millisecond, then reads the clock until the moment comes. Not a spin with pause
    /// instructions: with Thread.SpinWait a 20 % injection made the deep step 1.25–3.8× slower on this VM (2 Dec 2026;
    /// most likely the hypervisor descheduling a vCPU that pauses in a loop), a slowdown nobody asked for.
    /// </summary>
    public static void After(long workStarted, double fraction)
    {
        long work = Stopwatch.GetTimestamp() - workStarted;
        long until = Stopwatch.GetTimestamp() + (long)(work * fraction);
        double sleepMs = (until - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency - 1;
        if (sleepMs >= 1) Thread.Sleep(TimeSpan.FromMilliseconds(sleepMs));
        while (Stopwatch.GetTimestamp() < until) { }
    }
}
