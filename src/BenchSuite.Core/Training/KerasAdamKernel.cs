using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace BenchSuite.Training;

/// <summary>
/// Keras 2.14's <c>Adam.update_step</c> in one pass over a float32 parameter, each operation rounded to float32 as TF
/// evaluates it op by op:
/// <code>
///   m += (g − m)·(1 − β1)
///   v += (g² − v)·(1 − β2)
///   θ −= (m·α) / (√v + ε)
/// </code>
/// Every element reads θ, m, v and g once and writes θ, m and v once. The tensor-op form (<see cref="KerasAdam"/> on
/// other devices) makes six passes over the same memory and a temporary for √v + ε. No fused multiply-add is formed
/// (.NET does not contract a·b + c), so the vector and scalar paths round exactly as the op-by-op form does.
/// </summary>
internal static class KerasAdamKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Update(Span<float> theta, Span<float> m, Span<float> v, ReadOnlySpan<float> g,
                              float oneMinusBeta1, float oneMinusBeta2, float alpha, float epsilon)
    {
        int n = theta.Length;
        if (m.Length != n || v.Length != n || g.Length != n)
            throw new ArgumentException($"Adam buffers differ in length: θ {n}, m {m.Length}, v {v.Length}, g {g.Length}.");

        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var c1 = Vector256.Create(oneMinusBeta1);
            var c2 = Vector256.Create(oneMinusBeta2);
            var a = Vector256.Create(alpha);
            var e = Vector256.Create(epsilon);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var gi = Vector256.Create(g.Slice(i, Vector256<float>.Count));
                var mi = Vector256.Create(m.Slice(i, Vector256<float>.Count));
                var vi = Vector256.Create(v.Slice(i, Vector256<float>.Count));
                mi += (gi - mi) * c1;
                vi += (gi * gi - vi) * c2;
                var step = mi * a / (Vector256.Sqrt(vi) + e);
                mi.CopyTo(m.Slice(i, Vector256<float>.Count));
                vi.CopyTo(v.Slice(i, Vector256<float>.Count));
                (Vector256.Create(theta.Slice(i, Vector256<float>.Count)) - step).CopyTo(theta.Slice(i, Vector256<float>.Count));
            }
        }
        for (; i < n; i++)
        {
            float gi = g[i];
            float mi = m[i] + (gi - m[i]) * oneMinusBeta1;
            float vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2;
            m[i] = mi;
            v[i] = vi;
            theta[i] -= mi * alpha / (MathF.Sqrt(vi) + epsilon);
        }
    }
}
