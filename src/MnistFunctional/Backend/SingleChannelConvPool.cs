using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MnistFunctional.Dsl;

namespace MnistFunctional.Backend;

/// <summary>
/// Inference only: the one-channel 3×3 convolution of <see cref="SingleChannelConv"/> and the 2×2 max pooling after it,
/// pooled in registers, so the convolution's output (86 KB per MNIST image for the seed model) is never written and read
/// back. Every pixel is summed as the unfused kernel sums it and max commutes with ReLU, so the values are those of
/// convolution then pooling, bit for bit.
/// </summary>
public static class SingleChannelConvPool
{
    public static bool Applies(ConvGeometry conv, PoolGeometry pool) =>
        SingleChannelConv.Applies(conv) && pool.IsPlain && conv.Kernel == 3 && conv.Stride == 1 && pool.Window == 2
        && conv.Activation is Activation.ReLU or Activation.Linear;

    /// <summary>output (pooled positions·filters × batch, channels last) = maxpool(f(W ⊛ x + b)).</summary>
    public static void Forward(ConvGeometry g, PoolGeometry pool, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        if (!Applies(g, pool) || pool.InHeight != g.OutHeight || pool.InWidth != g.OutWidth)
        {
            throw new ArgumentException("One-channel convolution + pooling: the layers do not fit this kernel.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(input.Length, g.InSize * batch, nameof(input));
        ArgumentOutOfRangeException.ThrowIfLessThan(output.Length, pool.OutSize * batch, nameof(output));
        ArgumentOutOfRangeException.ThrowIfLessThan(kernel.Length, 9 * g.Filters, nameof(kernel));
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        int filters = g.Filters, inWidth = g.InWidth, pooledWidth = pool.OutWidth;
        var relu = g.Activation == Activation.ReLU;
        for (var f = 0; f < filters; f += Vector512<float>.Count)
        {
            var (w0, w1, w2) = (SingleChannelConv.Weight(kernel, 0, filters, f), SingleChannelConv.Weight(kernel, 1, filters, f), SingleChannelConv.Weight(kernel, 2, filters, f));
            var (w3, w4, w5) = (SingleChannelConv.Weight(kernel, 3, filters, f), SingleChannelConv.Weight(kernel, 4, filters, f), SingleChannelConv.Weight(kernel, 5, filters, f));
            var (w6, w7, w8) = (SingleChannelConv.Weight(kernel, 6, filters, f), SingleChannelConv.Weight(kernel, 7, filters, f), SingleChannelConv.Weight(kernel, 8, filters, f));
            var start = Vector512.Create(bias.Slice(f, Vector512<float>.Count));
            for (var b = 0; b < batch; b++)
            {
                for (var py = 0; py < pool.OutHeight; py++)
                {
                    // Convolution rows 2·py and 2·py + 1 read input rows r0..r2 and r1..r3.
                    ref var r0 = ref Unsafe.Add(ref x, (b * g.InSize) + (2 * py * inWidth));
                    ref var r1 = ref Unsafe.Add(ref r0, inWidth);
                    ref var r2 = ref Unsafe.Add(ref r0, 2 * inWidth);
                    ref var r3 = ref Unsafe.Add(ref r0, 3 * inWidth);
                    ref var pooled = ref Unsafe.Add(ref y, (b * pool.OutSize) + (py * pooledWidth * filters) + f);
                    var px = 0;

                    // Four pooling windows: eight pixels of each of the two rows, as the unfused kernel's eight chains.
                    for (; px <= pooledWidth - 4; px += 4)
                    {
                        var ox = 2 * px;
                        var (s0, s1, s2, s3, s4, s5, s6, s7) = (start, start, start, start, start, start, start, start);
                        SingleChannelConv.Taps(w0, w1, w2, ref Unsafe.Add(ref r0, ox), ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                        SingleChannelConv.Taps(w3, w4, w5, ref Unsafe.Add(ref r1, ox), ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                        SingleChannelConv.Taps(w6, w7, w8, ref Unsafe.Add(ref r2, ox), ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                        var (t0, t1, t2, t3, t4, t5, t6, t7) = (start, start, start, start, start, start, start, start);
                        SingleChannelConv.Taps(w0, w1, w2, ref Unsafe.Add(ref r1, ox), ref t0, ref t1, ref t2, ref t3, ref t4, ref t5, ref t6, ref t7);
                        SingleChannelConv.Taps(w3, w4, w5, ref Unsafe.Add(ref r2, ox), ref t0, ref t1, ref t2, ref t3, ref t4, ref t5, ref t6, ref t7);
                        SingleChannelConv.Taps(w6, w7, w8, ref Unsafe.Add(ref r3, ox), ref t0, ref t1, ref t2, ref t3, ref t4, ref t5, ref t6, ref t7);
                        SingleChannelConv.Store(Max(s0, s1, t0, t1), ref pooled, px * filters, relu);
                        SingleChannelConv.Store(Max(s2, s3, t2, t3), ref pooled, (px + 1) * filters, relu);
                        SingleChannelConv.Store(Max(s4, s5, t4, t5), ref pooled, (px + 2) * filters, relu);
                        SingleChannelConv.Store(Max(s6, s7, t6, t7), ref pooled, (px + 3) * filters, relu);
                    }

                    for (; px < pooledWidth; px++)
                    {
                        var ox = 2 * px;
                        var top = Vector512.Max(SingleChannelConv.Pixel(w0, w1, w2, w3, w4, w5, w6, w7, w8, start, ref r0, ref r1, ref r2, ox), SingleChannelConv.Pixel(w0, w1, w2, w3, w4, w5, w6, w7, w8, start, ref r0, ref r1, ref r2, ox + 1));
                        var bottom = Vector512.Max(SingleChannelConv.Pixel(w0, w1, w2, w3, w4, w5, w6, w7, w8, start, ref r1, ref r2, ref r3, ox), SingleChannelConv.Pixel(w0, w1, w2, w3, w4, w5, w6, w7, w8, start, ref r1, ref r2, ref r3, ox + 1));
                        SingleChannelConv.Store(Vector512.Max(top, bottom), ref pooled, px * filters, relu);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Max(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        Vector512.Max(Vector512.Max(a, b), Vector512.Max(c, d));
}
