using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// The Winograd kernels' matrix products, C (rows × columns) = A (rows × depth) · B (depth × columns), all
/// column-major and dense, with a shallow depth (a layer's input channels). For rows a multiple of 64 a 64 × 6 tile
/// of C stays in 24 registers while depth runs: each step loads four vectors of A and broadcasts six values of B for
/// 24 FMAs, with no packing (A is a few KB and stays in L1): 210 against <see cref="Gemm"/>'s 155 GFLOP/s on conv2's
/// products (80 tiles, one thread), whose 32 × 8 tile needs ten loads for 16 FMAs and packs A on every call; two
/// leftover columns go as a 64 × 2 tile, one as a column. Each element of C is summed over depth in order, the same
/// on every call and whatever tile it falls in. The tile leaves its sums through an element row
/// (<see cref="IRowOfElements"/>): <see cref="FirstRow"/> stores them (a plain product, for <see cref="WinogradConv"/>'s
/// kernels); <see cref="WinogradConvPool"/> adds the others straight into its output transform.
/// </summary>
public static class WinogradProduct
{
    private const int TileRows = 64;
    private const int TileColumns = 6;
    private const int Lanes = 16;

    /// <summary>c = a·b; <paramref name="parallel"/> lets <see cref="Gemm"/> use every core for row counts this kernel does not take.</summary>
    public static void Multiply(int rows, int columns, int depth, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, bool parallel)
    {
        if (!Vector512.IsHardwareAccelerated || rows % TileRows != 0)
        {
            Gemm.Multiply(false, false, rows, columns, depth, a, rows, b, depth, c, rows, parallel: parallel);
            return;
        }

        if (a.Length < rows * depth || b.Length < depth * columns || c.Length < rows * columns)
        {
            throw new ArgumentException("Winograd product: the spans do not hold the matrices.");
        }

        ref var pc = ref MemoryMarshal.GetReference(c);
        Multiply<FirstRow>(rows, columns, depth, ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b), ref pc, ref pc);
    }

    /// <summary>
    /// The product u (rows × depth) · v (depth × columns), all column-major, put into <paramref name="top"/> and
    /// <paramref name="bottom"/> (rows × columns each) as element row <typeparamref name="TRow"/> puts it (<see cref="FirstRow"/>:
    /// stored into top); rows past the last multiple of 64 go 16 at a time.
    /// </summary>
    internal static void Multiply<TRow>(int rows, int columns, int depth, ref float u, ref float v, ref float top, ref float bottom)
        where TRow : struct, IRowOfElements
    {
        var wide = rows / TileRows * TileRows;
        var column = 0;
        for (; column + TileColumns <= columns; column += TileColumns)
        {
            for (var row = 0; row < wide; row += TileRows)
            {
                var at = (column * rows) + row;
                Tile<TRow>(rows, depth, ref Unsafe.Add(ref u, row), ref Unsafe.Add(ref v, column * depth), ref Unsafe.Add(ref top, at), ref Unsafe.Add(ref bottom, at));
            }
        }

        for (; column + 2 <= columns; column += 2)
        {
            for (var row = 0; row < wide; row += TileRows)
            {
                var at = (column * rows) + row;
                Pair<TRow>(rows, depth, ref Unsafe.Add(ref u, row), ref Unsafe.Add(ref v, column * depth), ref Unsafe.Add(ref top, at), ref Unsafe.Add(ref bottom, at));
            }
        }

        for (; column < columns; column++)
        {
            for (var row = 0; row < wide; row += TileRows)
            {
                var at = (column * rows) + row;
                Column<TRow>(rows, depth, ref Unsafe.Add(ref u, row), ref Unsafe.Add(ref v, column * depth), ref Unsafe.Add(ref top, at), ref Unsafe.Add(ref bottom, at));
            }
        }

        for (var row = wide; row < rows; row += Lanes)
        {
            for (column = 0; column < columns; column++)
            {
                var at = (column * rows) + row;
                Narrow<TRow>(rows, depth, ref Unsafe.Add(ref u, row), ref Unsafe.Add(ref v, column * depth), ref Unsafe.Add(ref top, at), ref Unsafe.Add(ref bottom, at));
            }
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tile<TRow>(int rows, int depth, ref float a, ref float b, ref float top, ref float bottom)
        where TRow : struct, IRowOfElements
    {
        var (c00, c01, c02, c03, c04, c05) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var (c10, c11, c12, c13, c14, c15) = (c00, c00, c00, c00, c00, c00);
        var (c20, c21, c22, c23, c24, c25) = (c00, c00, c00, c00, c00, c00);
        var (c30, c31, c32, c33, c34, c35) = (c00, c00, c00, c00, c00, c00);
        for (var k = 0; k < depth; k++)
        {
            ref var column = ref Unsafe.Add(ref a, k * rows);
            var a0 = Vector512.LoadUnsafe(ref column);
            var a1 = Vector512.LoadUnsafe(ref column, 16);
            var a2 = Vector512.LoadUnsafe(ref column, 32);
            var a3 = Vector512.LoadUnsafe(ref column, 48);
            ref var values = ref Unsafe.Add(ref b, k);

            var bj = Vector512.Create(values);
            (c00, c10, c20, c30) = (Vector512.FusedMultiplyAdd(a0, bj, c00), Vector512.FusedMultiplyAdd(a1, bj, c10), Vector512.FusedMultiplyAdd(a2, bj, c20), Vector512.FusedMultiplyAdd(a3, bj, c30));
            bj = Vector512.Create(Unsafe.Add(ref values, depth));
            (c01, c11, c21, c31) = (Vector512.FusedMultiplyAdd(a0, bj, c01), Vector512.FusedMultiplyAdd(a1, bj, c11), Vector512.FusedMultiplyAdd(a2, bj, c21), Vector512.FusedMultiplyAdd(a3, bj, c31));
            bj = Vector512.Create(Unsafe.Add(ref values, 2 * depth));
            (c02, c12, c22, c32) = (Vector512.FusedMultiplyAdd(a0, bj, c02), Vector512.FusedMultiplyAdd(a1, bj, c12), Vector512.FusedMultiplyAdd(a2, bj, c22), Vector512.FusedMultiplyAdd(a3, bj, c32));
            bj = Vector512.Create(Unsafe.Add(ref values, 3 * depth));
            (c03, c13, c23, c33) = (Vector512.FusedMultiplyAdd(a0, bj, c03), Vector512.FusedMultiplyAdd(a1, bj, c13), Vector512.FusedMultiplyAdd(a2, bj, c23), Vector512.FusedMultiplyAdd(a3, bj, c33));
            bj = Vector512.Create(Unsafe.Add(ref values, 4 * depth));
            (c04, c14, c24, c34) = (Vector512.FusedMultiplyAdd(a0, bj, c04), Vector512.FusedMultiplyAdd(a1, bj, c14), Vector512.FusedMultiplyAdd(a2, bj, c24), Vector512.FusedMultiplyAdd(a3, bj, c34));
            bj = Vector512.Create(Unsafe.Add(ref values, 5 * depth));
            (c05, c15, c25, c35) = (Vector512.FusedMultiplyAdd(a0, bj, c05), Vector512.FusedMultiplyAdd(a1, bj, c15), Vector512.FusedMultiplyAdd(a2, bj, c25), Vector512.FusedMultiplyAdd(a3, bj, c35));
        }

        Put<TRow>(c00, c10, c20, c30, ref top, ref bottom);
        Put<TRow>(c01, c11, c21, c31, ref Unsafe.Add(ref top, rows), ref Unsafe.Add(ref bottom, rows));
        Put<TRow>(c02, c12, c22, c32, ref Unsafe.Add(ref top, 2 * rows), ref Unsafe.Add(ref bottom, 2 * rows));
        Put<TRow>(c03, c13, c23, c33, ref Unsafe.Add(ref top, 3 * rows), ref Unsafe.Add(ref bottom, 3 * rows));
        Put<TRow>(c04, c14, c24, c34, ref Unsafe.Add(ref top, 4 * rows), ref Unsafe.Add(ref bottom, 4 * rows));
        Put<TRow>(c05, c15, c25, c35, ref Unsafe.Add(ref top, 5 * rows), ref Unsafe.Add(ref bottom, 5 * rows));
    }

    // Two columns left over: eight chains, enough to keep both FMA pipes busy where one column's four wait on their
    // latency (Predict's chunk of 8 images gives conv3 6 + 2 columns).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Pair<TRow>(int rows, int depth, ref float a, ref float b, ref float top, ref float bottom)
        where TRow : struct, IRowOfElements
    {
        var (c00, c10, c20, c30) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        var (c01, c11, c21, c31) = (c00, c00, c00, c00);
        for (var k = 0; k < depth; k++)
        {
            ref var column = ref Unsafe.Add(ref a, k * rows);
            var a0 = Vector512.LoadUnsafe(ref column);
            var a1 = Vector512.LoadUnsafe(ref column, 16);
            var a2 = Vector512.LoadUnsafe(ref column, 32);
            var a3 = Vector512.LoadUnsafe(ref column, 48);
            var bj = Vector512.Create(Unsafe.Add(ref b, k));
            (c00, c10, c20, c30) = (Vector512.FusedMultiplyAdd(a0, bj, c00), Vector512.FusedMultiplyAdd(a1, bj, c10), Vector512.FusedMultiplyAdd(a2, bj, c20), Vector512.FusedMultiplyAdd(a3, bj, c30));
            bj = Vector512.Create(Unsafe.Add(ref b, k + depth));
            (c01, c11, c21, c31) = (Vector512.FusedMultiplyAdd(a0, bj, c01), Vector512.FusedMultiplyAdd(a1, bj, c11), Vector512.FusedMultiplyAdd(a2, bj, c21), Vector512.FusedMultiplyAdd(a3, bj, c31));
        }

        Put<TRow>(c00, c10, c20, c30, ref top, ref bottom);
        Put<TRow>(c01, c11, c21, c31, ref Unsafe.Add(ref top, rows), ref Unsafe.Add(ref bottom, rows));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Column<TRow>(int rows, int depth, ref float a, ref float b, ref float top, ref float bottom)
        where TRow : struct, IRowOfElements
    {
        var (c0, c1, c2, c3) = (Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero, Vector512<float>.Zero);
        for (var k = 0; k < depth; k++)
        {
            ref var column = ref Unsafe.Add(ref a, k * rows);
            var bk = Vector512.Create(Unsafe.Add(ref b, k));
            c0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column), bk, c0);
            c1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 16), bk, c1);
            c2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 32), bk, c2);
            c3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref column, 48), bk, c3);
        }

        Put<TRow>(c0, c1, c2, c3, ref top, ref bottom);
    }

    // 16 rows of one column: filter counts that are not multiples of 64 (not the seed model's).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Narrow<TRow>(int rows, int depth, ref float a, ref float b, ref float top, ref float bottom)
        where TRow : struct, IRowOfElements
    {
        var sum = Vector512<float>.Zero;
        for (var k = 0; k < depth; k++)
        {
            sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref Unsafe.Add(ref a, k * rows)), Vector512.Create(Unsafe.Add(ref b, k)), sum);
        }

        TRow.Put(sum, ref top, ref bottom);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put<TRow>(Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3, ref float top, ref float bottom)
        where TRow : struct, IRowOfElements
    {
        TRow.Put(v0, ref top, ref bottom);
        TRow.Put(v1, ref Unsafe.Add(ref top, 16), ref Unsafe.Add(ref bottom, 16));
        TRow.Put(v2, ref Unsafe.Add(ref top, 32), ref Unsafe.Add(ref bottom, 32));
        TRow.Put(v3, ref Unsafe.Add(ref top, 48), ref Unsafe.Add(ref bottom, 48));
    }
}
