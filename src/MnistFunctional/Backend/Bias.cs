using System.Numerics.Tensors;

namespace MnistFunctional.Backend;

/// <summary>Bias broadcast and reduction over the columns of a column-major (features × columns) array.</summary>
public static class Bias
{
    public static void AddToColumns(Span<float> values, ReadOnlySpan<float> bias)
    {
        var rows = bias.Length;
        for (var offset = 0; offset < values.Length; offset += rows)
        {
            var column = values.Slice(offset, rows);
            TensorPrimitives.Add(column, bias, column);
        }
    }

    /// <summary>Sums the columns in order (a fixed reduction order keeps results bit-identical).</summary>
    public static float[] SumColumns(ReadOnlySpan<float> values, int rows)
    {
        var sum = new float[rows];
        for (var offset = 0; offset < values.Length; offset += rows)
        {
            TensorPrimitives.Add(sum, values.Slice(offset, rows), sum);
        }

        return sum;
    }
}
