using BenchSuite.Configuration;
using BenchSuite.Data;
using BenchSuite.Models;
using BenchSuite.Results;
using BenchSuite.Runtime;
using BenchSuite.Training;

namespace BenchSuite.Tests.Reports;

/// <summary>Hand-made run records (no training) for the tests of what reads records.</summary>
static class SampleRecords
{
    static readonly Platform Here = Platform.Current;

    internal static RunRecord Run(long seed, params double[] lossPerEpoch) => new()
    {
        Experiment = "shallow-none",
        Complete = true,
        Configuration = Shipped.Defaults with
        {
            Name = "shallow-none", Description = "", Documented = null,
            Training = Shipped.Defaults.Training with { Epochs = lossPerEpoch.Length, Seed = seed },
        },
        Seed = seed, Device = "cpu", Threads = 2, FlushDenormals = true, Platform = Here,
        Data = new DataDescription("embedded", "/data", "sha256:abcdef0123456789", 1024, 256),
        StartedAt = DateTimeOffset.UnixEpoch, FinishedAt = DateTimeOffset.UnixEpoch,
        Epochs = lossPerEpoch.Select((loss, i) => new EpochMetrics
        {
            Epoch = i + 1, Steps = 32, Loss = loss, Accuracy = 0.4, ValLoss = 1.5, ValAccuracy = 0.45, DataLoss = loss, Penalty = 0,
            KernelNorms = new Dictionary<string, double>(), Seconds = 1, ImagesPerSecond = 1000, ValidationSeconds = 0.1,
        }).ToList(),
    };
}
