using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>
/// <see cref="WinogradConvPool"/>'s 16 products of F(2×2, 3×3) for a small group of tiles, each added straight into
/// the first half of the output transform instead of being stored: for column c of the 4×4 element grid,
/// top_c = M₀c + M₁c + M₂c and bottom_c = M₁c − M₂c − M₃c (the rows of Aᵀ·M). Product (r, c) leaves its register tile
/// in the way row r needs (<see cref="IRowOfElements"/>), so the group's eight sums stay in L1 where 16 products went
/// out to L2 and back. The register tile is <see cref="WinogradProduct"/>'s (64 × 6, A read in place); rows past the
/// last multiple of 64 go 16 at a time. Each sum is added in the order of the stored products, so the values are the
/// same bits as storing the 16 products and transforming them afterwards.
/// </summary>
internal static class WinogradPoolingProduct
{
    private const int TileRows = 64;
    private const int TileColumns = 6;
    private const int Lanes = 16;

    /// <summary>
    /// For element row <typeparamref name="TRow"/> (0–3) and one element column: a (rows × columns) = u (rows × depth) · v
    /// (depth × columns), all column-major, put into <paramref name="top"/> and <paramref name="bottom"/> (rows × columns each).
    /// </summary>
    public static void Multiply<TRow>(int rows, int columns, int depth, ref float u, ref float v, ref float top, ref float bottom)
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
