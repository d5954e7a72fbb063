using System.Diagnostics;
using BenchSuite.Throughput;
using Shouldly;

namespace BenchSuite.Tests.Throughput;

/// <summary>The deliberate slowdown that shows the gate fires: its variable's values, and that it adds at least what it says.</summary>
[Trait("Category", "unit")]
public sealed class InjectedSlowdownTests
{
    [Theory]
    [InlineData("20", 0.20)]
    [InlineData("7.5", 0.075)]
    [InlineData("0", 0.0)]
    public void A_percentage_becomes_a_fraction(string text, double fraction) => InjectedSlowdown.Parse(text)!.Value.ShouldBe(fraction, 1e-15);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_means_no_slowdown(string? text) => InjectedSlowdown.Parse(text).ShouldBeNull();

    [Theory]
    [InlineData("fast")]
    [InlineData("-5")]
    [InlineData("20%")]
    [InlineData("5000")]
    public void Anything_else_stops_the_run_naming_the_variable(string text) =>
        Should.Throw<InvalidOperationException>(() => InjectedSlowdown.Parse(text)).Message.ShouldContain($"{InjectedSlowdown.Variable} must be a percentage");

    [Fact]
    public void The_wait_lasts_at_least_the_fraction_of_the_work()
    {
        long started = Stopwatch.GetTimestamp();
        Thread.Sleep(20); // the "work"
        long workEnded = Stopwatch.GetTimestamp();

        InjectedSlowdown.After(started, 0.5);

        double work = Stopwatch.GetElapsedTime(started, workEnded).TotalMilliseconds;
        Stopwatch.GetElapsedTime(workEnded).TotalMilliseconds.ShouldBeGreaterThanOrEqualTo(0.5 * work * 0.999);
    }
}
