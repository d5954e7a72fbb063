using System.Diagnostics;
using BenchSuite.Data;
using BenchSuite.Training;
using Shouldly;
using TorchSharp;

namespace BenchSuite.Tests.Training;

/// <summary>Tensors are native memory: every step's tensors must be freed, so memory stays flat across epochs.</summary>
[Trait("Category", "unit")]
public class MemoryTests
{
    [Fact]
    public void Live_tensors_and_resident_memory_stay_flat_across_epochs()
    {
        var observer = new MemoryProbe();
        var run = ExperimentRunner.Run(TrainerTests.Quick("deep-l2", epochs: 6, trainLimit: 320), DataLocator.Resolve(null, null, environment: ""), observer);

        run.Complete.ShouldBeTrue();
        // After the first epoch (allocator warm-up), no epoch may leave more live tensors behind than the one before.
        observer.LiveTensors.Skip(1).Distinct().Count().ShouldBe(1, $"live tensors per epoch: {string.Join(", ", observer.LiveTensors)}");
        long growth = observer.ResidentBytes[^1] - observer.ResidentBytes[1];
        growth.ShouldBeLessThan(48L << 20, $"resident MB per epoch: {string.Join(", ", observer.ResidentBytes.Select(b => b >> 20))}");
    }

    sealed class MemoryProbe : ITrainingObserver
    {
        public List<long> LiveTensors { get; } = [];
        public List<long> ResidentBytes { get; } = [];

        public void EpochStarted(int epoch, int epochs, int steps) { }
        public void StepsDone(int step, int steps, double loss, double accuracy, TimeSpan elapsed) { }

        public void EpochEnded(EpochMetrics metrics)
        {
            LiveTensors.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
            using var process = Process.GetCurrentProcess();
            ResidentBytes.Add(process.WorkingSet64);
        }
    }
}
