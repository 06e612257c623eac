using System.Numerics.Tensors;

namespace MnistFunctional.Backend;

/// <summary>Bias reduction over the columns of a column-major (features × columns) array.</summary>
public static class Bias
{
    /// <summary>sum = Σ columns, summed in column order (a fixed reduction order keeps results bit-identical).</summary>
    public static void SumColumns(ReadOnlySpan<float> values, int rows, Span<float> sum)
    {
        var target = sum[..rows];
        target.Clear();
        for (var offset = 0; offset < values.Length; offset += rows)
        {
            TensorPrimitives.Add(target, values.Slice(offset, rows), target);
        }
    }
}
