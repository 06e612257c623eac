using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Training only: the backward of a one-channel 3×3 ReLU convolution (the first layer) and the plain max pooling
/// above it as one pass. Each output pixel's gradient is routed on the spot, as <see cref="PoolKernels.Backward"/>
/// routes it (to the first maximum of its window in scan order, where that maximum is positive), and goes straight
/// into the kernel and bias sums — the convolution's output gradient (86 KB per image for conv1) is never written
/// nor read back. The sums are those of <see cref="SingleChannelConv.KernelGradient"/> and
/// <see cref="Bias.SumColumns"/> over the routed gradient, bit for bit: the same chains in scan order, a pixel whose
/// 16 filters get nothing skipped (adding zeros leaves a sum that starts at +0 unchanged).
/// </summary>
public static class SingleChannelConvPoolBackward
{
    private const int Width = 16;

    public static bool Applies(ConvGeometry conv, PoolGeometry pool) =>
        SingleChannelConv.Applies(conv) && conv.Kernel == 3 && conv.Stride == 1 && conv.Activation == Dsl.Activation.ReLU
        && pool.IsPlain && pool.Channels == conv.Filters && pool.InHeight == conv.OutHeight && pool.InWidth == conv.OutWidth;

    /// <summary>
    /// kernelGradient (filters × 9) and biasGradient (filters) from the pooling's output gradient, given the
    /// convolution's input and output and the pooling's output.
    /// </summary>
    public static void Gradients(
        ConvGeometry conv, PoolGeometry pool, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> pooled,
        ReadOnlySpan<float> pooledGradient, int batch, Span<float> kernelGradient, Span<float> biasGradient)
    {
        if (!Applies(conv, pool) || input.Length < conv.InSize * batch || output.Length < conv.OutSize * batch || pooled.Length < pool.OutSize * batch
            || pooledGradient.Length < pool.OutSize * batch || kernelGradient.Length < 9 * conv.Filters || biasGradient.Length < conv.Filters)
        {
            throw new ArgumentException("Convolution + pooling backward: the layers or the buffers do not fit this kernel.");
        }

        for (var f = 0; f < conv.Filters; f += Width)
        {
            FilterGroup(conv, pool, input, output, pooled, pooledGradient, batch, f, kernelGradient, biasGradient);
        }
    }

    // Optimised at once, without a profile: dynamic PGO laid this loop out well in some runs and badly (1.5× slower) in others.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FilterGroup(
        ConvGeometry conv, PoolGeometry pool, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> pooled,
        ReadOnlySpan<float> pooledGradient, int batch, int f, Span<float> kernelGradient, Span<float> biasGradient)
    {
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        ref var m = ref MemoryMarshal.GetReference(pooled);
        ref var dm = ref MemoryMarshal.GetReference(pooledGradient);
        int filters = conv.Filters, width = conv.InWidth, outWidth = conv.OutWidth, window = pool.Window;
        var covered = pool.OutWidth * window;

        // One row of windows at a time: its routed gradients (window rows × covered pixels × 16 filters) stay in L1,
        // on whole cache lines (a 512-bit access across two lines costs two).
        var raw = stackalloc float[(window * covered * Width) + Width];
        var routed = (Vector512<float>*)(((nint)raw + 63) & ~(nint)63);
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
        var bias = Vector512<float>.Zero;
        for (var b = 0; b < batch; b++)
        {
            ref var image = ref Unsafe.Add(ref x, b * conv.InSize);
            ref var convolved = ref Unsafe.Add(ref y, b * conv.OutSize);
            for (var py = 0; py < pool.OutHeight; py++)
            {
                // As PoolKernels routes it: the window's gradient where its maximum is positive, to the first pixel in
                // scan order that equals the maximum.
                for (var px = 0; px < pool.OutWidth; px++)
                {
                    var at = (nuint)((b * pool.OutSize) + (((py * pool.OutWidth) + px) * filters) + f);
                    var maxima = Vector512.LoadUnsafe(ref m, at);
                    var gradients = Vector512.LoadUnsafe(ref dm, at) & Vector512.GreaterThan(maxima, Vector512<float>.Zero);
                    var unrouted = Vector512<float>.AllBitsSet;
                    for (var wy = 0; wy < window; wy++)
                    {
                        for (var wx = 0; wx < window; wx++)
                        {
                            var pixel = ((((py * window) + wy) * outWidth) + (px * window) + wx) * filters;
                            var hit = Vector512.Equals(Vector512.LoadUnsafe(ref convolved, (nuint)(pixel + f)), maxima) & unrouted;
                            routed[(wy * covered) + (px * window) + wx] = gradients & hit;
                            unrouted = Vector512.AndNot(unrouted, hit);
                        }
                    }
                }

                // Those pixels in scan order into the sums (pixels right of the last window and rows below the last
                // get nothing, as the pooling leaves them zero).
                for (var wy = 0; wy < window; wy++)
                {
                    var oy = (py * window) + wy;
                    for (var ox = 0; ox < covered; ox++)
                    {
                        var d = routed[(wy * covered) + ox];
                        if (d == Vector512<float>.Zero)
                        {
                            continue;
                        }

                        bias += d;
                        ref var p = ref Unsafe.Add(ref image, (oy * width) + ox);
                        SingleChannelConv.AddTaps(d, ref p, width, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8);
                    }
                }
            }
        }

        bias.CopyTo(biasGradient.Slice(f));
        SingleChannelConv.StoreTaps(kernelGradient, filters, f, s0, s1, s2, s3, s4, s5, s6, s7, s8);
    }
}
