namespace BenchSuite.Training;

/// <summary>Applies one update from the gradients autograd left on the parameters (clearing them is the model's job).</summary>
public interface IOptimizer : IDisposable
{
    void Step();
}
