using BenchSuite.Baselines;

namespace BenchSuite.Reports;

/// <summary>One metric of one epoch over a baseline's seeds: what a report draws as the baseline's band.</summary>
internal sealed record MetricSpread(double Median, double Mean, double Min, double Max);

/// <summary>A baseline's per-seed values (quantities named <c>e{epoch}/{metric}</c>) as per-epoch spreads.</summary>
internal sealed record BaselineEpoch(int Epoch, IReadOnlyDictionary<string, MetricSpread> Metrics);

internal static class BaselineDistribution
{
    public static IReadOnlyList<BaselineEpoch> Epochs(Baseline baseline)
    {
        var byEpoch = new SortedDictionary<int, Dictionary<string, MetricSpread>>();
        for (int q = 0; q < baseline.Quantities.Count; q++)
        {
            string name = baseline.Quantities[q];
            int slash = name.IndexOf('/');
            if (slash < 2 || name[0] != 'e' || !int.TryParse(name[1..slash], out int epoch)) continue;
            var values = baseline.Seeds.Select(s => s.Values[q]).Where(double.IsFinite).Order().ToList();
            if (values.Count == 0) continue;
            double median = GateStatistics.Median(values);
            if (!byEpoch.TryGetValue(epoch, out var metrics)) byEpoch[epoch] = metrics = [];
            metrics[name[(slash + 1)..]] = new MetricSpread(median, values.Average(), values[0], values[^1]);
        }
        return byEpoch.Select(e => new BaselineEpoch(e.Key, e.Value)).ToList();
    }
}
