using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using MnistFunctional.Dsl;
using static MnistFunctional.Backend.WinogradBlocks;

namespace MnistFunctional.Backend;

/// <summary>
/// Inference only: a 3×3 stride-1 convolution, its activation and the 2×2 max pooling after it, in one pass by
/// Winograd's F(2×2, 3×3). Each pooling window is one 2×2 block of convolution outputs, computed from a 4×4 input
/// tile with 16 multiplications per (filter, channel) pair instead of 36, as 16 matrix products
/// (filters × channels)·(channels × tiles); outputs the pooling's floor drops are never computed. Max commutes with
/// the bias and any non-decreasing activation, so both are applied to the pooled values. The transforms add before
/// they multiply, so values differ from the im2col path in the last bits: training keeps that path. Tiles go in
/// groups of about a dozen whose products are summed into the output transform in L1 (<see cref="WinogradProduct"/>):
/// 1.08–1.13× the kernel that stored 80 tiles' products in L2 and transformed them afterwards, with the same bits.
/// Channels and filters are processed 16 at a time (Vector512), so both must be multiples of 16.
/// </summary>
public static class WinogradConvPool
{
    private const int Elements = 16;

    /// <summary>
    /// Batches from which Predict uses this kernel: from one image, whose conv2 + pool2 take 9.5–11 µs here plus 5–7 µs
    /// to transform the kernel, against 28–32 µs by im2col (one thread).
    /// </summary>
    public const int MinimumBatch = 1;

    public static bool Applies(ConvGeometry conv, PoolGeometry pool) =>
        Vector512.IsHardwareAccelerated && !conv.IsPadded && pool.IsPlain && conv.Kernel == 3 && conv.Stride == 1 && pool.Window == 2
        && conv.Activation != Activation.Softmax && pool.OutHeight > 0 && pool.OutWidth > 0
        && conv.InChannels % Lanes == 0 && conv.Filters % Lanes == 0;

    /// <summary>Floats of the transformed kernel: 16 (filters × channels) matrices.</summary>
    public static int KernelLength(ConvGeometry g) => Elements * g.Filters * g.InChannels;

    /// <summary>Floats of scratch <see cref="Forward"/> needs for <paramref name="images"/> images.</summary>
    public static int ScratchLength(ConvGeometry g, PoolGeometry pool, int images) =>
        CacheLines.Slack + (Math.Min(GroupTiles(g) + 5, images * pool.OutHeight * pool.OutWidth) * TileFloats(g));

    // Tiles per group, a multiple of the product's 6 columns: the group's transformed inputs and sums fill about
    // 48 KB (12 tiles of the seed model's conv2), while the transformed kernel streams from L2 once per group. The
    // last group takes up to 5 more, rather than leave a few tiles a stream of the kernel of their own (one image:
    // 12 + 13 tiles, as fast as the single block of the kernel before).
    private static int GroupTiles(ConvGeometry g) => Math.Max(1, GroupBytes / (6 * TileFloats(g) * sizeof(float))) * 6;

    private const int GroupBytes = 48 * 1024;

    // A tile's 16 transformed inputs (channels each) and its 8 sums of products (filters each).
    private static int TileFloats(ConvGeometry g) => (Elements * g.InChannels) + (8 * g.Filters);

    /// <summary>U = G·w·Gᵀ for every filter and channel; element e of it is the (filters × channels) matrix at e·filters·channels.</summary>
    public static void TransformKernel(ConvGeometry g, ReadOnlySpan<float> kernel, Span<float> transformed)
    {
        Require(g.Filters % Lanes == 0 && g.InChannels % Lanes == 0, "filters and channels must be multiples of 16");
        Require(kernel.Length >= g.Filters * g.PatchSize && transformed.Length >= KernelLength(g), "kernel buffers too short");
        int filters = g.Filters, channels = g.InChannels;
        var (stride, blocks) = (filters * channels, filters / Lanes);
        Span<float> staged = stackalloc float[Elements * StagedPairs * Lanes];
        for (var first = 0; first < channels * blocks; first += StagedPairs)
        {
            var pairs = Math.Min(StagedPairs, (channels * blocks) - first);
            for (var q = 0; q < pairs; q++)
            {
                var (c, block) = Math.DivRem(first + q, blocks);
                var o = block * Lanes;

                // Tap (ky, kx) of filters o.. at column (ky·3 + kx)·channels + c of the (filters × 9·channels) kernel.
                var tap = (filters * channels) * 3;
                var at = o + (filters * c);
                var step = filters * channels;
                var half = Vector512.Create(0.5f);

                // Columns (kx) of G·w for each row ky of the taps: G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1].
                var w00 = Load(kernel, at);
                var w01 = Load(kernel, at + step);
                var w02 = Load(kernel, at + (2 * step));
                var w10 = Load(kernel, at + tap);
                var w11 = Load(kernel, at + tap + step);
                var w12 = Load(kernel, at + tap + (2 * step));
                var w20 = Load(kernel, at + (2 * tap));
                var w21 = Load(kernel, at + (2 * tap) + step);
                var w22 = Load(kernel, at + (2 * tap) + (2 * step));
                var r10 = (w00 + w10 + w20) * half;
                var r11 = (w01 + w11 + w21) * half;
                var r12 = (w02 + w12 + w22) * half;
                var r20 = (w00 - w10 + w20) * half;
                var r21 = (w01 - w11 + w21) * half;
                var r22 = (w02 - w12 + w22) * half;

                // Element e of pair q at e·StagedPairs·16 + q·16 of the staging block.
                var (u, row) = (q * Lanes, StagedPairs * Lanes);
                StoreGRow(w00, w01, w02, half, staged, u, row);
                StoreGRow(r10, r11, r12, half, staged, u + (4 * row), row);
                StoreGRow(r20, r21, r22, half, staged, u + (8 * row), row);
                StoreGRow(w20, w21, w22, half, staged, u + (12 * row), row);
            }

            Unstage(Elements, staged, pairs, first, stride, transformed);
        }
    }

    // One row of (G·w)·Gᵀ: elements 4r .. 4r + 3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreGRow(Vector512<float> g0, Vector512<float> g1, Vector512<float> g2, Vector512<float> half, Span<float> transformed, int at, int stride)
    {
        Store(g0, transformed, at);
        Store((g0 + g1 + g2) * half, transformed, at + stride);
        Store((g0 - g1 + g2) * half, transformed, at + (2 * stride));
        Store(g2, transformed, at + (3 * stride));
    }

    /// <summary>
    /// output (pooled positions·filters × batch, channels last) = f(maxpool(conv(input)) + b), with the kernel
    /// already transformed by <see cref="TransformKernel"/>; <paramref name="scratch"/> holds <see cref="ScratchLength"/> floats.
    /// Tiles go in small groups: each group's transformed inputs, products and output transform stay in L1
    /// (<see cref="WinogradProduct"/>). <paramref name="parallel"/> is not used: a slice runs on one core.
    /// </summary>
    public static void Forward(
        ConvGeometry g, PoolGeometry pool, ReadOnlySpan<float> transformedKernel, ReadOnlySpan<float> bias,
        ReadOnlySpan<float> input, int batch, Span<float> scratch, Span<float> output, bool parallel = true)
    {
        _ = parallel;
        int filters = g.Filters, channels = g.InChannels;
        var tiles = batch * pool.OutHeight * pool.OutWidth;
        var group = GroupTiles(g);
        Require(Applies(g, pool) && pool.InHeight == g.OutHeight && pool.InWidth == g.OutWidth, "the layers do not fit this kernel");
        Require(input.Length >= batch * g.InSize && transformedKernel.Length >= KernelLength(g) && bias.Length >= filters, "input, kernel or bias too short");
        Require(scratch.Length >= ScratchLength(g, pool, batch) && output.Length >= batch * pool.OutSize, "scratch or output too short");
        ref var u = ref MemoryMarshal.GetReference(transformedKernel);
        var matrix = filters * channels;

        // The transformed inputs and the sums from a cache line's boundary (channels and filters are whole vectors, so
        // every part of them starts on one): the products load them as whole cache lines.
        scratch = scratch[CacheLines.ToBoundary(scratch)..];
        for (int first = 0, count; first < tiles; first += count)
        {
            count = tiles - first < group + 6 ? tiles - first : group;
            var transformedInput = scratch[..(Elements * channels * count)];
            var sums = scratch.Slice(Elements * channels * count, 8 * filters * count);
            TransformInput(g, pool, input, first, count, transformedInput);
            ref var v = ref MemoryMarshal.GetReference(transformedInput);
            var plane = count * channels;
            for (var c = 0; c < 4; c++)
            {
                // Element (r, c) is product 4r + c; top_c and bottom_c are sums c and 4 + c.
                ref var top = ref MemoryMarshal.GetReference(sums[(c * count * filters)..]);
                ref var bottom = ref MemoryMarshal.GetReference(sums[((4 + c) * count * filters)..]);
                WinogradProduct.Multiply<FirstRow>(filters, count, channels, ref Unsafe.Add(ref u, c * matrix), ref Unsafe.Add(ref v, c * plane), ref top, ref bottom);
                WinogradProduct.Multiply<SecondRow>(filters, count, channels, ref Unsafe.Add(ref u, (4 + c) * matrix), ref Unsafe.Add(ref v, (4 + c) * plane), ref top, ref bottom);
                WinogradProduct.Multiply<ThirdRow>(filters, count, channels, ref Unsafe.Add(ref u, (8 + c) * matrix), ref Unsafe.Add(ref v, (8 + c) * plane), ref top, ref bottom);
                WinogradProduct.Multiply<FourthRow>(filters, count, channels, ref Unsafe.Add(ref u, (12 + c) * matrix), ref Unsafe.Add(ref v, (12 + c) * plane), ref top, ref bottom);
            }

            Pool(filters, sums, count, output.Slice(first * filters, count * filters), bias, g.Activation);
        }

        if (g.Activation is not (Activation.ReLU or Activation.Linear))
        {
            BiasActivation.Apply(output[..(tiles * filters)], bias, g.Activation);
        }
    }

    // V = Bᵀ·d·B for each 4×4 input tile, Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]; element e of tile t at (e·count + t)·channels.
    private static void TransformInput(ConvGeometry g, PoolGeometry pool, ReadOnlySpan<float> input, int first, int count, Span<float> transformed)
    {
        // The geometry's sizes are computed properties (a division each): read once, and the tile's place advanced.
        int channels = g.InChannels, width = g.InWidth, imageSize = g.InSize, pooledHeight = pool.OutHeight, pooledWidth = pool.OutWidth;
        var stride = count * channels;
        var rowStep = width * channels;
        var (image, position) = Math.DivRem(first, pooledHeight * pooledWidth);
        var (ty, tx) = Math.DivRem(position, pooledWidth);
        for (var t = 0; t < count; t++)
        {
            var origin = (image * imageSize) + ((((2 * ty) * width) + (2 * tx)) * channels);
            if (++tx == pooledWidth)
            {
                (tx, ty) = (0, ty + 1);
                if (ty == pooledHeight)
                {
                    (ty, image) = (0, image + 1);
                }
            }

            for (var c = 0; c < channels; c += Lanes)
            {
                var at = origin + c;

                // Bᵀ·d: rows of the tile combined, column by column.
                var d0 = Load(input, at);
                var d1 = Load(input, at + rowStep);
                var d2 = Load(input, at + (2 * rowStep));
                var d3 = Load(input, at + (3 * rowStep));
                var a00 = d0 - d2;
                var a10 = d1 + d2;
                var a20 = d2 - d1;
                var a30 = d1 - d3;
                at += channels;
                d0 = Load(input, at);
                d1 = Load(input, at + rowStep);
                d2 = Load(input, at + (2 * rowStep));
                d3 = Load(input, at + (3 * rowStep));
                var a01 = d0 - d2;
                var a11 = d1 + d2;
                var a21 = d2 - d1;
                var a31 = d1 - d3;
                at += channels;
                d0 = Load(input, at);
                d1 = Load(input, at + rowStep);
                d2 = Load(input, at + (2 * rowStep));
                d3 = Load(input, at + (3 * rowStep));
                var a02 = d0 - d2;
                var a12 = d1 + d2;
                var a22 = d2 - d1;
                var a32 = d1 - d3;
                at += channels;
                d0 = Load(input, at);
                d1 = Load(input, at + rowStep);
                d2 = Load(input, at + (2 * rowStep));
                d3 = Load(input, at + (3 * rowStep));
                var a03 = d0 - d2;
                var a13 = d1 + d2;
                var a23 = d2 - d1;
                var a33 = d1 - d3;

                // (Bᵀ·d)·B: row r gives elements 4r .. 4r + 3.
                var v = (t * channels) + c;
                StoreBRow(a00, a01, a02, a03, transformed, v, stride);
                StoreBRow(a10, a11, a12, a13, transformed, v + (4 * stride), stride);
                StoreBRow(a20, a21, a22, a23, transformed, v + (8 * stride), stride);
                StoreBRow(a30, a31, a32, a33, transformed, v + (12 * stride), stride);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreBRow(Vector512<float> x0, Vector512<float> x1, Vector512<float> x2, Vector512<float> x3, Span<float> transformed, int at, int stride)
    {
        Store(x0 - x2, transformed, at);
        Store(x1 + x2, transformed, at + stride);
        Store(x2 - x1, transformed, at + (2 * stride));
        Store(x1 - x3, transformed, at + (3 * stride));
    }

    // Y = (Aᵀ·M)·A from the rows of Aᵀ·M by element column (top_c, bottom_c), Aᵀ = [1 1 1 0; 0 1 −1 −1]: the tile's
    // 2×2 outputs, of which only the maximum is kept; for ReLU or no activation, the bias and activation too, as
    // BiasActivation adds and clamps (the others go through it afterwards).
    private static void Pool(int filters, ReadOnlySpan<float> sums, int count, Span<float> pooled, ReadOnlySpan<float> bias, Activation activation)
    {
        var (withBias, relu) = (activation is Activation.ReLU or Activation.Linear, activation == Activation.ReLU);
        var plane = count * filters;
        for (var t = 0; t < count; t++)
        {
            for (var o = 0; o < filters; o += Lanes)
            {
                var at = (t * filters) + o;
                var (top0, top1, top2, top3) = (Load(sums, at), Load(sums, at + plane), Load(sums, at + (2 * plane)), Load(sums, at + (3 * plane)));
                var (bottom0, bottom1, bottom2, bottom3) = (Load(sums, at + (4 * plane)), Load(sums, at + (5 * plane)), Load(sums, at + (6 * plane)), Load(sums, at + (7 * plane)));
                var top = Vector512.Max(top0 + top1 + top2, top1 - top2 - top3);
                var bottom = Vector512.Max(bottom0 + bottom1 + bottom2, bottom1 - bottom2 - bottom3);
                var value = Vector512.Max(top, bottom);
                if (withBias)
                {
                    value += Load(bias, o);
                    value = relu ? Vector512.Max(value, Vector512<float>.Zero) : value;
                }

                Store(value, pooled, at);
            }
        }
    }

    private static void Require(bool condition, string problem) => WinogradBlocks.Require(condition, "Winograd convolution + pooling", problem);
}
