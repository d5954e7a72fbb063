using BenchmarkDotNet.Running;

namespace BenchSuite.Benchmarks;

/// <summary>"Images/s" = BatchSize / mean time of one operation, for benchmarks with a BatchSize parameter.</summary>
sealed class ImagesPerSecondColumn : RateColumn
{
    public const string Parameter = "BatchSize";

    public override string Id => nameof(ImagesPerSecondColumn);
    public override string ColumnName => "Images/s";
    public override int PriorityInCategory => 0;
    public override string Legend => $"Images per second: {Parameter} / Mean";

    public override double? AmountPerOperation(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == Parameter)?.Value is int batch ? batch : null;
}
