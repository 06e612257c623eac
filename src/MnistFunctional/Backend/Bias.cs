using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace MnistFunctional.Backend;

/// <summary>Bias reduction over the columns of a column-major (features × columns) array.</summary>
public static class Bias
{
    /// <summary>sum = Σ columns, summed in column order (a fixed reduction order keeps results bit-identical).</summary>
    public static void SumColumns(ReadOnlySpan<float> values, int rows, Span<float> sum)
    {
        var target = sum[..rows];
        if (Vector512.IsHardwareAccelerated && rows % Vector512<float>.Count == 0)
        {
            SumColumnsVectorised(values, rows, target);
            return;
        }

        target.Clear();
        for (var offset = 0; offset < values.Length; offset += rows)
        {
            TensorPrimitives.Add(target, values.Slice(offset, rows), target);
        }
    }

    // Up to four vectors of rows summed in registers across all columns: the same additions in the same order as
    // the loop above, without a load and store of the sum per column (conv1 has 10,816 columns per 16 images).
    private static void SumColumnsVectorised(ReadOnlySpan<float> values, int rows, Span<float> target)
    {
        const int Width = 16;
        ref var v = ref MemoryMarshal.GetReference(values);
        ref var t = ref MemoryMarshal.GetReference(target);
        for (var r = 0; r < rows; r += 4 * Width)
        {
            var vectors = Math.Min(4, (rows - r) / Width);
            Vector512<float> s0 = default, s1 = default, s2 = default, s3 = default;
            for (var offset = r; offset < values.Length; offset += rows)
            {
                s0 += Vector512.LoadUnsafe(ref v, (nuint)offset);
                if (vectors > 1)
                {
                    s1 += Vector512.LoadUnsafe(ref v, (nuint)(offset + Width));
                }

                if (vectors > 2)
                {
                    s2 += Vector512.LoadUnsafe(ref v, (nuint)(offset + (2 * Width)));
                }

                if (vectors > 3)
                {
                    s3 += Vector512.LoadUnsafe(ref v, (nuint)(offset + (3 * Width)));
                }
            }

            s0.StoreUnsafe(ref t, (nuint)r);
            if (vectors > 1)
            {
                s1.StoreUnsafe(ref t, (nuint)(r + Width));
            }

            if (vectors > 2)
            {
                s2.StoreUnsafe(ref t, (nuint)(r + (2 * Width)));
            }

            if (vectors > 3)
            {
                s3.StoreUnsafe(ref t, (nuint)(r + (3 * Width)));
            }
        }
    }
}
