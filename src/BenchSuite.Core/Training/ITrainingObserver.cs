using BenchSuite.Results;

namespace BenchSuite.Training;

/// <summary>Progress of a run, for a progress bar or a log. Called on the training thread; keep it cheap.</summary>
public interface ITrainingObserver
{
    void EpochStarted(int epoch, int epochs, int steps);
    /// <summary>Every few steps: running means so far in this epoch.</summary>
    void StepsDone(int step, int steps, double loss, double accuracy, TimeSpan elapsed);
    void EpochEnded(EpochMetrics metrics);
}
