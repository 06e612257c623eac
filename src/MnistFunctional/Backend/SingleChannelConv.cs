using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Direct convolution for a one-channel input (the first layer on grayscale images): each output pixel is
/// k·k broadcast multiply-adds over the filters as 512-bit vectors. For one channel im2col would copy runs of
/// k floats and hand the matrix product a k·k-deep inner dimension, so the direct loop does far less work.
/// Used when the filter count is a multiple of 16 and Vector512 is available.
/// </summary>
public static class SingleChannelConv
{
    public static bool Applies(ConvGeometry g) => Vector512.IsHardwareAccelerated && !g.IsPadded && g.InChannels == 1 && g.Filters % Vector512<float>.Count == 0;

    /// <summary>output = f(W ⊛ x + b) for every image, with f ReLU or linear.</summary>
    public static void Forward(ConvGeometry g, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, int batch, Span<float> output, bool relu)
    {
        if (g.Kernel == 3 && g.Stride == 1)
        {
            Forward3x3(g, kernel[..(9 * g.Filters)], bias[..g.Filters], input[..(g.InSize * batch)], batch, output[..(g.OutSize * batch)], relu);
            return;
        }

        ref var w = ref MemoryMarshal.GetReference(kernel);
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        int filters = g.Filters, k = g.Kernel;
        for (var b = 0; b < batch; b++)
        {
            ref var image = ref Unsafe.Add(ref x, b * g.InSize);
            ref var result = ref Unsafe.Add(ref y, b * g.OutSize);
            for (var oy = 0; oy < g.OutHeight; oy++)
            {
                var ox = 0;

                // Four neighbouring pixels at once: four independent multiply-add chains share each weight load.
                for (; ox <= g.OutWidth - 4; ox += 4)
                {
                    ref var pixel = ref Unsafe.Add(ref result, ((oy * g.OutWidth) + ox) * filters);
                    var corner = (oy * g.Stride * g.InWidth) + (ox * g.Stride);
                    for (var f = 0; f < filters; f += Vector512<float>.Count)
                    {
                        var start = Vector512.Create(bias.Slice(f, Vector512<float>.Count));
                        var (s0, s1, s2, s3) = (start, start, start, start);
                        for (var dy = 0; dy < k; dy++)
                        {
                            for (var dx = 0; dx < k; dx++)
                            {
                                var weights = Vector512.LoadUnsafe(ref w, (nuint)((((dy * k) + dx) * filters) + f));
                                ref var at = ref Unsafe.Add(ref image, corner + (dy * g.InWidth) + dx);
                                s0 = Vector512.FusedMultiplyAdd(weights, Vector512.Create(at), s0);
                                s1 = Vector512.FusedMultiplyAdd(weights, Vector512.Create(Unsafe.Add(ref at, g.Stride)), s1);
                                s2 = Vector512.FusedMultiplyAdd(weights, Vector512.Create(Unsafe.Add(ref at, 2 * g.Stride)), s2);
                                s3 = Vector512.FusedMultiplyAdd(weights, Vector512.Create(Unsafe.Add(ref at, 3 * g.Stride)), s3);
                            }
                        }

                        Store(s0, ref pixel, f, relu);
                        Store(s1, ref pixel, filters + f, relu);
                        Store(s2, ref pixel, (2 * filters) + f, relu);
                        Store(s3, ref pixel, (3 * filters) + f, relu);
                    }
                }

                for (; ox < g.OutWidth; ox++)
                {
                    ref var pixel = ref Unsafe.Add(ref result, ((oy * g.OutWidth) + ox) * filters);
                    var corner = (oy * g.Stride * g.InWidth) + (ox * g.Stride);
                    for (var f = 0; f < filters; f += Vector512<float>.Count)
                    {
                        var sum = Vector512.Create(bias.Slice(f, Vector512<float>.Count));
                        for (var dy = 0; dy < k; dy++)
                        {
                            for (var dx = 0; dx < k; dx++)
                            {
                                var weights = Vector512.LoadUnsafe(ref w, (nuint)((((dy * k) + dx) * filters) + f));
                                sum = Vector512.FusedMultiplyAdd(weights, Vector512.Create(Unsafe.Add(ref image, corner + (dy * g.InWidth) + dx)), sum);
                            }
                        }

                        Store(sum, ref pixel, f, relu);
                    }
                }
            }
        }
    }

    // 3×3, stride 1: one group of 16 filters at a time with its nine weight vectors held in registers across the
    // whole batch, eight pixels per step. The same multiply-adds in the same order as the general loop above.
    private static void Forward3x3(ConvGeometry g, ReadOnlySpan<float> kernel, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, int batch, Span<float> output, bool relu)
    {
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var y = ref MemoryMarshal.GetReference(output);
        int filters = g.Filters, inWidth = g.InWidth, outWidth = g.OutWidth, outHeight = g.OutHeight, inSize = g.InSize, outSize = g.OutSize;
        for (var f = 0; f < filters; f += Vector512<float>.Count)
        {
            var (w0, w1, w2) = (Weight(kernel, 0, filters, f), Weight(kernel, 1, filters, f), Weight(kernel, 2, filters, f));
            var (w3, w4, w5) = (Weight(kernel, 3, filters, f), Weight(kernel, 4, filters, f), Weight(kernel, 5, filters, f));
            var (w6, w7, w8) = (Weight(kernel, 6, filters, f), Weight(kernel, 7, filters, f), Weight(kernel, 8, filters, f));
            var start = Vector512.Create(bias.Slice(f, Vector512<float>.Count));
            for (var b = 0; b < batch; b++)
            {
                for (var oy = 0; oy < outHeight; oy++)
                {
                    ref var r0 = ref Unsafe.Add(ref x, (b * inSize) + (oy * inWidth));
                    ref var r1 = ref Unsafe.Add(ref r0, inWidth);
                    ref var r2 = ref Unsafe.Add(ref r0, 2 * inWidth);
                    ref var pixel = ref Unsafe.Add(ref y, (b * outSize) + (oy * outWidth * filters) + f);
                    var ox = 0;
                    // Eight pixels: eight independent multiply-add chains keep both FMA units busy (four would wait on latency).
                    for (; ox <= outWidth - 8; ox += 8)
                    {
                        var (s0, s1, s2, s3, s4, s5, s6, s7) = (start, start, start, start, start, start, start, start);
                        Taps(w0, w1, w2, ref Unsafe.Add(ref r0, ox), ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                        Taps(w3, w4, w5, ref Unsafe.Add(ref r1, ox), ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                        Taps(w6, w7, w8, ref Unsafe.Add(ref r2, ox), ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7);
                        Store(s0, ref pixel, ox * filters, relu);
                        Store(s1, ref pixel, (ox + 1) * filters, relu);
                        Store(s2, ref pixel, (ox + 2) * filters, relu);
                        Store(s3, ref pixel, (ox + 3) * filters, relu);
                        Store(s4, ref pixel, (ox + 4) * filters, relu);
                        Store(s5, ref pixel, (ox + 5) * filters, relu);
                        Store(s6, ref pixel, (ox + 6) * filters, relu);
                        Store(s7, ref pixel, (ox + 7) * filters, relu);
                    }

                    for (; ox < outWidth; ox++)
                    {
                        Store(Pixel(w0, w1, w2, w3, w4, w5, w6, w7, w8, start, ref r0, ref r1, ref r2, ox), ref pixel, ox * filters, relu);
                    }
                }
            }
        }
    }

    // One pixel: its nine taps in the order Taps gives each of its eight pixels.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<float> Pixel(
        Vector512<float> w0, Vector512<float> w1, Vector512<float> w2, Vector512<float> w3, Vector512<float> w4, Vector512<float> w5,
        Vector512<float> w6, Vector512<float> w7, Vector512<float> w8, Vector512<float> sum, ref float r0, ref float r1, ref float r2, int ox)
    {
        sum = Vector512.FusedMultiplyAdd(w0, Vector512.Create(Unsafe.Add(ref r0, ox)), sum);
        sum = Vector512.FusedMultiplyAdd(w1, Vector512.Create(Unsafe.Add(ref r0, ox + 1)), sum);
        sum = Vector512.FusedMultiplyAdd(w2, Vector512.Create(Unsafe.Add(ref r0, ox + 2)), sum);
        sum = Vector512.FusedMultiplyAdd(w3, Vector512.Create(Unsafe.Add(ref r1, ox)), sum);
        sum = Vector512.FusedMultiplyAdd(w4, Vector512.Create(Unsafe.Add(ref r1, ox + 1)), sum);
        sum = Vector512.FusedMultiplyAdd(w5, Vector512.Create(Unsafe.Add(ref r1, ox + 2)), sum);
        sum = Vector512.FusedMultiplyAdd(w6, Vector512.Create(Unsafe.Add(ref r2, ox)), sum);
        sum = Vector512.FusedMultiplyAdd(w7, Vector512.Create(Unsafe.Add(ref r2, ox + 1)), sum);
        return Vector512.FusedMultiplyAdd(w8, Vector512.Create(Unsafe.Add(ref r2, ox + 2)), sum);
    }

    internal static Vector512<float> Weight(ReadOnlySpan<float> kernel, int tap, int filters, int f) =>
        Vector512.Create(kernel.Slice((tap * filters) + f, Vector512<float>.Count));

    // One kernel row (three taps) for eight neighbouring pixels whose row starts at <paramref name="at"/>.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Taps(
        Vector512<float> a, Vector512<float> b, Vector512<float> c, ref float at,
        ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2, ref Vector512<float> s3,
        ref Vector512<float> s4, ref Vector512<float> s5, ref Vector512<float> s6, ref Vector512<float> s7)
    {
        s0 = Vector512.FusedMultiplyAdd(a, Vector512.Create(at), s0);
        s1 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 1)), s1);
        s2 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 2)), s2);
        s3 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 3)), s3);
        s4 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 4)), s4);
        s5 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 5)), s5);
        s6 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 6)), s6);
        s7 = Vector512.FusedMultiplyAdd(a, Vector512.Create(Unsafe.Add(ref at, 7)), s7);
        s0 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 1)), s0);
        s1 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 2)), s1);
        s2 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 3)), s2);
        s3 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 4)), s3);
        s4 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 5)), s4);
        s5 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 6)), s5);
        s6 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 7)), s6);
        s7 = Vector512.FusedMultiplyAdd(b, Vector512.Create(Unsafe.Add(ref at, 8)), s7);
        s0 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 2)), s0);
        s1 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 3)), s1);
        s2 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 4)), s2);
        s3 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 5)), s3);
        s4 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 6)), s4);
        s5 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 7)), s5);
        s6 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 8)), s6);
        s7 = Vector512.FusedMultiplyAdd(c, Vector512.Create(Unsafe.Add(ref at, 9)), s7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store(Vector512<float> sum, ref float target, int offset, bool relu) =>
        (relu ? Vector512.Max(sum, Vector512<float>.Zero) : sum).StoreUnsafe(ref target, (nuint)offset);

    /// <summary>
    /// kernelGradient (filters × k·k) = Σ over images and positions of dZ ⊗ patch, summed in scan order (3×3: positions
    /// whose 16 filters' gradients are all zero skipped, the same sums bit for bit).
    /// </summary>
    public static void KernelGradient(ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch, Span<float> kernelGradient)
    {
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var dz = ref MemoryMarshal.GetReference(preActivationGradient);
        int filters = g.Filters, k = g.Kernel, taps = k * k;
        if (k == 3)
        {
            KernelGradient3x3(g, input, preActivationGradient, batch, kernelGradient);
            return;
        }

        Span<Vector512<float>> sums = stackalloc Vector512<float>[taps];
        for (var f = 0; f < filters; f += Vector512<float>.Count)
        {
            sums.Clear();
            for (var b = 0; b < batch; b++)
            {
                ref var image = ref Unsafe.Add(ref x, b * g.InSize);
                ref var gradient = ref Unsafe.Add(ref dz, b * g.OutSize);
                for (var oy = 0; oy < g.OutHeight; oy++)
                {
                    for (var ox = 0; ox < g.OutWidth; ox++)
                    {
                        var d = Vector512.LoadUnsafe(ref gradient, (nuint)((((oy * g.OutWidth) + ox) * filters) + f));
                        var corner = (oy * g.Stride * g.InWidth) + (ox * g.Stride);
                        for (var dy = 0; dy < k; dy++)
                        {
                            for (var dx = 0; dx < k; dx++)
                            {
                                var tap = (dy * k) + dx;
                                sums[tap] = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref image, corner + (dy * g.InWidth) + dx)), sums[tap]);
                            }
                        }
                    }
                }
            }

            for (var tap = 0; tap < taps; tap++)
            {
                sums[tap].CopyTo(kernelGradient.Slice((tap * filters) + f, Vector512<float>.Count));
            }
        }
    }

    // The common 3×3 case with its nine sums in registers: nine independent chains, no memory round trips.
    private static void KernelGradient3x3(ConvGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch, Span<float> kernelGradient)
    {
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var dz = ref MemoryMarshal.GetReference(preActivationGradient);
        int filters = g.Filters, width = g.InWidth;
        for (var f = 0; f < filters; f += Vector512<float>.Count)
        {
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
            for (var b = 0; b < batch; b++)
            {
                ref var image = ref Unsafe.Add(ref x, b * g.InSize);
                ref var gradient = ref Unsafe.Add(ref dz, b * g.OutSize);
                for (var oy = 0; oy < g.OutHeight; oy++)
                {
                    for (var ox = 0; ox < g.OutWidth; ox++)
                    {
                        var d = Vector512.LoadUnsafe(ref gradient, (nuint)((((oy * g.OutWidth) + ox) * filters) + f));
                        if (d == Vector512<float>.Zero)
                        {
                            // Adding zero products leaves every sum as it is: a max pooling above routes most positions
                            // nothing (on MNIST's flat background, the same position for every filter).
                            continue;
                        }

                        ref var p = ref Unsafe.Add(ref image, (oy * g.Stride * width) + (ox * g.Stride));
                        AddTaps(d, ref p, width, ref s0, ref s1, ref s2, ref s3, ref s4, ref s5, ref s6, ref s7, ref s8);
                    }
                }
            }

            StoreTaps(kernelGradient, filters, f, s0, s1, s2, s3, s4, s5, s6, s7, s8);
        }
    }

    /// <summary>The nine tap sums of a 3×3 kernel gradient += d·(the 3×3 patch at p, rows <paramref name="width"/> apart).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void AddTaps(
        Vector512<float> d, ref float p, int width, ref Vector512<float> s0, ref Vector512<float> s1, ref Vector512<float> s2, ref Vector512<float> s3,
        ref Vector512<float> s4, ref Vector512<float> s5, ref Vector512<float> s6, ref Vector512<float> s7, ref Vector512<float> s8)
    {
        s0 = Vector512.FusedMultiplyAdd(d, Vector512.Create(p), s0);
        s1 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, 1)), s1);
        s2 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, 2)), s2);
        s3 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, width)), s3);
        s4 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, width + 1)), s4);
        s5 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, width + 2)), s5);
        s6 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, 2 * width)), s6);
        s7 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, (2 * width) + 1)), s7);
        s8 = Vector512.FusedMultiplyAdd(d, Vector512.Create(Unsafe.Add(ref p, (2 * width) + 2)), s8);
    }

    /// <summary>Tap t's sums of filters f..f+15 into kernelGradient (filters × 9) at t·filters + f.</summary>
    /// <remarks>
    /// Inlined: as a call, the sums still in registers across it (a second group's) are spilled at every multiply-add of
    /// the loop before it, since every vector register is the caller's to save.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreTaps(
        Span<float> kernelGradient, int filters, int f, Vector512<float> s0, Vector512<float> s1, Vector512<float> s2, Vector512<float> s3,
        Vector512<float> s4, Vector512<float> s5, Vector512<float> s6, Vector512<float> s7, Vector512<float> s8)
    {
        s0.CopyTo(kernelGradient.Slice(f));
        s1.CopyTo(kernelGradient.Slice(filters + f));
        s2.CopyTo(kernelGradient.Slice((2 * filters) + f));
        s3.CopyTo(kernelGradient.Slice((3 * filters) + f));
        s4.CopyTo(kernelGradient.Slice((4 * filters) + f));
        s5.CopyTo(kernelGradient.Slice((5 * filters) + f));
        s6.CopyTo(kernelGradient.Slice((6 * filters) + f));
        s7.CopyTo(kernelGradient.Slice((7 * filters) + f));
        s8.CopyTo(kernelGradient.Slice((8 * filters) + f));
    }
}
