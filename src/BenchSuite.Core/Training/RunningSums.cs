using System.Runtime.InteropServices;
using BenchSuite.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Training;

/// <summary>
/// Per-sample-weighted sums of the epoch's step metrics (Keras' Mean metrics weight each batch by its size): the
/// loss, the data loss and the penalty times the batch size, and the number of correct predictions.
/// </summary>
/// <remarks>
/// In CPU memory the step's values are read and summed here, in float64 (the loss as float32 widened, times n; the
/// count by the first largest logit of each row, as torch's argmax picks it, NaN counting as largest): the same
/// numbers as the tensor form, without ~16 small tensor operations a step. On a GPU the sums stay on the device and
/// are read only when asked, because reading a value there waits for the queued steps.
/// </remarks>
internal sealed class RunningSums : IDisposable
{
    public const int Loss = 0, DataLoss = 1, Penalty = 2, Correct = 3;
    readonly SplitSums sums;
    readonly bool onHost;
    long samples;

    public RunningSums(Device device) : this(device, onHost: device.type == DeviceType.CPU) { }

    /// <param name="onHost">false keeps every sum on the device, as on a GPU (tests compare the two on CPU).</param>
    internal RunningSums(Device device, bool onHost)
    {
        sums = new SplitSums(device, 4);
        this.onHost = onHost;
    }

    public void Add(StepLosses step, Tensor labels)
    {
        long n = labels.shape[0];
        samples += n;
        if (onHost && TryCountOnHost(step.Logits, labels, out long correct))
        {
            sums.OnHost[Loss] += Read(step.Loss) * n;
            sums.OnHost[DataLoss] += Read(step.DataLoss) * n;
            sums.OnHost[Penalty] += Read(step.Penalty) * n;
            sums.OnHost[Correct] += correct;
            return;
        }
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        sums.OnDevice.add_(stack([
            step.Loss.detach().to(float64).mul(n),
            step.DataLoss.detach().to(float64).mul(n),
            step.Penalty.detach().to(float64).mul(n),
            step.Logits.argmax(1).eq(labels).sum().to(float64),
        ]));
    }

    public long Samples => samples;

    /// <summary>All four sums (one device read).</summary>
    public double[] ReadAll() => sums.Read();

    public double Mean(int which) => ReadAll()[which] / samples;

    public void Dispose() => sums.Dispose();

    /// <summary>A scalar's value widened to float64, as <c>to(float64)</c> gives it.</summary>
    static double Read(Tensor scalar) => scalar.dtype switch
    {
        ScalarType.Float32 => scalar.item<float>(),
        ScalarType.Float64 => scalar.item<double>(),
        _ => ReadConverted(scalar),
    };

    static double ReadConverted(Tensor scalar)
    {
        using var wide = scalar.detach().to(float64);
        return wide.item<double>();
    }

    /// <summary>
    /// How many rows of float32 [B, classes] logits in CPU memory have their first largest entry (torch's
    /// <c>argmax</c>: ties go to the lower index, NaN counts as the largest, the first NaN wins) at the label. False,
    /// with nothing counted, for any other layout.
    /// </summary>
    internal static bool TryCountOnHost(Tensor logits, Tensor labels, out long correct)
    {
        correct = 0;
        if (logits.device_type != DeviceType.CPU || labels.device_type != DeviceType.CPU || logits.dtype != ScalarType.Float32 ||
            labels.dtype != ScalarType.Int64 || logits.dim() != 2 || labels.dim() != 1 || logits.shape[0] != labels.shape[0] ||
            logits.shape[1] < 1 || !logits.is_contiguous() || !labels.is_contiguous())
            return false;
        int rows = (int)logits.shape[0], classes = (int)logits.shape[1];
        ReadOnlySpan<float> values = MemoryOrder.Floats(logits);
        ReadOnlySpan<long> targets = MemoryMarshal.Cast<byte, long>(labels.bytes);
        for (int r = 0; r < rows; r++)
        {
            var row = values.Slice(r * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
                if (row[c] > row[best] || (float.IsNaN(row[c]) && !float.IsNaN(row[best])))
                    best = c;
            if (best == targets[r]) correct++;
        }
        return true;
    }
}
