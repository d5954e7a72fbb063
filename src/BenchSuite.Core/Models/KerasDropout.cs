using TorchSharp;
using static TorchSharp.torch;

namespace BenchSuite.Models;

/// <summary>
/// Keras <c>Dropout(rate)</c> as TensorFlow 2.14 computes it for a Python-number rate (<c>tf.nn.dropout</c>,
/// <c>tensorflow/python/ops/nn_ops.py</c>, <c>_dropout</c>): <c>scale = 1 / (1 − rate)</c> in double, cast to the
/// input's float32; <c>random_tensor = uniform[0, 1)</c> of the input's shape; <c>keep_mask = random_tensor ≥ rate</c>;
/// <c>output = (x·scale)·cast(keep_mask)</c>. Identity in inference and at rate 0, as Keras' layer returns its input.
/// Here <c>x·(mask·scale)</c>: the same product element by element (mask·scale is exactly scale or 0), with the
/// mask tensor kept for the backward pass (∂out/∂x = mask·scale), as torch's dropout keeps its noise tensor.
/// <para>
/// Not torch's <c>nn.Dropout</c>: its CPU mask comes from <c>bernoulli_(1 − p)</c>, which libtorch draws with MKL's
/// VSL generator (one seed per call, parallel) only when the CPU vendor is Intel, and element by element from the
/// generator's Mersenne Twister otherwise (<c>aten/src/ATen/native/cpu/DistributionKernels.cpp</c>,
/// <c>bernoulli_scalar_kernel</c>; pytorch/pytorch#121595). So one seed gave other dropout masks on an AMD host
/// than on an Intel one, and the AMD path cost 2.5 ms on the deep model's first 262,144-element dropout
/// (README, <i>Throughput</i>). The uniform numbers here come from torch's <c>uniform_</c>, which has one CPU path
/// (Mersenne Twister, 24 random bits per float32): the same masks on every CPU for a seed, from torch's default
/// generator as before (<see cref="Training.SeedStreams"/>).
/// </para>
/// </summary>
internal sealed class KerasDropout : nn.Module<Tensor, Tensor>
{
    readonly double rate;
    readonly float scale;

    public KerasDropout(string name, double rate) : base(name)
    {
        if (!(rate >= 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, $"{name}: Dropout rate must lie in [0, 1).");
        this.rate = rate;
        scale = (float)(1.0 / (1.0 - rate)); // Python's 1 / keep_prob, then convert_to_tensor(scale, float32)
    }

    public override Tensor forward(Tensor input)
    {
        if (!training || rate == 0) return input;
        var mask = rand_like(input);          // uniform [0, 1), the input's shape and memory layout
        mask.ge_(rate).mul_(scale);            // 1.0 where u ≥ rate, else 0.0; then × scale
        return input.mul(mask);
    }
}
