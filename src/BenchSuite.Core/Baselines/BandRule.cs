namespace BenchSuite.Baselines;

/// <summary>
/// Turns K seeds' values of one metric into a band, the way MLPerf sets reference convergence points from many
/// runs: band = max(3·sd, largest distance of any seed from the mean, floor), where the floor keeps a band from
/// collapsing when few seeds happen to agree (and is all a zero-variance metric such as a run's absent penalty gets).
/// </summary>
public static class BandRule
{
    public const string Description = "band = max(3*sd, max |seed - mean|, floor); floor = max(absolute, relative*|mean|) per metric";

    /// <summary>(absolute, relative) floors per metric.</summary>
    public static readonly IReadOnlyDictionary<string, (double Absolute, double Relative)> Floors = new Dictionary<string, (double, double)>
    {
        ["loss"] = (0.02, 0.01),
        ["accuracy"] = (0.02, 0),
        ["val_loss"] = (0.05, 0.02),
        ["val_accuracy"] = (0.03, 0),
        ["data_loss"] = (0.02, 0.01),
        ["penalty"] = (1e-4, 0.02),
    };

    public static MetricBand From(string metric, IReadOnlyList<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("A band needs at least one value.", nameof(values));
        double mean = values.Average();
        double sd = values.Count > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) : 0;
        double spread = values.Max(v => Math.Abs(v - mean));
        var (absolute, relative) = Floors[metric];
        double floor = Math.Max(absolute, relative * Math.Abs(mean));
        return new MetricBand(mean, sd, values.Min(), values.Max(), Math.Max(Math.Max(3 * sd, spread), floor));
    }
}
