using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace MnistFunctional.Backend;

/// <summary>
/// Transposes in 16 × 16 blocks held in AVX-512 registers (16 loads, 64 shuffles, 16 stores instead of 256 scalar
/// moves, half of them strided): <see cref="Gemm"/>'s packing of a transposed A and <see cref="SparseConvBackward"/>'s
/// weight layouts. It only moves values.
/// </summary>
public static unsafe class BlockTranspose
{
    public const int Side = 16;

    public static bool Applies => Avx512F.IsSupported;

    /// <summary>target[j·targetStride + i] = source[i·sourceStride + j] for i, j &lt; 16.</summary>
    // Both stack blocks are written before they are read: without SkipLocalsInit every call first cleared their 2 KB
    // (~0.7% of the seed training's CPU, from the sparse backward's per-block transposes).
    [SkipLocalsInit]
    public static void Block(float* source, long sourceStride, float* target, long targetStride)
    {
        // Rows 2m and 2m + 1 interleaved by 32 bits, then rows 4k..4k+3 by 64 bits: u[4k + c], lane L, holds rows
        // 4k..4k+3 of column 4L + c.
        var r = stackalloc Vector512<float>[Side];
        for (var i = 0; i < Side; i += 2)
        {
            var (even, odd) = (Vector512.Load(source + (i * sourceStride)), Vector512.Load(source + ((i + 1) * sourceStride)));
            (r[i], r[i + 1]) = (Avx512F.UnpackLow(even, odd), Avx512F.UnpackHigh(even, odd));
        }

        var u = stackalloc Vector512<float>[Side];
        for (var k = 0; k < Side; k += 4)
        {
            var (t0, t1, t2, t3) = (r[k].AsDouble(), r[k + 1].AsDouble(), r[k + 2].AsDouble(), r[k + 3].AsDouble());
            u[k] = Avx512F.UnpackLow(t0, t2).AsSingle();
            u[k + 1] = Avx512F.UnpackHigh(t0, t2).AsSingle();
            u[k + 2] = Avx512F.UnpackLow(t1, t3).AsSingle();
            u[k + 3] = Avx512F.UnpackHigh(t1, t3).AsSingle();
        }

        // Column 4L + c takes lane L of u[c], u[4 + c], u[8 + c], u[12 + c]: a 4 × 4 transpose of 128-bit lanes.
        for (var c = 0; c < 4; c++)
        {
            var v0 = Avx512F.Shuffle4x128(u[c], u[4 + c], 0x44);
            var v1 = Avx512F.Shuffle4x128(u[c], u[4 + c], 0xEE);
            var v2 = Avx512F.Shuffle4x128(u[8 + c], u[12 + c], 0x44);
            var v3 = Avx512F.Shuffle4x128(u[8 + c], u[12 + c], 0xEE);
            Avx512F.Shuffle4x128(v0, v2, 0x88).Store(target + (c * targetStride));
            Avx512F.Shuffle4x128(v0, v2, 0xDD).Store(target + ((4 + c) * targetStride));
            Avx512F.Shuffle4x128(v1, v3, 0x88).Store(target + ((8 + c) * targetStride));
            Avx512F.Shuffle4x128(v1, v3, 0xDD).Store(target + ((12 + c) * targetStride));
        }
    }

    /// <summary>
    /// target (columns × rows, column-major) = sourceᵀ for a column-major source of rows × columns: whole blocks in
    /// registers where the CPU has AVX-512, the edges (and everything elsewhere) one value at a time.
    /// </summary>
    public static void Matrix(float* source, int rows, int columns, float* target)
    {
        var (blockRows, blockColumns) = Applies ? (rows / Side * Side, columns / Side * Side) : (0, 0);
        for (var c = 0; c < blockColumns; c += Side)
        {
            for (var r = 0; r < blockRows; r += Side)
            {
                Block(source + ((long)c * rows) + r, rows, target + ((long)r * columns) + c, columns);
            }
        }

        for (var r = 0; r < rows; r++)
        {
            for (var c = r < blockRows ? blockColumns : 0; c < columns; c++)
            {
                target[((long)r * columns) + c] = source[((long)c * rows) + r];
            }
        }
    }
}
