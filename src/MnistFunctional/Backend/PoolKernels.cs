using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// Max pooling with window = stride (floor division drops the last rows/columns). Channels are contiguous
/// (channels last), so each output pixel is the element-wise maximum of the window's channel vectors.
/// Backward routes each gradient to exactly one input: the first window position, in scan order, holding
/// the maximum. Caller-owned buffers; whole 512-bit channel vectors when the channel count allows.
/// </summary>
public static class PoolKernels
{
    public static void Forward(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output)
    {
        int c = g.Channels, w = g.Window;
        var vectorised = Vector512.IsHardwareAccelerated && c % Vector512<float>.Count == 0;
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
                    if (vectorised)
                    {
                        MaxOfWindow(image, corner, g.InWidth * c, c, w, target);
                        continue;
                    }

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

    /// <summary><paramref name="inputGradient"/> is fully overwritten (zero where no maximum was routed).</summary>
    public static void Backward(PoolGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> output, ReadOnlySpan<float> outputGradient, int batch, Span<float> inputGradient)
    {
        int c = g.Channels, w = g.Window;
        var vectorised = Vector512.IsHardwareAccelerated && c % Vector512<float>.Count == 0;
        var coversInput = g.InHeight % w == 0 && g.InWidth % w == 0;
        if (!vectorised || !coversInput)
        {
            inputGradient[..(g.InSize * batch)].Clear();
        }

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
                    if (vectorised)
                    {
                        RouteWindow(image, gradient, corner, g.InWidth * c, c, w, output.Slice(at, c), outputGradient.Slice(at, c));
                        continue;
                    }

                    for (var channel = 0; channel < c; channel++)
                    {
                        var max = output[at + channel];
                        var routed = false;
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

    private static void MaxOfWindow(ReadOnlySpan<float> image, int corner, int rowStride, int c, int w, Span<float> target)
    {
        ref var x = ref MemoryMarshal.GetReference(image);
        ref var t = ref MemoryMarshal.GetReference(target);
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

            max.StoreUnsafe(ref t, (nuint)k);
        }
    }

    // Every window position gets either the routed gradient or zero: a mask of channels still unrouted
    // makes the first position (scan order) holding the maximum the only one that receives it.
    private static void RouteWindow(ReadOnlySpan<float> image, Span<float> gradient, int corner, int rowStride, int c, int w, ReadOnlySpan<float> max, ReadOnlySpan<float> upstream)
    {
        ref var x = ref MemoryMarshal.GetReference(image);
        ref var dx = ref MemoryMarshal.GetReference(gradient);
        ref var m = ref MemoryMarshal.GetReference(max);
        ref var dy = ref MemoryMarshal.GetReference(upstream);
        for (var k = 0; k < c; k += Vector512<float>.Count)
        {
            var maxima = Vector512.LoadUnsafe(ref m, (nuint)k);
            var gradients = Vector512.LoadUnsafe(ref dy, (nuint)k);
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
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Offset(PoolGeometry g, int row, int column) => ((row * g.InWidth) + column) * g.Channels;
}
