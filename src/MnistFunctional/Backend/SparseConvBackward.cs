using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistFunctional.Backend;

/// <summary>
/// The weight and input gradients of a convolution whose output gradient is mostly zeros — a max pooling above it
/// routes each window's gradient to one position (2×2 windows: at most one value in four, and none where ReLU is
/// off) — computed from the non-zero values only, without im2col: conv2 of the seed model does about a fifth of the
/// multiply-adds of the two dense products.
/// <para>
/// Bit for bit the results of <see cref="ConvKernels.Backward"/>'s products: every weight-gradient element is the
/// same fused multiply-add chain over the columns of each <see cref="Gemm.SumBlock"/> block, in column order, the
/// block sums added in order; every patch gradient is the chain over the filters in order, added onto the input in
/// column order. A skipped term is a product with a zero gradient, and adding a zero product leaves a sum that
/// starts at +0 unchanged (only an infinite or NaN input times a zero gradient would have differed).
/// </para>
/// </summary>
public static unsafe class SparseConvBackward
{
    private const int Width = 16;

    // Vectors of one patch summed in registers at once: enough independent chains to hide the FMA latency, and a
    // divisor of conv2's 18 and conv3's 36 vectors (no wasted lanes).
    private const int Chunk = 9;

    // A column's patch gradient reads its filters' Wᵀ rows contiguously (no offsets to hold in registers): 18 sums at
    // once, half the per-filter loads and loop overhead of two passes of 9.
    private const int WideChunk = 18;

    // The weight gradient's sums read 3×3 windows from the input: 6 vectors of each kernel row per pass, so the three
    // row starts are the only addresses to hold (18 offsets would not fit the general registers).
    private const int WindowRunChunk = 6;

    /// <summary>
    /// Unpadded convolutions whose patch rows (k·channels) are whole 512-bit vectors, on a CPU with them, and with no
    /// more filters than the patch-gradient product sums in one block.
    /// </summary>
    public static bool Applies(ConvGeometry g) =>
        Vector512.IsHardwareAccelerated && !g.IsPadded && g.Kernel * g.InChannels % Width == 0
        && g.Filters <= Gemm.SumBlock(transposeA: true, g.PatchSize, 1, g.Filters);

    /// <summary>
    /// Floats of scratch a call needs: Wᵀ, the transposed weight-gradient sums and per filter a block's non-zero entries,
    /// each from a cache line's boundary.
    /// </summary>
    public static int ScratchLength(ConvGeometry g) => CacheLines.Slack + PartsLength(g);

    /// <summary>
    /// <see cref="ScratchLength(ConvGeometry)"/> and room for a copy of the input: with it, an input that does not
    /// start on a cache line's boundary is copied to one first (the sums load each input vector many times, and a
    /// 512-bit load across two cache lines costs two).
    /// </summary>
    public static int ScratchLength(ConvGeometry g, int batch) => ScratchLength(g) + (g.InSize * batch);

    /// <summary>
    /// kernelGradient (filters × patch) = Σ dZ·patchesᵀ and, unless <paramref name="inputGradient"/> is empty,
    /// inputGradient = the patch gradients Wᵀ·dZ folded onto the input; <paramref name="preActivationGradient"/> is
    /// dZ (filters × positions·batch, the activation's derivative already applied).
    /// </summary>
    public static void Backward(
        ConvGeometry g, ReadOnlySpan<float> kernel, ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch,
        Span<float> scratch, Span<float> kernelGradient, Span<float> inputGradient) =>
        Backward(g, kernel, input, preActivationGradient, batch, scratch, kernelGradient, inputGradient, wideColumnChains: true);

    /// <summary>
    /// <see cref="Backward(ConvGeometry, ReadOnlySpan{float}, ReadOnlySpan{float}, ReadOnlySpan{float}, int, Span{float}, Span{float}, Span{float})"/>,
    /// with every sum in passes of 9 vectors whatever the patch when not <paramref name="wideColumnChains"/> (the kernel
    /// before the passes of 18, kept for the benchmarks' A/B and the tests: the same bits).
    /// </summary>
    internal static void Backward(
        ConvGeometry g, ReadOnlySpan<float> kernel, ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch,
        Span<float> scratch, Span<float> kernelGradient, Span<float> inputGradient, bool wideColumnChains)
    {
        var (filters, patch, inputLength) = (g.Filters, g.PatchSize, g.InSize * batch);
        if (!Applies(g) || scratch.Length < ScratchLength(g) || preActivationGradient.Length < filters * g.Positions * batch
            || input.Length < inputLength || kernel.Length < filters * patch || kernelGradient.Length < filters * patch
            || (!inputGradient.IsEmpty && inputGradient.Length < inputLength))
        {
            throw new ArgumentException("Sparse convolution backward: the layer or the buffers do not fit this kernel.");
        }

        // Scratch from a cache line's boundary, and the input too where there is room for a copy (see ScratchLength).
        scratch = scratch[CacheLines.ToBoundary(scratch)..];
        var parts = PartsLength(g);
        if (!CacheLines.IsAligned(input) && scratch.Length >= parts + inputLength)
        {
            var copy = scratch.Slice(parts, inputLength);
            input[..inputLength].CopyTo(copy);
            input = copy;
        }

        Sums(g, kernel, input, preActivationGradient, batch, scratch, kernelGradient, inputGradient, wideColumnChains);
    }

    // The kernel proper, its scratch (and input, where copied) from a boundary.
    private static void Sums(
        ConvGeometry g, ReadOnlySpan<float> kernel, ReadOnlySpan<float> input, ReadOnlySpan<float> preActivationGradient, int batch,
        Span<float> scratch, Span<float> kernelGradient, Span<float> inputGradient, bool wideColumnChains)
    {
        int filters = g.Filters, patch = g.PatchSize, block = Block(g), columnCount = g.Positions * batch;

        // The geometry's sizes as locals: its properties compute them (a division each) and this loop runs per column.
        int positions = g.Positions, outWidth = g.OutWidth, outHeight = g.OutHeight, inSize = g.InSize, inWidth = g.InWidth, stride = g.Stride, inChannels = g.InChannels;
        var withInput = !inputGradient.IsEmpty;
        if (withInput)
        {
            inputGradient[..(g.InSize * batch)].Clear();
        }

        var vectors = patch / Width;
        var chunks = (vectors + Chunk - 1) / Chunk;
        var wideColumns = wideColumnChains && vectors % WideChunk == 0;
        var (run, rowStride) = (g.Kernel * g.InChannels, g.InWidth * g.InChannels);
        var wideWindows = wideColumnChains && g.Kernel == 3 && run % (WindowRunChunk * Width) == 0;
        // Vector v of a patch: where it starts in the input window (its kernel row, then its place in the row's k·C
        // run) and in a contiguous patch; vectors past the last repeat it (computed, never stored).
        var windowOffsets = stackalloc int[chunks * Chunk];
        var patchOffsets = stackalloc int[chunks * Chunk];
        for (var v = 0; v < chunks * Chunk; v++)
        {
            var p = Math.Min(v, vectors - 1) * Width;
            windowOffsets[v] = (p / run * g.InWidth * g.InChannels) + (p % run);
            patchOffsets[v] = p;
        }

        // A column's non-zero filters (as offsets of their Wᵀ rows) and values.
        var columnSources = stackalloc int[filters];
        var columnValues = stackalloc float[filters];
        fixed (float* w = kernel, x = input, dz = preActivationGradient, s = scratch, dw = kernelGradient, dx = inputGradient)
        {
            // Scratch, each part from a boundary: Wᵀ (a filter's patch contiguous), the weight-gradient sums transposed,
            // the block's gradient transposed (a filter's columns contiguous), one filter's entries (input offsets and
            // values) and each column's input offset.
            var wt = s;
            var sums = wt + CacheLines.RoundUp(filters * patch);
            var rows = sums + CacheLines.RoundUp(filters * patch);
            var values = rows + CacheLines.RoundUp(filters * block);
            var sources = (int*)(values + CacheLines.RoundUp(block));
            var origins = sources + CacheLines.RoundUp(block);
            BlockTranspose.Matrix(w, filters, patch, wt);
            for (var first = 0; first < columnCount; first += block)
            {
                var end = Math.Min(columnCount, first + block);
                var (image, position) = Math.DivRem(first, positions);
                var (y, x0) = Math.DivRem(position, outWidth);
                for (var column = first; column < end; column++, x0++)
                {
                    if (x0 == outWidth)
                    {
                        (x0, y) = (0, y + 1);
                        if (y == outHeight)
                        {
                            (y, image) = (0, image + 1);
                        }
                    }

                    var origin = origins[column - first] = (image * inSize) + ((((y * inWidth) + x0) * stride) * inChannels);
                    if (!withInput)
                    {
                        continue;
                    }

                    // This column's patch gradient, Σ over its filters in order, added onto its input window: 18 vectors
                    // of the filters' contiguous Wᵀ rows per pass where the patch has a multiple of 18 (conv2: one pass).
                    var nonZero = NonZero(dz + ((long)column * filters), filters, patch, columnSources, columnValues);
                    for (var chunk = 0; nonZero > 0 && wideColumns && chunk < vectors / WideChunk; chunk++)
                    {
                        ColumnChain(nonZero, wt + (chunk * WideChunk * Width), columnSources, columnValues, dx + origin, windowOffsets + (chunk * WideChunk));
                    }

                    for (var chunk = 0; nonZero > 0 && !wideColumns && chunk < chunks; chunk++)
                    {
                        Chain(nonZero, wt, columnSources, columnValues, patchOffsets + (chunk * Chunk), dx + origin, windowOffsets + (chunk * Chunk), Math.Min(Chunk, vectors - (chunk * Chunk)), add: true);
                    }
                }

                // Each filter's block sum over the block's columns in order, added to the sums of the blocks before: its
                // non-zero values and their columns' input offsets from its row of the transposed gradient; for 3×3
                // windows whose rows are whole groups of 6 vectors, 6 vectors of each of the 3 rows per pass (conv2: one).
                var count = end - first;
                BlockTranspose.Matrix(dz + ((long)first * filters), filters, count, rows);
                for (var f = 0; f < filters; f++)
                {
                    var entries = Entries(rows + ((long)f * count), count, origins, sources, values);
                    for (var start = 0; wideWindows && start < run; start += WindowRunChunk * Width)
                    {
                        WindowChain(entries, x + start, sources, values, rowStride, sums + (f * patch) + start, run, add: first > 0);
                    }

                    for (var chunk = 0; !wideWindows && chunk < chunks; chunk++)
                    {
                        Chain(entries, x, sources, values, windowOffsets + (chunk * Chunk), sums + (f * patch), patchOffsets + (chunk * Chunk), Math.Min(Chunk, vectors - (chunk * Chunk)), add: first > 0);
                    }
                }
            }

            BlockTranspose.Matrix(sums, patch, filters, dw);
        }
    }

    private static int PartsLength(ConvGeometry g) =>
        (2 * CacheLines.RoundUp(g.Filters * g.PatchSize)) + CacheLines.RoundUp(g.Filters * Block(g)) + (3 * CacheLines.RoundUp(Block(g)));

    /// <summary>The weight-gradient product's sum block (its k is the columns), as the one-thread product blocks it.</summary>
    private static int Block(ConvGeometry g) => Gemm.SumBlock(transposeA: false, g.Filters, g.PatchSize, g.Filters);

    /// <summary>
    /// The filters with a non-zero gradient in one column, in order, as the offsets of their Wᵀ rows (filter·
    /// <paramref name="patch"/>), and their values; returns their count.
    /// </summary>
    private static int NonZero(float* gradient, int filters, int patch, int* offsets, float* values)
    {
        var count = 0;
        var f = 0;
        if (Avx512F.IsSupported)
        {
            // Sixteen filters at a time, the non-zero lanes packed to the front of the lists (VCOMPRESSPS/VPCOMPRESSD).
            var rowOffsets = Vector512.Create(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) * patch;
            for (; f + Width <= filters; f += Width)
            {
                var vector = Vector512.Load(gradient + f);
                var nonZero = ~Vector512.Equals(vector, Vector512<float>.Zero);
                Avx512F.CompressStore(values + count, nonZero, vector);
                Avx512F.CompressStore(offsets + count, nonZero.AsInt32(), rowOffsets + Vector512.Create(f * patch));
                count += BitOperations.PopCount(nonZero.ExtractMostSignificantBits());
            }
        }

        for (; f < filters; f++)
        {
            if (gradient[f] != 0f)
            {
                (offsets[count], values[count]) = (f * patch, gradient[f]);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// One filter's non-zero gradients over a block's columns, in column order, and the input offsets of their columns
    /// (from <paramref name="origins"/>); returns their count.
    /// </summary>
    private static int Entries(float* row, int columns, int* origins, int* sources, float* values)
    {
        var count = 0;
        var c = 0;
        if (Avx512F.IsSupported)
        {
            for (; c + Width <= columns; c += Width)
            {
                var vector = Vector512.Load(row + c);
                var nonZero = ~Vector512.Equals(vector, Vector512<float>.Zero);
                Avx512F.CompressStore(values + count, nonZero, vector);
                Avx512F.CompressStore(sources + count, nonZero.AsInt32(), Vector512.Load(origins + c));
                count += BitOperations.PopCount(nonZero.ExtractMostSignificantBits());
            }
        }

        for (; c < columns; c++)
        {
            if (row[c] != 0f)
            {
                (sources[count], values[count]) = (origins[c], row[c]);
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// Nine vectors of sums from zero over <paramref name="count"/> entries in order, sum_v += values[e]·source[sources[e] + loads[v]],
    /// then target[stores[v]] += sum_v (or = without <paramref name="add"/>) for the first <paramref name="real"/> vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Chain(int count, float* source, int* sources, float* values, int* loads, float* target, int* stores, int real, bool add)
    {
        int o0 = loads[0], o1 = loads[1], o2 = loads[2], o3 = loads[3], o4 = loads[4], o5 = loads[5], o6 = loads[6], o7 = loads[7], o8 = loads[8];
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
        for (var e = 0; e < count; e++)
        {
            var at = source + sources[e];
            var value = Vector512.Create(values[e]);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o0), value, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o1), value, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o2), value, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o3), value, s3);
            s4 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o4), value, s4);
            s5 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o5), value, s5);
            s6 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o6), value, s6);
            s7 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o7), value, s7);
            s8 = Vector512.FusedMultiplyAdd(Vector512.Load(at + o8), value, s8);
        }

        Store(target + stores[0], s0, add);
        if (real > 1) Store(target + stores[1], s1, add);
        if (real > 2) Store(target + stores[2], s2, add);
        if (real > 3) Store(target + stores[3], s3, add);
        if (real > 4) Store(target + stores[4], s4, add);
        if (real > 5) Store(target + stores[5], s5, add);
        if (real > 6) Store(target + stores[6], s6, add);
        if (real > 7) Store(target + stores[7], s7, add);
        if (real > 8) Store(target + stores[8], s8, add);
    }

    /// <summary>
    /// Eighteen vectors of sums from zero over <paramref name="count"/> filters in order, sum_v += values[e]·rows[sources[e] + 16v],
    /// then target[stores[v]] += sum_v: the same chains as two <see cref="Chain"/> passes of nine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ColumnChain(int count, float* rows, int* sources, float* values, float* target, int* stores)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
        Vector512<float> s9 = default, s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default, s16 = default, s17 = default;
        for (var e = 0; e < count; e++)
        {
            var at = rows + sources[e];
            var value = Vector512.Create(values[e]);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(at), value, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 16), value, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 32), value, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 48), value, s3);
            s4 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 64), value, s4);
            s5 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 80), value, s5);
            s6 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 96), value, s6);
            s7 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 112), value, s7);
            s8 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 128), value, s8);
            s9 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 144), value, s9);
            s10 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 160), value, s10);
            s11 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 176), value, s11);
            s12 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 192), value, s12);
            s13 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 208), value, s13);
            s14 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 224), value, s14);
            s15 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 240), value, s15);
            s16 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 256), value, s16);
            s17 = Vector512.FusedMultiplyAdd(Vector512.Load(at + 272), value, s17);
        }

        Store(target + stores[0], s0, add: true);
        Store(target + stores[1], s1, add: true);
        Store(target + stores[2], s2, add: true);
        Store(target + stores[3], s3, add: true);
        Store(target + stores[4], s4, add: true);
        Store(target + stores[5], s5, add: true);
        Store(target + stores[6], s6, add: true);
        Store(target + stores[7], s7, add: true);
        Store(target + stores[8], s8, add: true);
        Store(target + stores[9], s9, add: true);
        Store(target + stores[10], s10, add: true);
        Store(target + stores[11], s11, add: true);
        Store(target + stores[12], s12, add: true);
        Store(target + stores[13], s13, add: true);
        Store(target + stores[14], s14, add: true);
        Store(target + stores[15], s15, add: true);
        Store(target + stores[16], s16, add: true);
        Store(target + stores[17], s17, add: true);
    }

    /// <summary>
    /// Eighteen vectors of sums from zero over <paramref name="count"/> columns in order — 6 consecutive vectors of each
    /// of a 3×3 window's rows, sum += values[e]·input[sources[e] + row·rowStride + 16i] — then stored (or added) at
    /// target + row·run + 16i: the same chains as <see cref="Chain"/>'s passes of nine over the same vectors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WindowChain(int count, float* input, int* sources, float* values, int rowStride, float* target, int run, bool add)
    {
        Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default, s8 = default;
        Vector512<float> s9 = default, s10 = default, s11 = default, s12 = default, s13 = default, s14 = default, s15 = default, s16 = default, s17 = default;
        for (var e = 0; e < count; e++)
        {
            var row0 = input + sources[e];
            var row1 = row0 + rowStride;
            var row2 = row1 + rowStride;
            var value = Vector512.Create(values[e]);
            s0 = Vector512.FusedMultiplyAdd(Vector512.Load(row0), value, s0);
            s1 = Vector512.FusedMultiplyAdd(Vector512.Load(row0 + 16), value, s1);
            s2 = Vector512.FusedMultiplyAdd(Vector512.Load(row0 + 32), value, s2);
            s3 = Vector512.FusedMultiplyAdd(Vector512.Load(row0 + 48), value, s3);
            s4 = Vector512.FusedMultiplyAdd(Vector512.Load(row0 + 64), value, s4);
            s5 = Vector512.FusedMultiplyAdd(Vector512.Load(row0 + 80), value, s5);
            s6 = Vector512.FusedMultiplyAdd(Vector512.Load(row1), value, s6);
            s7 = Vector512.FusedMultiplyAdd(Vector512.Load(row1 + 16), value, s7);
            s8 = Vector512.FusedMultiplyAdd(Vector512.Load(row1 + 32), value, s8);
            s9 = Vector512.FusedMultiplyAdd(Vector512.Load(row1 + 48), value, s9);
            s10 = Vector512.FusedMultiplyAdd(Vector512.Load(row1 + 64), value, s10);
            s11 = Vector512.FusedMultiplyAdd(Vector512.Load(row1 + 80), value, s11);
            s12 = Vector512.FusedMultiplyAdd(Vector512.Load(row2), value, s12);
            s13 = Vector512.FusedMultiplyAdd(Vector512.Load(row2 + 16), value, s13);
            s14 = Vector512.FusedMultiplyAdd(Vector512.Load(row2 + 32), value, s14);
            s15 = Vector512.FusedMultiplyAdd(Vector512.Load(row2 + 48), value, s15);
            s16 = Vector512.FusedMultiplyAdd(Vector512.Load(row2 + 64), value, s16);
            s17 = Vector512.FusedMultiplyAdd(Vector512.Load(row2 + 80), value, s17);
        }

        var t1 = target + run;
        var t2 = t1 + run;
        Store(target, s0, add);
        Store(target + 16, s1, add);
        Store(target + 32, s2, add);
        Store(target + 48, s3, add);
        Store(target + 64, s4, add);
        Store(target + 80, s5, add);
        Store(t1, s6, add);
        Store(t1 + 16, s7, add);
        Store(t1 + 32, s8, add);
        Store(t1 + 48, s9, add);
        Store(t1 + 64, s10, add);
        Store(t1 + 80, s11, add);
        Store(t2, s12, add);
        Store(t2 + 16, s13, add);
        Store(t2 + 32, s14, add);
        Store(t2 + 48, s15, add);
        Store(t2 + 64, s16, add);
        Store(t2 + 80, s17, add);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* target, Vector512<float> sum, bool add) =>
        (add ? Vector512.Load(target) + sum : sum).Store(target);
}
