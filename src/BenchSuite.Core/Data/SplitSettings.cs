namespace BenchSuite.Data;

/// <summary>scikit-learn <c>train_test_split(test_size=TestSize, random_state=RandomState)</c> of the 50,000 training images.</summary>
public sealed record SplitSettings(double TestSize, int RandomState);
