using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistFunctional.Backend;

/// <summary>
/// Training only: the backward of a one-channel 3×3 ReLU convolution (the first layer) and the plain max pooling
/// above it as one pass. Each output pixel's gradient is routed on the spot, as <see cref="PoolKernels.Backward"/>
/// routes it (to the first maximum of its window in scan order, where that maximum is positive), from the pooling's
/// <see cref="PoolRouting"/> (a byte per pooled value, recorded by the forward pass: the convolution's output, 16
/// times larger, is not read again), and goes straight into the kernel and bias sums — the convolution's output
/// gradient (86 KB per image for conv1) is never written nor read back. The sums are those of <see cref="SingleChannelConv.KernelGradient"/> and
/// <see cref="Bias.SumColumns"/> over the routed gradient, bit for bit: the same chains in scan order, a pixel whose
/// 16 filters get nothing skipped (adding zeros leaves a sum that starts at +0 unchanged).
/// </summary>
public static class SingleChannelConvPoolBackward
{
    private const int Width = 16;

    public static bool Applies(ConvGeometry conv, PoolGeometry pool) =>
        SingleChannelConv.Applies(conv) && conv.Kernel == 3 && conv.Stride == 1 && conv.Activation == Dsl.Activation.ReLU
        && PoolRouting.Applies(pool) && pool.Channels == conv.Filters && pool.InHeight == conv.OutHeight && pool.InWidth == conv.OutWidth;

    /// <summary>
    /// kernelGradient (filters × 9) and biasGradient (filters) from the pooling's output gradient, given the
    /// convolution's input and output and the pooling's output, and the pooling's routing when its forward recorded it
    /// (<see cref="PoolRouting"/>; otherwise it is found from the output and the pooled values first).
    /// </summary>
    public static void Gradients(
        ConvGeometry conv, PoolGeometry pool, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> pooled,
        ReadOnlySpan<float> pooledGradient, int batch, Span<float> kernelGradient, Span<float> biasGradient, ReadOnlySpan<byte> routing = default)
    {
        if (!Applies(conv, pool) || input.Length < conv.InSize * batch || output.Length < conv.OutSize * batch || pooled.Length < pool.OutSize * batch
            || pooledGradient.Length < pool.OutSize * batch || kernelGradient.Length < 9 * conv.Filters || biasGradient.Length < conv.Filters
            || (!routing.IsEmpty && routing.Length < pool.OutSize * batch))
        {
            throw new ArgumentException("Convolution + pooling backward: the layers or the buffers do not fit this kernel.");
        }

        if (routing.IsEmpty)
        {
            var found = ArrayPool<byte>.Shared.Rent(pool.OutSize * batch);
            try
            {
                PoolRouting.Record(pool, output, pooled, batch, found);
                Gradients(conv, pool, input, found, pooledGradient, batch, kernelGradient, biasGradient);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(found);
            }

            return;
        }

        Gradients(conv, pool, input, routing, pooledGradient, batch, kernelGradient, biasGradient);
    }

    private static void Gradients(
        ConvGeometry conv, PoolGeometry pool, ReadOnlySpan<float> input, ReadOnlySpan<byte> routing, ReadOnlySpan<float> pooledGradient, int batch,
        Span<float> kernelGradient, Span<float> biasGradient)
    {
        // The geometry's sizes computed once: its properties compute them (a division each) and the loops need them per window.
        var sizes = new Sizes(
            conv.Filters, conv.InWidth, pool.Window, conv.InSize, pool.OutHeight, pool.OutWidth, pool.OutSize, pool.OutWidth * pool.Window);
        var f = 0;
        for (; f + (2 * Width) <= conv.Filters; f += 2 * Width)
        {
            FilterPair(sizes, input, routing, pooledGradient, batch, f, kernelGradient, biasGradient);
        }

        if (f < conv.Filters)
        {
            FilterGroup(sizes, input, routing, pooledGradient, batch, f, kernelGradient, biasGradient);
        }
    }

    /// <summary>
    /// Two groups of 16 filters in one pass over each image: both halves of a pixel's filters are routed from the
    /// same cache lines, and the two groups' chains of sums (each still in scan order, each skipping the pixels it
    /// gets nothing for, exactly as <see cref="FilterGroup"/>) run side by side — one group's chain alone waits on
    /// the FMA latency at every pixel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FilterPair(
        Sizes sizes, ReadOnlySpan<float> input, ReadOnlySpan<byte> routing, ReadOnlySpan<float> pooledGradient, int batch, int f,
        Span<float> kernelGradient, Span<float> biasGradient)
    {
        var (filters, width, window, inSize, poolHeight, poolWidth, poolSize, covered) = sizes;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var r = ref MemoryMarshal.GetReference(routing);
        ref var dm = ref MemoryMarshal.GetReference(pooledGradient);

        // The routed gradients of one row of windows, the first group's then the second's, on whole cache lines.
        var cells = window * covered;
        var raw = stackalloc float[(2 * cells * Width) + Width];
        var routed = (Vector512<float>*)(((nint)raw + 63) & ~(nint)63);
        var routed2 = routed + cells;
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
        Vector512<float> t0 = default, t1 = default, t2 = default, t3 = default, t4 = default, t5 = default, t6 = default, t7 = default, t8 = default;
        Vector512<float> bias = default, bias2 = default;
        for (var b = 0; b < batch; b++)
        {
            ref var image = ref Unsafe.Add(ref x, b * inSize);
            for (var py = 0; py < poolHeight; py++)
            {
                for (var px = 0; px < poolWidth; px++)
                {
                    var at = (nuint)((b * poolSize) + (((py * poolWidth) + px) * filters) + f);
                    var (codes, codes2) = (Codes(ref r, at), Codes(ref r, at + Width));
                    var (gradients, gradients2) = (Vector512.LoadUnsafe(ref dm, at), Vector512.LoadUnsafe(ref dm, at + Width));
                    for (var wy = 0; wy < window; wy++)
                    {
                        for (var wx = 0; wx < window; wx++)
                        {
                            var position = Vector512.Create((wy * window) + wx);
                            var cell = (wy * covered) + (px * window) + wx;
                            routed[cell] = gradients & Vector512.Equals(codes, position).AsSingle();
                            routed2[cell] = gradients2 & Vector512.Equals(codes2, position).AsSingle();
                        }
                    }
                }

                for (var wy = 0; wy < window; wy++)
                {
                    var oy = (py * window) + wy;
                    for (var ox = 0; ox < covered; ox++)
                    {
                        var cell = (wy * covered) + ox;
                        var (d, d2) = (routed[cell], routed2[cell]);
                        ref var p = ref Unsafe.Add(ref image, (oy * width) + ox);
                        if (d != Vector512<float>.Zero)
                        {
                            bias += d;
                            SingleChannelConv.AddTaps(d, ref p, width, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8);
                        }

                        if (d2 != Vector512<float>.Zero)
                        {
                            bias2 += d2;
                            SingleChannelConv.AddTaps(d2, ref p, width, ref t0, ref t1, ref t2, ref t3, ref t4, ref t5, ref t6, ref t7, ref t8);
                        }
                    }
                }
            }
        }

        bias.CopyTo(biasGradient.Slice(f));
        bias2.CopyTo(biasGradient.Slice(f + Width));
        SingleChannelConv.StoreTaps(kernelGradient, filters, f, s0, s1, s2, s3, s4, s5, s6, s7, s8);
        SingleChannelConv.StoreTaps(kernelGradient, filters, f + Width, t0, t1, t2, t3, t4, t5, t6, t7, t8);
    }

    // Optimised at once, without a profile: dynamic PGO laid this loop out well in some runs and badly (1.5× slower) in others.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FilterGroup(
        Sizes sizes, ReadOnlySpan<float> input, ReadOnlySpan<byte> routing, ReadOnlySpan<float> pooledGradient, int batch, int f,
        Span<float> kernelGradient, Span<float> biasGradient)
    {
        var (filters, width, window, inSize, poolHeight, poolWidth, poolSize, covered) = sizes;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var r = ref MemoryMarshal.GetReference(routing);
        ref var dm = ref MemoryMarshal.GetReference(pooledGradient);

        // One row of windows at a time: its routed gradients (window rows × covered pixels × 16 filters) stay in L1,
        // on whole cache lines (a 512-bit access across two lines costs two).
        var raw = stackalloc float[(window * covered * Width) + Width];
        var routed = (Vector512<float>*)(((nint)raw + 63) & ~(nint)63);
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
        var bias = Vector512<float>.Zero;
        for (var b = 0; b < batch; b++)
        {
            ref var image = ref Unsafe.Add(ref x, b * inSize);
            for (var py = 0; py < poolHeight; py++)
            {
                // Each window's gradient to the position its routing names (none where its maximum was not positive).
                for (var px = 0; px < poolWidth; px++)
                {
                    var at = (nuint)((b * poolSize) + (((py * poolWidth) + px) * filters) + f);
                    var (codes, gradients) = (Codes(ref r, at), Vector512.LoadUnsafe(ref dm, at));
                    for (var wy = 0; wy < window; wy++)
                    {
                        for (var wx = 0; wx < window; wx++)
                        {
                            routed[(wy * covered) + (px * window) + wx] = gradients & Vector512.Equals(codes, Vector512.Create((wy * window) + wx)).AsSingle();
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

    // Sixteen channels' window positions, widened to one per 32-bit lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Codes(ref byte routing, nuint at) => Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref routing, at));

    /// <summary>Filters, input row, window, the input image's size, pooled rows and row and image, pixels the windows cover per row.</summary>
    private readonly record struct Sizes(int Filters, int Width, int Window, int InSize, int PoolHeight, int PoolWidth, int PoolSize, int Covered);
}
