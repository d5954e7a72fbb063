using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Running float64 sums kept in two places and read as one: on the device, added to by tensor operations and read
/// only when asked (on a GPU a read waits for the queued steps), and on the host, added to by managed code when the
/// values are in CPU memory. <see cref="InputProbe"/> and <see cref="RunningSums"/> keep theirs this way.
/// </summary>
internal sealed class SplitSums : IDisposable
{
    public SplitSums(Device device, int count)
    {
        OnDevice = zeros(count, dtype: float64, device: device).DetachFromDisposeScope();
        OnHost = new double[count];
    }

    public Tensor OnDevice { get; }

    public double[] OnHost { get; }

    /// <summary>Each sum, the device's part plus the host's (one device read).</summary>
    public double[] Read()
    {
        using var read = OnDevice.cpu();
        var sums = read.data<double>().ToArray();
        for (int i = 0; i < sums.Length; i++) sums[i] += OnHost[i];
        return sums;
    }

    public void Clear()
    {
        OnDevice.zero_();
        Array.Clear(OnHost);
    }

    public void Dispose() => OnDevice.Dispose();
}
