namespace BenchSuite.Runtime;

/// <summary>
/// libgomp's <c>OMP_WAIT_POLICY</c>, which the suite never sets but every timing inherits: under <c>PASSIVE</c> an
/// idle worker sleeps and must be woken for every parallel region, so many small operations cost several times more
/// (the input probe: 995 µs a batch by default, 6.1 ms passive; README, <i>Throughput</i>). Anything that prints
/// timings names it beside them.
/// </summary>
public static class OpenMpWaitPolicy
{
    public const string Variable = "OMP_WAIT_POLICY";

    /// <summary>One line naming the policy when the environment sets one; null when libgomp's default applies.</summary>
    public static string? Note(IReadOnlyDictionary<string, string>? environment = null)
    {
        string? value = environment is null ? Environment.GetEnvironmentVariable(Variable)
            : environment.GetValueOrDefault(Variable);
        return value is null ? null
            : $"{Variable}={value} is set in this environment (the suite does not set it; every torch process it starts inherits it)";
    }
}
