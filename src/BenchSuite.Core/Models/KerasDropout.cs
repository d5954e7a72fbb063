using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Dropout(rate)</c> as TensorFlow 2.14 computes it for a Python-number rate (<c>tf.nn.dropout</c>,
/// <c>tensorflow/python/ops/nn_ops.py</c>, <c>_dropout</c>): <c>scale = 1 / (1 − rate)</c> in double, cast to the
/// input's float32; <c>random_tensor = uniform[0, 1)</c> of the input's shape; <c>keep_mask = random_tensor ≥ rate</c>
/// (the rate as a float32 tensor); <c>output = (x·scale)·cast(keep_mask)</c>. Identity in inference and at rate 0, as
/// Keras' layer returns its input. Here <c>x·(mask·scale)</c>: the same product element by element (mask·scale is
/// exactly scale or 0), with the mask tensor kept for the backward pass (∂out/∂x = mask·scale).
/// <para>
/// On the CPU the uniform numbers come from TensorFlow's own generator algorithm, <see cref="Philox"/>
/// (Philox4x32-10, 23-bit floats), under a 63-bit key drawn for each call from torch's default generator (seeded
/// with the weights, <see cref="Training.SeedStreams"/>), one number per element in row-major order (N, H, W, C for a
/// channels-last input, the model's activations). Not
/// TensorFlow's stream (its keys come from op seeds this suite does not have), but its algorithm, and the same
/// masks on every CPU and thread count. Two earlier choices drew otherwise: torch's <c>bernoulli_</c> (inside
/// <c>nn.Dropout</c>) uses MKL's parallel VSL generator only on Intel CPUs and a serial Mersenne Twister elsewhere
/// (<c>aten/src/ATen/native/cpu/DistributionKernels.cpp</c>; pytorch/pytorch#121595), so one seed gave other masks
/// on AMD than on Intel; torch's <c>uniform_</c> has one CPU path but draws serially, 2.6 ns an element. Philox
/// blocks are independent, so <see cref="Philox.FillKeepMask"/> computes four at a time in AVX2 registers and
/// writes the scaled mask directly, without a uniform tensor or a comparison pass (README, <i>Throughput</i>).
/// </para>
/// <para>
/// On an accelerator the mask is torch's <c>rand_like</c> on the device: its generator, not Philox on the host,
/// so a GPU run draws other masks than a CPU run of the same seed (as it did before).
/// </para>
/// </summary>
internal sealed class KerasDropout : nn.Module<Tensor, Tensor>
{
    readonly double rate;
    readonly float scale;
    readonly float threshold; // the rate as the input's float32, as tf.nn.dropout compares it

    public KerasDropout(string name, double rate) : base(name)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{name}: Dropout rate must lie in [0, 1).");
        this.rate = rate;
        scale = (float)(1.0 / (1.0 - rate)); // Python's 1 / keep_prob, then convert_to_tensor(scale, float32)
        threshold = (float)rate;
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || rate == 0) return input;
        var mask = input.device_type == DeviceType.CPU && input.dtype == ScalarType.Float32 ? PhiloxMask(input) : TorchMask(input);
        return input.mul(mask);
    }

    /// <summary>
    /// The keep mask times the scale, from <see cref="Philox"/> under a key drawn from torch's default generator, one
    /// uniform per element in row-major order of the input's shape, or of N, H, W, C for a channels-last input (the
    /// model's activations: its memory order, as TensorFlow lays out its tensors).
    /// </summary>
    Tensor PhiloxMask(Tensor input)
    {
        using var drawn = randint(long.MaxValue, [1], dtype: int64);
        ulong key = (ulong)drawn.item<long>();
        bool channelsLast = !input.is_contiguous() && ChannelsLast.Is(input);
        var shape = input.shape;
        var mask = channelsLast
            ? empty(shape[0], shape[2], shape[3], shape[1], dtype: float32)
            : empty(shape, dtype: float32);
        Philox.FillKeepMask(MemoryMarshal.Cast<byte, float>(mask.bytes), key, threshold, scale);
        if (!channelsLast) return mask;
        using (mask) return mask.permute(0, 3, 1, 2); // the NCHW view of the NHWC buffer; the view keeps it alive
    }

    /// <summary>On an accelerator (or a non-float32 input), torch's own uniform draw on the device (its generator, not Philox on the host).</summary>
    Tensor TorchMask(Tensor input)
    {
        var mask = rand_like(input);          // uniform [0, 1), the input's shape and memory layout
        mask.ge_(threshold).mul_(scale);      // 1.0 where u ≥ rate, else 0.0; then × scale
        return mask;
    }
}
