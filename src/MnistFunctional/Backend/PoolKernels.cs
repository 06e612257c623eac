using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Max pooling. Channels are contiguous (channels last), so each output pixel is the element-wise maximum of the
/// window's channel vectors. Backward routes each gradient to exactly one input: the first window position, in
/// scan order, holding the maximum (overlapping windows, stride &lt; window, add up at an input). Caller-owned
/// buffers. Window = stride with valid padding (<see cref="PoolGeometry.IsPlain"/>, the seed model's pools) uses
/// whole 512-bit channel vectors when the channel count allows; other strides and same padding (a window past the
/// edge covers only its elements inside, as in Keras) take the general loops.
/// </summary>
public static class PoolKernels
{
    /// <summary>
    /// As <see cref="Forward(PoolGeometry, ReadOnlySpan{float}, int, Span{float})"/>, also recording where each value's
    /// gradient goes (<see cref="PoolRouting"/>) when <paramref name="routing"/> is not empty and the pooling allows it.
    /// </summary>
    public static void Forward(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output, Span<byte> routing)
    {
        if (routing.IsEmpty || !PoolRouting.Applies(g))
        {
            Forward(g, input, batch, output);
            return;
        }

        PoolRouting.Forward(g, input, batch, output, routing);
    }

    public static void Forward(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        if (!g.IsPlain)
        {
            PoolWindows.Reduce(g, input, batch, output, average: false);
            return;
        }

        int c = g.Channels, w = g.Window;
        if (Vector512.IsHardwareAccelerated && c % Vector512<float>.Count == 0)
        {
            ForwardVectorised(g, input[..(g.InSize * batch)], batch, output[..(g.OutSize * batch)]);
            return;
        }

        for (var b = 0; b < batch; b++)
        {
            var image = input.Slice(b * g.InSize, g.InSize);
            var result = output.Slice(b * g.OutSize, g.OutSize);
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var xo = 0; xo < g.OutWidth; xo++)
                {
                    var target = result.Slice(((y * g.OutWidth) + xo) * c, c);
                    var corner = Offset(g, y * w, xo * w);
                    image.Slice(corner, c).CopyTo(target);
                    for (var wy = 0; wy < w; wy++)
                    {
                        for (var wx = wy == 0 ? 1 : 0; wx < w; wx++)
                        {
                            TensorPrimitives.Max(target, image.Slice(Offset(g, (y * w) + wy, (xo * w) + wx), c), target);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <paramref name="inputGradient"/> is fully overwritten (zero where no maximum was routed). With
    /// <paramref name="reluInput"/> (the input is a ReLU output) a gradient is routed only where the maximum is
    /// positive, which is ReLU's derivative at that input: the layer below then needs no pass of its own for it.
    /// </summary>
    public static void Backward(PoolGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient, bool reluInput = false)
    {
        if (!g.IsPlain)
        {
            BackwardGeneral(g, input, output, outputGradient, batch, inputGradient, reluInput);
            return;
        }

        int c = g.Channels, w = g.Window;
        var vectorised = Vector512.IsHardwareAccelerated && c % Vector512<float>.Count == 0;
        if (vectorised)
        {
            // The vector path writes every pixel a window covers (zero where it routes nothing): only the rest is cleared.
            ClearUncovered(g, batch, inputGradient);
            BackwardVectorised(g, input[..(g.InSize * batch)], output[..(g.OutSize * batch)], outputGradient[..(g.OutSize * batch)], batch, inputGradient[..(g.InSize * batch)], reluInput);
            return;
        }

        inputGradient[..(g.InSize * batch)].Clear();
        for (var b = 0; b < batch; b++)
        {
            var image = input.Slice(b * g.InSize, g.InSize);
            var gradient = inputGradient.Slice(b * g.InSize, g.InSize);
            for (var y = 0; y < g.OutHeight; y++)
            {
                for (var xo = 0; xo < g.OutWidth; xo++)
                {
                    var at = (b * g.OutSize) + (((y * g.OutWidth) + xo) * c);
                    var corner = Offset(g, y * w, xo * w);
                    for (var channel = 0; channel < c; channel++)
                    {
                        var max = output[at + channel];
                        var routed = reluInput && max <= 0f;
                        for (var wy = 0; wy < w && !routed; wy++)
                        {
                            for (var wx = 0; wx < w; wx++)
                            {
                                var offset = Offset(g, (y * w) + wy, (xo * w) + wx) + channel;
                                if (image[offset] == max)
                                {
                                    gradient[offset] = outputGradient[at + channel];
                                    routed = true;
                                    break;
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static void BackwardGeneral(PoolGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient, bool reluInput)
    {
        var c = g.Channels;
        var vectorEnd = Vector512.IsHardwareAccelerated ? c - (c % Vector512<float>.Count) : 0;
        Span<int> offsets = stackalloc int[g.Window * g.Window];
        inputGradient[..(g.InSize * batch)].Clear();
        for (var p = 0; p < g.OutPositions; p++)
        {
            var window = offsets[..g.WindowOffsets(p, offsets)];
            for (var b = 0; b < batch; b++)
            {
                var image = input.Slice(b * g.InSize, g.InSize);
                var gradient = inputGradient.Slice(b * g.InSize, g.InSize);
                var at = (b * g.OutSize) + (p * c);
                for (var k = 0; k < vectorEnd; k += Vector512<float>.Count)
                {
                    RouteVector(window, image[k..], gradient[k..], output[(at + k)..], outputGradient[(at + k)..], reluInput);
                }

                for (var channel = vectorEnd; channel < c; channel++)
                {
                    var max = output[at + channel];
                    if (reluInput && max <= 0f)
                    {
                        continue;
                    }

                    // The first pixel in scan order holding the maximum; none for a NaN maximum.
                    foreach (var offset in window)
                    {
                        if (image[offset + channel] == max)
                        {
                            gradient[offset + channel] += outputGradient[at + channel];
                            break;
                        }
                    }
                }
            }
        }
    }

    // 16 channels of one output pixel: a mask of channels still unrouted gives the gradient to the first window pixel,
    // in scan order, holding the maximum (the others get + 0, which changes no sum).
    private static void RouteVector(ReadOnlySpan<int> window, ReadOnlySpan<float> image, Span<float> gradient, ReadOnlySpan<float> maxima, ReadOnlySpan<float> upstream, bool reluInput)
    {
        var max = Vector512.Create(maxima);
        var routed = Vector512.Create(upstream);
        if (reluInput)
        {
            routed &= Vector512.GreaterThan(max, Vector512<float>.Zero);
        }

        var unrouted = Vector512<float>.AllBitsSet;
        foreach (var offset in window)
        {
            var hit = Vector512.Equals(Vector512.Create(image[offset..]), max) & unrouted;
            var target = gradient[offset..];
            (Vector512.Create(target) + (routed & hit)).CopyTo(target);
            unrouted = Vector512.AndNot(unrouted, hit);
        }
    }

    // The spans were sliced to the batch by the caller, so every offset below is in range.
    private static void ForwardVectorised(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        int c = g.Channels, w = g.Window, rowStride = g.InWidth * g.Channels, outHeight = g.OutHeight, outWidth = g.OutWidth, inSize = g.InSize;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var t = ref MemoryMarshal.GetReference(output);
        nuint target = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                for (var xo = 0; xo < outWidth; xo++)
                {
                    var corner = (b * inSize) + (y * w * rowStride) + (xo * w * c);
                    for (var k = 0; k < c; k += Vector512<float>.Count)
                    {
                        var max = Vector512.LoadUnsafe(ref x, (nuint)(corner + k));
                        for (var wy = 0; wy < w; wy++)
                        {
                            for (var wx = wy == 0 ? 1 : 0; wx < w; wx++)
                            {
                                max = Vector512.Max(max, Vector512.LoadUnsafe(ref x, (nuint)(corner + (wy * rowStride) + (wx * c) + k)));
                            }
                        }

                        max.StoreUnsafe(ref t, target);
                        target += (nuint)Vector512<float>.Count;
                    }
                }
            }
        }
    }

    // Every window position gets either the routed gradient or zero: a mask of channels still unrouted
    // makes the first position (scan order) holding the maximum the only one that receives it.
    private static void BackwardVectorised(PoolGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient, bool reluInput)
    {
        int c = g.Channels, w = g.Window, rowStride = g.InWidth * g.Channels, outHeight = g.OutHeight, outWidth = g.OutWidth, inSize = g.InSize;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var dx = ref MemoryMarshal.GetReference(inputGradient);
        ref var m = ref MemoryMarshal.GetReference(output);
        ref var dy = ref MemoryMarshal.GetReference(outputGradient);
        nuint at = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                for (var xo = 0; xo < outWidth; xo++)
                {
                    var corner = (b * inSize) + (y * w * rowStride) + (xo * w * c);
                    for (var k = 0; k < c; k += Vector512<float>.Count)
                    {
                        var maxima = Vector512.LoadUnsafe(ref m, at);
                        var gradients = Vector512.LoadUnsafe(ref dy, at);
                        if (reluInput)
                        {
                            gradients &= Vector512.GreaterThan(maxima, Vector512<float>.Zero);
                        }

                        var unrouted = Vector512<float>.AllBitsSet;
                        for (var wy = 0; wy < w; wy++)
                        {
                            for (var wx = 0; wx < w; wx++)
                            {
                                var offset = (nuint)(corner + (wy * rowStride) + (wx * c) + k);
                                var hit = Vector512.Equals(Vector512.LoadUnsafe(ref x, offset), maxima) & unrouted;
                                (gradients & hit).StoreUnsafe(ref dx, offset);
                                unrouted = Vector512.AndNot(unrouted, hit);
                            }
                        }

                        at += (nuint)Vector512<float>.Count;
                    }
                }
            }
        }
    }

    // The pixels no window covers (the pooling's floor drops them: conv2's last row and column in the seed model), per
    // image: the end of each covered row, then the rows below. Clearing the whole gradient first cost a pass over it.
    private static void ClearUncovered(PoolGeometry g, int batch, Span<float> inputGradient)
    {
        int c = g.Channels, rowStride = g.InWidth * c, coveredRows = g.OutHeight * g.Window, coveredRow = g.OutWidth * g.Window * c;
        for (var b = 0; b < batch; b++)
        {
            var image = inputGradient.Slice(b * g.InSize, g.InSize);
            for (var row = 0; coveredRow < rowStride && row < coveredRows; row++)
            {
                image.Slice((row * rowStride) + coveredRow, rowStride - coveredRow).Clear();
            }

            image[(coveredRows * rowStride)..].Clear();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(PoolGeometry g, int row, int column) => ((row * g.InWidth) + column) * g.Channels;
}
