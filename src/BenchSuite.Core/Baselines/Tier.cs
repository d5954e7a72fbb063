namespace BenchSuite.Baselines;

/// <summary>
/// How much of an experiment a snapshot test runs, and on which data. Each tier has its own baselines.
/// </summary>
/// <param name="Name">fixture | cifar10-quick | cifar10-full.</param>
/// <param name="NeedsCifar10">True: needs real CIFAR-10 (BENCHSUITE_CIFAR10); false: the embedded synthetic set.</param>
/// <param name="Overrides">Experiment keys the tier sets on top of the shipped experiment.</param>
public sealed record Tier(string Name, bool NeedsCifar10, IReadOnlyDictionary<string, string?> Overrides, string Purpose)
{
    public const string EnvironmentVariable = "BENCHSUITE_TIER";

    public static readonly Tier Fixture = new("fixture", false, new Dictionary<string, string?>(),
        "default for dotnet test: the four experiments on the embedded synthetic set (1,024 train / 256 validation images), 3 epochs");

    public static readonly Tier Cifar10Quick = new("cifar10-quick", true, new Dictionary<string, string?>
    {
        ["training:epochs"] = "1",
        ["training:trainLimit"] = "4000",
        ["training:validationLimit"] = "2000",
    }, "real CIFAR-10, 1 epoch on the first 4,000 training and 2,000 validation images of the split (about a minute on 2 CPU cores)");

    public static readonly Tier Cifar10Full = new("cifar10-full", true, new Dictionary<string, string?>(),
        "real CIFAR-10, the documented 3-epoch runs on all 40,000 / 10,000 images (meant for GPU runners; ~15 min on 2 CPU cores)");

    public static readonly IReadOnlyList<Tier> All = [Fixture, Cifar10Quick, Cifar10Full];

    public static Tier Parse(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return Fixture;
        return All.FirstOrDefault(t => t.Name == name)
               ?? throw new ArgumentException($"Unknown tier '{name}'. Known tiers: {string.Join(", ", All.Select(t => t.Name))}.");
    }

    /// <summary>The tier chosen by BENCHSUITE_TIER (default: fixture).</summary>
    public static Tier FromEnvironment() => Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
}
