using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// What the Winograd kernels (<see cref="WinogradConvPool"/>, <see cref="WinogradConv"/>) share: argument checks and
/// vector access inside spans those checks sized; for <see cref="WinogradConv"/>, tiles taken in blocks whose
/// transformed inputs and products stay in the core's L2 and the block's one product per transform element.
/// </summary>
internal static class WinogradBlocks
{
    public const int Lanes = 16;

    // 512 KB of transformed tiles and products per block: 128 KB and 1 MB measured slower on conv2 (when it used
    // blocks), 256 KB no faster.
    private const int BlockBytes = 512 * 1024;

    /// <summary>Tiles per block (a multiple of 8) for a transform of <paramref name="elements"/> elements.</summary>
    public static int Tiles(int elements, ConvGeometry g) =>
        Math.Max(8, BlockBytes / (elements * (g.InChannels + g.Filters) * sizeof(float)) / 8 * 8);

    /// <summary>
    /// Floats of scratch for <paramref name="tiles"/> tiles: one block's transformed inputs and products, from a cache
    /// line's boundary.
    /// </summary>
    public static int ScratchLength(int elements, ConvGeometry g, int tiles) =>
        CacheLines.Slack + (elements * (g.InChannels + g.Filters) * Math.Min(Tiles(elements, g), tiles));

    /// <summary>The block's transformed input (elements × channels × count) and products (elements × filters × count) in scratch.</summary>
    public static void Split(int elements, ConvGeometry g, Span<float> scratch, int count, out Span<float> transformedInput, out Span<float> products)
    {
        // Both start on a boundary (channels and filters are whole vectors), so the products load whole cache lines.
        scratch = scratch[CacheLines.ToBoundary(scratch)..];
        transformedInput = scratch[..(elements * g.InChannels * count)];
        products = scratch.Slice(elements * g.InChannels * count, elements * g.Filters * count);
    }

    /// <summary>Product e = U_e (filters × channels) · V_e (channels × count) for every element e of the transform.</summary>
    public static void Multiply(int elements, ConvGeometry g, ReadOnlySpan<float> transformedKernel, ReadOnlySpan<float> transformedInput, int count, Span<float> products, bool parallel)
    {
        int channels = g.InChannels, filters = g.Filters;
        for (var e = 0; e < elements; e++)
        {
            WinogradProduct.Multiply(
                filters, count, channels, transformedKernel.Slice(e * filters * channels, filters * channels),
                transformedInput.Slice(e * channels * count, channels * count), products.Slice(e * filters * count, filters * count), parallel);
        }
    }

    /// <summary>(channel, 16 filters) pairs a kernel transform stages before writing them out (<see cref="Unstage"/>).</summary>
    public const int StagedPairs = 8;

    /// <summary>
    /// Writes <paramref name="pairs"/> staged pairs, from pair <paramref name="firstPair"/> on, into each element's
    /// (filters × channels) matrix, <paramref name="stride"/> floats apart. A kernel transform that stored each pair's
    /// 16 or 25 elements straight into those matrices (8 or 16 KB apart: the same L1 sets) lost the lines to each other
    /// before the next pair's stores; staged, each matrix gets a run of 512 bytes at a time.
    /// </summary>
    public static void Unstage(int elements, ReadOnlySpan<float> staged, int pairs, int firstPair, int stride, Span<float> transformed)
    {
        for (var e = 0; e < elements; e++)
        {
            staged.Slice(e * StagedPairs * Lanes, pairs * Lanes).CopyTo(transformed.Slice((e * stride) + (firstPair * Lanes), pairs * Lanes));
        }
    }

    public static void Require(bool condition, string kernel, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"{kernel}: {problem}.");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ReadOnlySpan<float> source, int offset) =>
        Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<float> value, Span<float> destination, int offset) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)offset);
}
