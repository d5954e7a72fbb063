using System.Globalization;

namespace BenchSuite.Data;

/// <summary>Row indices of the two sides of a split, each in the order scikit-learn returns them (permuted, not sorted).</summary>
public sealed record SplitIndices(int[] Train, int[] Validation);

/// <summary>
/// scikit-learn's <c>train_test_split(x, y, test_size=..., random_state=...)</c> (shuffle on, no stratify, no
/// train_size), reproduced index for index so that our validation rows are the ones the Keras script held out.
/// Internally that is <c>_validate_shuffle_split</c> for the sizes and one <c>ShuffleSplit</c> permutation
/// drawn from <c>RandomState(random_state)</c>. Checked against scikit-learn 1.2.1 by the fixtures in <c>fixtures/split/</c>.
/// </summary>
public static class TrainTestSplit
{
    /// <summary>Splits rows 0..n-1 with a float <c>test_size</c> and an integer <c>random_state</c>.</summary>
    public static SplitIndices Split(int n, double testSize, int randomState)
    {
        // Checked here, not left to NumpyRandomState's uint, because a silent wrap would pick another seed;
        // numpy itself raises "Seed must be between 0 and 2**32 - 1".
        if (randomState < 0)
            throw new ArgumentException(
                Invariant($"randomState = {randomState} is not allowed: numpy seeds must be between 0 and 2**32 - 1."),
                nameof(randomState));
        return Split(n, testSize, new NumpyRandomState((uint)randomState));
    }

    /// <summary>
    /// Like passing a <c>RandomState</c> instance as <c>random_state</c>: draws the permutation from
    /// <paramref name="rng"/>, which also reaches seeds above <see cref="int.MaxValue"/>.
    /// </summary>
    internal static SplitIndices Split(int n, double testSize, NumpyRandomState rng)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (n < 2)
            throw new ArgumentException(Invariant($"n = {n} is not allowed: a split needs at least 2 rows."), nameof(n));
        // The negated form also rejects NaN.
        if (!(testSize > 0 && testSize < 1))
            throw new ArgumentException(
                Invariant($"testSize = {testSize} is not allowed: it must be a fraction strictly between 0 and 1."),
                nameof(testSize));

        // Deliberately the same double product sklearn computes, rounding artefacts included:
        // 0.07 * 100 is 7.000000000000001 there too, so both hold out 8 rows.
        int nValidation = (int)Math.Ceiling(testSize * n);
        int nTrain = n - nValidation;
        if (nTrain == 0)
            throw new ArgumentException(
                Invariant($"testSize = {testSize} is not allowed with n = {n}: it leaves no training rows ") +
                Invariant($"(ceil(testSize * n) = {nValidation}); ceil(testSize * n) must be at most n - 1."),
                nameof(testSize));

        int[] permutation = rng.Permutation(n);
        return new SplitIndices(permutation[nValidation..], permutation[..nValidation]);
    }

    // Messages must read the same on every machine, whatever its culture (0.2, not 0,2).
    static string Invariant(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
