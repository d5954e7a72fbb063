using BenchSuite.Models;
using BenchSuite.Results;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Collects a <see cref="TrainingCurve"/> while <see cref="Trainer"/> runs. It reads nothing off the device between
/// points: at a point it takes the trainer's cumulative epoch sums (one read) and the kernel norms and relative
/// changes (one more read), and keeps a copy of each kernel to measure the next interval's change.
/// </summary>
internal sealed class CurveRecorder : IDisposable
{
    /// <summary>About this many points per epoch when no interval is configured.</summary>
    public const int DefaultPointsPerEpoch = 50;

    readonly IReadOnlyList<(string Name, Tensor Kernel, Tensor Previous)> kernels;
    readonly int every, stepsPerEpoch;
    readonly Dictionary<string, double> initialNorms;
    readonly List<int> step = [], epoch = [];
    readonly List<double> loss = [], dataLoss = [], penalty = [], accuracy = [];
    readonly Dictionary<string, List<double>> norms, changes;
    double[] previousSums = new double[4];
    long previousSamples;

    /// <param name="everySteps">Steps between points; 0: about <see cref="DefaultPointsPerEpoch"/> per epoch.</param>
    public CurveRecorder(KerasModel model, int stepsPerEpoch, int everySteps)
    {
        this.stepsPerEpoch = stepsPerEpoch;
        every = Interval(stepsPerEpoch, everySteps);
        using var noGrad = no_grad();
        kernels = model.Layers.Where(l => l.Module is IHasKernel)
            .Select(l => (l.Name, ((IHasKernel)l.Module!).Kernel, ((IHasKernel)l.Module!).Kernel.detach().clone().DetachFromDisposeScope()))
            .ToList();
        using (NewDisposeScope())
        {
            var values = stack(kernels.Select(k => k.Previous.norm().to(float64)).ToArray()).cpu().data<double>().ToArray();
            initialNorms = kernels.Select((k, i) => (k.Name, values[i])).ToDictionary(p => p.Name, p => p.Item2);
        }
        norms = kernels.ToDictionary(k => k.Name, _ => new List<double>());
        changes = kernels.ToDictionary(k => k.Name, _ => new List<double>());
    }

    /// <summary>The configured interval, or one that gives about 50 points per epoch (at least 1 step).</summary>
    public static int Interval(int stepsPerEpoch, int everySteps) =>
        everySteps > 0 ? everySteps : Math.Max(1, (int)Math.Round((double)stepsPerEpoch / DefaultPointsPerEpoch));

    public void EpochStarted()
    {
        previousSums = new double[4];
        previousSamples = 0;
    }

    /// <summary>Whether step <paramref name="stepInEpoch"/> (1-based) closes a point.</summary>
    public bool IsPoint(int stepInEpoch) => stepInEpoch % every == 0 || stepInEpoch == stepsPerEpoch;

    /// <param name="sums">The epoch's cumulative per-sample-weighted sums of loss, data loss, penalty and correct predictions.</param>
    /// <param name="samples">Images seen in this epoch so far.</param>
    public void Record(int epochNumber, int stepInEpoch, double[] sums, long samples)
    {
        double n = samples - previousSamples;
        step.Add((epochNumber - 1) * stepsPerEpoch + stepInEpoch);
        epoch.Add(epochNumber);
        loss.Add((sums[0] - previousSums[0]) / n);
        dataLoss.Add((sums[1] - previousSums[1]) / n);
        penalty.Add((sums[2] - previousSums[2]) / n);
        accuracy.Add((sums[3] - previousSums[3]) / n);
        previousSums = (double[])sums.Clone();
        previousSamples = samples;

        // Per kernel: its norm, torch's (as the epoch's KernelNorms computes it, so an epoch's last point and the epoch
        // agree), and the distance from the previous point together with the copy for the next one: in one pass
        // (KernelDistance) for a float32 kernel in CPU memory, where torch's dist would make a temporary the size of the
        // kernel (16 MB for the shallow model's dense one; a point falls every 2-3 steps at short epochs); elsewhere
        // dist and copy_. ‖W_prev‖ is the previous point's norm (the initial norm at the first point), not computed again.
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var distances = new double[kernels.Count];
        var onDevice = new List<int>();
        for (int i = 0; i < kernels.Count; i++)
            if (!KernelDistance.TryMeasureAndCopy(kernels[i].Kernel, kernels[i].Previous, out distances[i]))
                onDevice.Add(i);
        var read = stack(kernels.Select(k => k.Kernel.norm().to(float64))
                .Concat(onDevice.Select(i => kernels[i].Kernel.dist(kernels[i].Previous).to(float64)))
                .ToArray()).cpu().data<double>().ToArray(); // one device read for every kernel
        for (int j = 0; j < onDevice.Count; j++)
        {
            distances[onDevice[j]] = read[kernels.Count + j];
            kernels[onDevice[j]].Previous.copy_(kernels[onDevice[j]].Kernel);
        }
        for (int i = 0; i < kernels.Count; i++)
        {
            var name = kernels[i].Name;
            double previousNorm = norms[name].Count > 0 ? norms[name][^1] : initialNorms[name];
            norms[name].Add(read[i]);
            changes[name].Add(distances[i] / previousNorm);
        }
    }

    public TrainingCurve ToCurve() => new()
    {
        EverySteps = every,
        StepsPerEpoch = stepsPerEpoch,
        Step = [.. step],
        Epoch = [.. epoch],
        Loss = [.. loss],
        DataLoss = [.. dataLoss],
        Penalty = [.. penalty],
        Accuracy = [.. accuracy],
        InitialKernelNorms = initialNorms,
        KernelNorms = norms.ToDictionary(p => p.Key, p => p.Value.ToArray()),
        KernelRelativeChange = changes.ToDictionary(p => p.Key, p => p.Value.ToArray()),
    };

    public void Dispose()
    {
        foreach (var k in kernels) k.Previous.Dispose();
    }
}
