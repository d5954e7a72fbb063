namespace BenchSuite.Training;

/// <summary>The two calls a training step makes of its optimizer.</summary>
public interface IOptimizer : IDisposable
{
    void ZeroGrad();
    void Step();
}
