using System.Text.Json;
using BenchSuite.Data;

namespace BenchSuite.Tests.Data;

/// <summary>
/// TrainTestSplit and NumpyRandomState against values written by real numpy 1.24.2 / scikit-learn 1.2.1
/// (fixtures/split/, see its README), plus MT19937 values that do not come from numpy at all.
/// </summary>
[Trait("Category", "unit")]
public sealed class TrainTestSplitTests
{
    static readonly string FixtureDirectory = RepoPaths.Fixture("split");

    public static TheoryData<string> SplitFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(FixtureDirectory, "split-*.json").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(SplitFixtures))]
    public void Split_matches_scikit_learn(string fixture)
    {
        using var json = ReadFixture(fixture);
        var root = json.RootElement;
        int n = root.GetProperty("n").GetInt32();
        double testSize = root.GetProperty("test_size").GetDouble();
        long randomState = root.GetProperty("random_state").GetInt64();

        // Seeds above int.MaxValue are legal in numpy; they reach us only through a NumpyRandomState.
        var split = randomState <= int.MaxValue
            ? TrainTestSplit.Split(n, testSize, (int)randomState)
            : TrainTestSplit.Split(n, testSize, new NumpyRandomState((uint)randomState));

        Assert.Equal(IntArray(root.GetProperty("validation")), split.Validation);
        Assert.Equal(IntArray(root.GetProperty("train")), split.Train);
    }

    [Fact]
    public void The_Keras_split_holds_out_10000_of_50000_rows_exactly_as_scikit_learn()
    {
        // The fixture theory compares every index; this pins the documented case in case its file goes missing.
        var split = TrainTestSplit.Split(50_000, 0.2, 42);

        Assert.Equal(40_000, split.Train.Length);
        Assert.Equal(10_000, split.Validation.Length);
        Assert.Equal([33553, 9427, 199, 12447, 39489], split.Validation[..5]);
        Assert.Equal([18707, 15200, 5857], split.Validation[^3..]);
        Assert.Equal([39087, 30893, 45278, 16398, 13653], split.Train[..5]);
        Assert.Equal([38158, 860, 15795], split.Train[^3..]);
        Assert.True(File.Exists(Path.Combine(FixtureDirectory, "split-n50000-ts0.2-rs42.json")));
    }

    [Fact]
    public void MT19937_seeded_5489_gives_the_reference_outputs()
    {
        // Independent of numpy: the first outputs of Matsumoto and Nishimura's mt19937ar after init_genrand(5489),
        // and the 10000th output, which the C++ standard requires of a default-constructed std::mt19937.
        var rng = new NumpyRandomState(5489);
        uint[] first = [.. Enumerable.Range(0, 5).Select(_ => rng.NextUInt32())];
        Assert.Equal([3499211612u, 581869302u, 3890346734u, 3586334585u, 545404204u], first);

        for (int i = 6; i < 10_000; i++)
            rng.NextUInt32();
        Assert.Equal(4123659995u, rng.NextUInt32());
    }

    [Fact]
    public void MT19937_matches_numpy_RandomState_for_every_fixture_seed()
    {
        using var json = ReadFixture("mt19937.json");
        var bySeed = json.RootElement.GetProperty("outputs_by_seed");
        Assert.NotEmpty(bySeed.EnumerateObject());

        foreach (var seed in bySeed.EnumerateObject())
        {
            var rng = new NumpyRandomState(uint.Parse(seed.Name));
            uint[] expected = [.. seed.Value.EnumerateArray().Select(e => e.GetUInt32())];
            uint[] actual = [.. expected.Select(_ => rng.NextUInt32())];
            Assert.True(expected.SequenceEqual(actual), $"seed {seed.Name}: outputs differ from numpy");
        }
    }

    [Fact]
    public void RandomInterval_matches_numpy_on_both_the_32_and_64_bit_paths()
    {
        using var json = ReadFixture("random-interval.json");
        var root = json.RootElement;
        uint seed = root.GetProperty("seed").GetUInt32();
        var byMax = root.GetProperty("draws_by_max");
        Assert.Contains(byMax.EnumerateObject(), m => long.Parse(m.Name) > uint.MaxValue);

        foreach (var entry in byMax.EnumerateObject())
        {
            long max = long.Parse(entry.Name);
            var rng = new NumpyRandomState(seed);
            long[] expected = [.. entry.Value.EnumerateArray().Select(e => e.GetInt64())];
            long[] actual = [.. expected.Select(_ => rng.RandomInterval(max))];
            Assert.True(expected.SequenceEqual(actual), $"max {max}: expected [{string.Join(",", expected)}], got [{string.Join(",", actual)}]");
        }
    }

    [Fact]
    public void RandomInterval_of_zero_consumes_no_output()
    {
        var a = new NumpyRandomState(7);
        var b = new NumpyRandomState(7);
        Assert.Equal(0, a.RandomInterval(0));
        Assert.Equal(b.NextUInt32(), a.NextUInt32());
    }

    [Fact]
    public void Permutation_matches_numpy_for_seed_0()
    {
        // np.random.RandomState(0).permutation(10)
        Assert.Equal([2, 8, 4, 9, 1, 6, 7, 3, 0, 5], new NumpyRandomState(0).Permutation(10));
    }

    [Theory]
    [InlineData(2, 0.5, 0)]
    [InlineData(3, 0.01, 1)]
    [InlineData(97, 0.3, 5)]
    [InlineData(4096, 0.999, 99)]
    [InlineData(10_007, 0.2, 2_000_000_000)]
    public void Train_and_validation_together_are_a_permutation_of_all_rows(int n, double testSize, int randomState)
    {
        var split = TrainTestSplit.Split(n, testSize, randomState);

        Assert.Equal((int)Math.Ceiling(testSize * n), split.Validation.Length);
        Assert.Equal(n - split.Validation.Length, split.Train.Length);
        int[] all = [.. split.Validation, .. split.Train];
        Assert.Equal(Enumerable.Range(0, n), all.Order());
    }

    [Fact]
    public void The_split_depends_on_the_seed_and_only_on_it()
    {
        Assert.Equal(TrainTestSplit.Split(1000, 0.2, 42).Validation, TrainTestSplit.Split(1000, 0.2, 42).Validation);
        Assert.NotEqual(TrainTestSplit.Split(1000, 0.2, 42).Validation, TrainTestSplit.Split(1000, 0.2, 43).Validation);
    }

    [Theory]
    [InlineData(1, 0.5, 0, "n", "1")]
    [InlineData(0, 0.5, 0, "n", "0")]
    [InlineData(-3, 0.5, 0, "n", "-3")]
    [InlineData(10, 0.0, 0, "testSize", "0")]
    [InlineData(10, 1.0, 0, "testSize", "1")]
    [InlineData(10, -0.2, 0, "testSize", "-0.2")]
    [InlineData(10, 1.5, 0, "testSize", "1.5")]
    [InlineData(10, double.NaN, 0, "testSize", "NaN")]
    [InlineData(10, double.PositiveInfinity, 0, "testSize", "Infinity")]
    [InlineData(5, 0.9, 0, "testSize", "0.9")] // ceil(4.5) = 5 leaves no training row
    [InlineData(2, 0.6, 0, "testSize", "0.6")]
    [InlineData(10, 0.2, -1, "randomState", "-1")]
    [InlineData(10, 0.2, int.MinValue, "randomState", "-2147483648")]
    public void Bad_arguments_throw_naming_the_parameter_and_value(int n, double testSize, int randomState, string parameter, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => TrainTestSplit.Split(n, testSize, randomState));

        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"{parameter} = {value} is not allowed", error.Message);
    }

    [Fact]
    public void Negative_interval_and_permutation_sizes_are_rejected()
    {
        var rng = new NumpyRandomState(1);
        Assert.Equal("max", Assert.Throws<ArgumentOutOfRangeException>(() => rng.RandomInterval(-1)).ParamName);
        Assert.Equal("n", Assert.Throws<ArgumentOutOfRangeException>(() => rng.Permutation(-1)).ParamName);
    }

    static JsonDocument ReadFixture(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(FixtureDirectory, name)));

    static int[] IntArray(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetInt32())];
}
