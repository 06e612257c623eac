using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistFunctional.Backend;

/// <summary>
/// Where a plain max pooling over a ReLU output sends each value's gradient, as a byte per pooled value: the window
/// position (wy·window + wx) of the first maximum in scan order, or <see cref="Nowhere"/> where the maximum is not
/// positive — the rule of <see cref="PoolKernels.Backward"/> with <c>reluInput</c>. Recorded by the training forward
/// (<see cref="PoolKernels.Forward(PoolGeometry, ReadOnlySpan{float}, int, Span{float}, Span{byte})"/>), it lets
/// <see cref="SingleChannelConvPoolBackward"/> route from 1 byte per pooled value instead of reading the convolution's
/// whole output again (conv1's: 86 KB per image, 16 times the routing).
/// </summary>
public static class PoolRouting
{
    public const byte Nowhere = 255;

    private const int Lanes = 16;

    /// <summary>Window = stride, valid padding, whole 512-bit channel vectors, and window positions that fit a byte.</summary>
    public static bool Applies(PoolGeometry g) =>
        Vector512.IsHardwareAccelerated && Avx512F.IsSupported && g.IsPlain && g.Channels % Lanes == 0 && g.Window * g.Window < Nowhere;

    /// <summary>routing (one byte per pooled value) from the pooling's input and its output.</summary>
    public static void Record(PoolGeometry g, ReadOnlySpan<float> input, ReadOnlySpan<float> pooled, int batch, Span<byte> routing)
    {
        Require(g, input, batch, pooled.Length, routing.Length);

        // Only read: without computeMaxima the pass never writes the pooled values.
        Windows(g, input, batch, MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(pooled), pooled.Length), computeMaxima: false, routing);
    }

    /// <summary>The pooling (as <see cref="PoolKernels.Forward(PoolGeometry, ReadOnlySpan{float}, int, Span{float})"/>) and its routing in one pass.</summary>
    internal static void Forward(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> output, Span<byte> routing)
    {
        Require(g, input, batch, output.Length, routing.Length);
        if (g.Window == 2)
        {
            Windows2x2(g, input, batch, output, routing);
            return;
        }

        Windows(g, input, batch, output, computeMaxima: true, routing);
    }

    // Windows' pass for 2×2 windows (pool1 of the seed model): each position's vector loaded once and kept in a register
    // for both the maximum (taken in the same order) and the compares. The last position needs no compare: where the
    // first three do not hold the maximum, it does — or the maximum is NaN and not positive.
    private static void Windows2x2(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> pooled, Span<byte> routing)
    {
        int c = g.Channels, rowStride = g.InWidth * c, inSize = g.InSize, outHeight = g.OutHeight, outWidth = g.OutWidth;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var m = ref MemoryMarshal.GetReference(pooled);
        ref var r = ref MemoryMarshal.GetReference(routing);
        var (one, two, three, nowhere) = (Vector512.Create(1), Vector512.Create(2), Vector512.Create(3), Vector512.Create((int)Nowhere));
        nuint at = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                for (var xo = 0; xo < outWidth; xo++)
                {
                    ref var topLeft = ref Unsafe.Add(ref x, (b * inSize) + (y * 2 * rowStride) + (xo * 2 * c));
                    ref var bottomLeft = ref Unsafe.Add(ref topLeft, rowStride);
                    for (var k = 0; k < c; k += Lanes, at += Lanes)
                    {
                        var p0 = Vector512.LoadUnsafe(ref topLeft, (nuint)k);
                        var p1 = Vector512.LoadUnsafe(ref topLeft, (nuint)(c + k));
                        var p2 = Vector512.LoadUnsafe(ref bottomLeft, (nuint)k);
                        var p3 = Vector512.LoadUnsafe(ref bottomLeft, (nuint)(c + k));
                        var max = Vector512.Max(Vector512.Max(Vector512.Max(p0, p1), p2), p3);
                        max.StoreUnsafe(ref m, at);
                        var codes = Vector512.ConditionalSelect(Vector512.Equals(p2, max).AsInt32(), two, three);
                        codes = Vector512.ConditionalSelect(Vector512.Equals(p1, max).AsInt32(), one, codes);
                        codes = Vector512.ConditionalSelect(Vector512.Equals(p0, max).AsInt32(), Vector512<int>.Zero, codes);
                        codes = Vector512.ConditionalSelect(Vector512.GreaterThan(max, Vector512<float>.Zero).AsInt32(), codes, nowhere);
                        Avx512F.ConvertToVector128Byte(codes).StoreUnsafe(ref r, at);
                    }
                }
            }
        }
    }

    // Every window and 16 channels: their maxima (computed and stored into the pooled output, or read from it), then
    // each channel's position: the first in scan order equal to the maximum, where the maximum is positive.
    private static void Windows(PoolGeometry g, ReadOnlySpan<float> input, int batch, Span<float> pooled, bool computeMaxima, Span<byte> routing)
    {
        int c = g.Channels, window = g.Window, rowStride = g.InWidth * c, inSize = g.InSize, outHeight = g.OutHeight, outWidth = g.OutWidth;
        ref var x = ref MemoryMarshal.GetReference(input);
        ref var m = ref MemoryMarshal.GetReference(pooled);
        ref var r = ref MemoryMarshal.GetReference(routing);
        // Each window position's offset from the window's corner: the first window's, the pooling being plain.
        Span<int> offsets = stackalloc int[window * window];
        var cells = g.WindowOffsets(0, offsets);
        ref var offset = ref MemoryMarshal.GetReference(offsets);
        var nowhere = Vector512.Create((int)Nowhere);
        nuint at = 0;
        for (var b = 0; b < batch; b++)
        {
            for (var y = 0; y < outHeight; y++)
            {
                for (var xo = 0; xo < outWidth; xo++)
                {
                    var corner = (b * inSize) + (y * window * rowStride) + (xo * window * c);
                    for (var k = 0; k < c; k += Lanes, at += Lanes)
                    {
                        Vector512<float> max;
                        if (computeMaxima)
                        {
                            max = Vector512.LoadUnsafe(ref x, (nuint)(corner + k));
                            for (var cell = 1; cell < cells; cell++)
                            {
                                max = Vector512.Max(max, Vector512.LoadUnsafe(ref x, (nuint)(corner + Unsafe.Add(ref offset, cell) + k)));
                            }

                            max.StoreUnsafe(ref m, at);
                        }
                        else
                        {
                            max = Vector512.LoadUnsafe(ref m, at);
                        }

                        // Positions from the last to the first, so that the first equal to the maximum is the one kept.
                        var codes = nowhere;
                        for (var cell = cells - 1; cell >= 0; cell--)
                        {
                            var hit = Vector512.Equals(Vector512.LoadUnsafe(ref x, (nuint)(corner + Unsafe.Add(ref offset, cell) + k)), max).AsInt32();
                            codes = Vector512.ConditionalSelect(hit, Vector512.Create(cell), codes);
                        }

                        codes = Vector512.ConditionalSelect(Vector512.GreaterThan(max, Vector512<float>.Zero).AsInt32(), codes, nowhere);
                        Avx512F.ConvertToVector128Byte(codes).StoreUnsafe(ref r, at);
                    }
                }
            }
        }
    }

    private static void Require(PoolGeometry g, ReadOnlySpan<float> input, int batch, int pooledLength, int routingLength)
    {
        if (!Applies(g) || input.Length < g.InSize * batch || pooledLength < g.OutSize * batch || routingLength < g.OutSize * batch)
        {
            throw new ArgumentException("Pooling routing: the pooling or the buffers do not fit.");
        }
    }
}
