using BenchSuite.Baselines;
using Shouldly;

namespace BenchSuite.Tests.Baselines;

[Trait("Category", "unit")]
public class SeedListTests
{
    [Theory]
    [InlineData("7001-7003", new long[] { 7001, 7002, 7003 })]
    [InlineData("5,9,1", new long[] { 5, 9, 1 })]
    [InlineData("7001-7002, 7010", new long[] { 7001, 7002, 7010 })]
    [InlineData("0", new long[] { 0 })]
    public void Lists_and_ranges_parse(string text, long[] expected) => SeedList.Parse(text).ShouldBe(expected);

    [Theory]
    [InlineData("7003-7001", "'7003-7001' is not a range")]
    [InlineData("abc", "'abc' is not a seed")]
    [InlineData("1,,2", "'' is not a seed")]
    [InlineData("-5", "'-5' is not a seed")]
    [InlineData("1,2,1", "seed 1 appears twice")]
    public void Bad_lists_name_the_bad_part(string text, string message) =>
        Should.Throw<FormatException>(() => SeedList.Parse(text)).Message.ShouldContain(message);

    [Fact]
    public void Format_writes_runs_as_ranges() => SeedList.Format([42, 43, 44, 50, 7001, 7002]).ShouldBe("42-44,50,7001-7002");
}
