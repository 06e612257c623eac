using System.Runtime.Intrinsics;
using MnistFunctional.Dsl;
using static MnistFunctional.Backend.WinogradBlocks;

namespace MnistFunctional.Backend;

/// <summary>
/// Inference only: a 3×3 stride-1 convolution by Winograd's F(3×3, 3×3), for outputs whose sides are multiples of 3.
/// Each 3×3 block of outputs comes from a 5×5 input tile with 25 multiplications per (filter, channel) pair instead
/// of 81, as 25 matrix products (filters × channels)·(channels × tiles). The transforms are Toom-Cook's at the points
/// 0, 1, −1, 2 and ∞ (checked symbolically: y = Aᵀ·[(G·g) ⊙ (Bᵀ·d)] is the correlation), so values differ from the im2col path in the last bits:
/// training keeps that path. Channels and filters are processed 16 at a time (Vector512), so both must be multiples
/// of 16; a layer's few tiles make the transforms' cost small, so they are plain loops over the matrices.
/// </summary>
public static class WinogradConv
{
    private const int Tile = 5;
    private const int Elements = Tile * Tile;

    /// <summary>
    /// Batches from which Predict uses this kernel: transforming the seed model's conv3 kernel (~30 µs; 15–25 µs since
    /// the transform is staged) costs what the kernel saves on about a dozen images (~2.4 µs each: 4.6 → 2.1 µs, one thread).
    /// </summary>
    public const int MinimumBatch = 16;

    // y = Aᵀ·[(G·g) ⊙ (Bᵀ·d)] is the correlation of 5 inputs d with the 3 taps g at 3 positions, for
    // Aᵀ = [1 1 1 1 0; 0 1 −1 2 0; 0 1 1 4 1], G = [½ 0 0; −½ −½ −½; −⅙ ⅙ −⅙; ⅙ ⅓ ⅔; 0 0 1] and
    // Bᵀ = [2 −1 −2 1 0; 0 −2 −1 1 0; 0 2 −3 1 0; 0 −1 0 1 0; 0 2 −1 −2 1], written out below row by row.
    public static bool Applies(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && !g.IsPadded && g.Kernel == 3 && g.Stride == 1 && g.Activation != Activation.Softmax
        && g.OutHeight % 3 == 0 && g.OutWidth % 3 == 0 && g.InChannels % Lanes == 0 && g.Filters % Lanes == 0;

    /// <summary>Floats of the transformed kernel: 25 (filters × channels) matrices.</summary>
    public static int KernelLength(ConvGeometry g) => Elements * g.Filters * g.InChannels;

    /// <summary>Floats of scratch <see cref="Forward"/> needs for <paramref name="images"/> images.</summary>
    public static int ScratchLength(ConvGeometry g, int images) =>
        WinogradBlocks.ScratchLength(Elements, g, images * TilesPerImage(g));

    private static int TilesPerImage(ConvGeometry g) => g.OutHeight / 3 * (g.OutWidth / 3);

    /// <summary>U = G·w·Gᵀ for every filter and channel; element e of it is the (filters × channels) matrix at e·filters·channels.</summary>
    public static void TransformKernel(ConvGeometry g, ReadOnlySpan<float> kernel, Span<float> transformed)
    {
        int filters = g.Filters, channels = g.InChannels;
        Require(filters % Lanes == 0 && channels % Lanes == 0, "filters and channels must be multiples of 16");
        Require(kernel.Length >= filters * g.PatchSize && transformed.Length >= KernelLength(g), "kernel buffers too short");
        Span<Vector512<float>> gw = stackalloc Vector512<float>[Tile * 3];
        Span<float> staged = stackalloc float[Elements * StagedPairs * Lanes];
        var (stride, blocks, row) = (filters * channels, filters / Lanes, StagedPairs * Lanes);
        for (var first = 0; first < channels * blocks; first += StagedPairs)
        {
            var pairs = Math.Min(StagedPairs, (channels * blocks) - first);
            for (var q = 0; q < pairs; q++)
            {
                var (c, block) = Math.DivRem(first + q, blocks);
                var o = block * Lanes;

                // Tap (ky, kx) of filters o.. at column (ky·3 + kx)·channels + c of the (filters × 9·channels) kernel: G·w by columns.
                for (var kx = 0; kx < 3; kx++)
                {
                    var at = o + (filters * ((kx * channels) + c));
                    var (w0, w1, w2) = (Load(kernel, at), Load(kernel, at + (3 * stride)), Load(kernel, at + (6 * stride)));
                    gw[kx] = w0 * 0.5f;
                    gw[3 + kx] = (w0 + w1 + w2) * -0.5f;
                    gw[6 + kx] = (w1 - w0 - w2) * (1 / 6f);
                    gw[9 + kx] = (w0 + (w1 * 2) + (w2 * 4)) * (1 / 6f);
                    gw[12 + kx] = w2;
                }

                // (G·w)·Gᵀ by rows.
                for (var i = 0; i < Tile; i++)
                {
                    var (g0, g1, g2) = (gw[i * 3], gw[(i * 3) + 1], gw[(i * 3) + 2]);

                    // Element 5i + j of pair q at (5i + j)·StagedPairs·16 + q·16 of the staging block.
                    var at = (i * Tile * row) + (q * Lanes);
                    Store(g0 * 0.5f, staged, at);
                    Store((g0 + g1 + g2) * -0.5f, staged, at + row);
                    Store((g1 - g0 - g2) * (1 / 6f), staged, at + (2 * row));
                    Store((g0 + (g1 * 2) + (g2 * 4)) * (1 / 6f), staged, at + (3 * row));
                    Store(g2, staged, at + (4 * row));
                }
            }

            Unstage(Elements, staged, pairs, first, stride, transformed);
        }
    }

    /// <summary>
    /// output (filters·positions × batch, channels last) = f(conv(input) + b), with the kernel already transformed by
    /// <see cref="TransformKernel"/>; <paramref name="scratch"/> holds <see cref="ScratchLength"/> floats.
    /// </summary>
    public static void Forward(
        ConvGeometry g, ReadOnlySpan<float> transformedKernel, ReadOnlySpan<float> bias, ReadOnlySpan<float> input, int batch,
        Span<float> scratch, Span<float> output, bool parallel = true)
    {
        var tiles = batch * TilesPerImage(g);
        var block = Tiles(Elements, g);
        Require(Applies(g), "the layer does not fit this kernel");
        Require(input.Length >= batch * g.InSize && transformedKernel.Length >= KernelLength(g), "input or kernel too short");
        Require(scratch.Length >= ScratchLength(g, batch) && output.Length >= batch * g.OutSize, "scratch or output too short");
        for (var first = 0; first < tiles; first += block)
        {
            var count = Math.Min(block, tiles - first);
            Split(Elements, g, scratch, count, out var transformedInput, out var products);
            TransformInput(g, input, first, count, transformedInput);
            Multiply(Elements, g, transformedKernel, transformedInput, count, products, parallel);

            TransformOutput(g, products, first, count, output);
        }

        BiasActivation.Apply(output[..(batch * g.OutSize)], bias, g.Activation);
    }

    // V = Bᵀ·d·B for each 5×5 input tile; element e of tile t at (e·count + t)·channels.
    private static void TransformInput(ConvGeometry g, ReadOnlySpan<float> input, int first, int count, Span<float> transformed)
    {
        int channels = g.InChannels, width = g.InWidth;
        var rowStep = width * channels;
        var stride = count * channels;
        Span<Vector512<float>> columns = stackalloc Vector512<float>[Elements];
        for (var t = 0; t < count; t++)
        {
            var (image, top, left) = TileAt(g, first + t);
            var origin = (image * g.InSize) + (((top * width) + left) * channels);
            for (var c = 0; c < channels; c += Lanes)
            {
                // Bᵀ·d, column by column of the tile.
                for (var x = 0; x < Tile; x++)
                {
                    var at = origin + (x * channels) + c;
                    var (d0, d1, d2, d3, d4) = (Load(input, at), Load(input, at + rowStep), Load(input, at + (2 * rowStep)), Load(input, at + (3 * rowStep)), Load(input, at + (4 * rowStep)));
                    columns[x] = ((d0 - d2) * 2) + (d3 - d1);
                    columns[Tile + x] = d3 - d2 - (d1 * 2);
                    columns[(2 * Tile) + x] = (d1 * 2) + d3 - (d2 * 3);
                    columns[(3 * Tile) + x] = d3 - d1;
                    columns[(4 * Tile) + x] = ((d1 - d3) * 2) + d4 - d2;
                }

                // (Bᵀ·d)·B, row by row.
                for (var i = 0; i < Tile; i++)
                {
                    var row = i * Tile;
                    var (d0, d1, d2, d3, d4) = (columns[row], columns[row + 1], columns[row + 2], columns[row + 3], columns[row + 4]);
                    var at = (((row * count) + t) * channels) + c;
                    Store(((d0 - d2) * 2) + (d3 - d1), transformed, at);
                    Store(d3 - d2 - (d1 * 2), transformed, at + stride);
                    Store((d1 * 2) + d3 - (d2 * 3), transformed, at + (2 * stride));
                    Store(d3 - d1, transformed, at + (3 * stride));
                    Store(((d1 - d3) * 2) + d4 - d2, transformed, at + (4 * stride));
                }
            }
        }
    }

    // Y = Aᵀ·M·A: the 3×3 outputs of each tile, written at their positions (channels last).
    private static void TransformOutput(ConvGeometry g, ReadOnlySpan<float> products, int first, int count, Span<float> output)
    {
        int filters = g.Filters, width = g.OutWidth;
        var stride = count * filters;
        Span<Vector512<float>> columns = stackalloc Vector512<float>[3 * Tile];
        for (var t = 0; t < count; t++)
        {
            var (image, top, left) = TileAt(g, first + t);
            var origin = (image * g.OutSize) + (((top * width) + left) * filters);
            for (var o = 0; o < filters; o += Lanes)
            {
                // Aᵀ·M, column by column.
                for (var x = 0; x < Tile; x++)
                {
                    var at = (((x * count) + t) * filters) + o;
                    var (m0, m1, m2, m3, m4) = (Load(products, at), Load(products, at + (5 * stride)), Load(products, at + (10 * stride)), Load(products, at + (15 * stride)), Load(products, at + (20 * stride)));
                    columns[x] = m0 + m1 + m2 + m3;
                    columns[Tile + x] = m1 - m2 + (m3 * 2);
                    columns[(2 * Tile) + x] = m1 + m2 + (m3 * 4) + m4;
                }

                // (Aᵀ·M)·A, row by row.
                for (var i = 0; i < 3; i++)
                {
                    var row = i * Tile;
                    var (m0, m1, m2, m3, m4) = (columns[row], columns[row + 1], columns[row + 2], columns[row + 3], columns[row + 4]);
                    var at = origin + (i * width * filters) + o;
                    Store(m0 + m1 + m2 + m3, output, at);
                    Store(m1 - m2 + (m3 * 2), output, at + filters);
                    Store(m1 + m2 + (m3 * 4) + m4, output, at + (2 * filters));
                }
            }
        }
    }

    // The image of a tile and the first output row and column it covers (which are also its first input row and column).
    private static (int Image, int Row, int Column) TileAt(ConvGeometry g, int tile)
    {
        var (image, position) = Math.DivRem(tile, TilesPerImage(g));
        var (ty, tx) = Math.DivRem(position, g.OutWidth / 3);
        return (image, 3 * ty, 3 * tx);
    }

    private static void Require(bool condition, string problem) => WinogradBlocks.Require(condition, "Winograd convolution", problem);
}
